package io.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.spec.Process;
import io.jrun.spec.SpecDefaults;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exec's overrides of the container's process: what becomes a C string is checked, named as a flag. */
class ExecOptionsTest {
    private static final Process BASE = SpecDefaults.example().process();

    private static ExecOptions options(List<String> args, String cwd, List<String> env, String cgroup) {
        return new ExecOptions(null, args, cwd, env, false, null, List.of(), List.of(), false, null, null, false, null,
                null, 0, cgroup, false);
    }

    @Test
    void theOverridesMakeTheProcess() {
        Process p = options(List.of("ls", "-l"), "/tmp", List.of("TERM=dumb"), null).resolve(BASE);
        assertEquals(List.of("ls", "-l"), p.args());
        assertEquals("/tmp", p.cwd());
        assertTrue(p.env().contains("TERM=dumb") && !p.env().contains("TERM=xterm"), p.env()::toString);
    }

    @Test
    void aNulByteInAnOverrideIsRejectedWithItsName() {
        String nul = "contains a NUL byte (\\u0000), which a C string cannot hold";
        JrunException e = assertThrows(JrunException.class,
                () -> options(List.of("ls", "a\0b"), "/tmp\0/etc", List.of("A=1", "B=\0"), "sub\0").resolve(BASE));
        assertEquals(String.join("\n",
                "exec: args[1]: " + nul + ": \"a\\u0000b\"",
                "exec: --cwd: " + nul + ": \"/tmp\\u0000/etc\"",
                "exec: --env: " + nul + ": \"B=\\u0000\"",
                "exec: --cgroup: " + nul + ": \"sub\\u0000\""), e.getMessage());
    }

    @Test
    void aLongValueIsQuotedInPart() {
        String user = "u".repeat(10 * 1024 * 1024);
        ExecOptions o = new ExecOptions(null, List.of("ls"), null, null, false, user, List.of(), List.of(), false, null,
                null, false, null, null, 0, null, false);
        JrunException e = assertThrows(JrunException.class, () -> o.resolve(BASE));
        assertTrue(e.getMessage().length() < 300, () -> e.getMessage().length() + " characters");
        assertTrue(e.getMessage().startsWith("--user \"uuu") && e.getMessage().endsWith("more bytes): give numeric ids, UID[:GID]"),
                e::getMessage);
    }
}
