package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.spec.Quote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors: the command's usage and a short error on stderr, nothing on stdout, no runtime call. */
class UsageErrorTest {
    @TempDir
    Path cwd;

    /** The error line logrus writes to stderr when there is no --log. */
    private static final Pattern ERROR_LINE = Pattern.compile(
            "time=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)\" level=error msg=(.*)\n");

    private CliRunner.Result usageError(int status, String usageOf, String message, String... args) {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run(args);
        assertEquals(status, r.status(), () -> "stderr: " + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: " + usageOf), () -> "stderr: " + r.err());
        String lastLine = r.err().substring(r.err().lastIndexOf('\n', r.err().length() - 2) + 1);
        var m = ERROR_LINE.matcher(lastLine);
        assertTrue(m.matches(), () -> "last line: " + lastLine);
        if (message != null) {
            assertEquals(message, m.group(2));
        }
        assertTrue(cli.runtime.calls.isEmpty(), () -> "runtime calls: " + cli.runtime.calls);
        return r;
    }

    /** The logged message (as logrus quotes it) of the last line of stderr. */
    private static String lastLineMessage(CliRunner.Result r) {
        String lastLine = r.err().substring(r.err().lastIndexOf('\n', r.err().length() - 2) + 1);
        var m = ERROR_LINE.matcher(lastLine);
        assertTrue(m.matches(), () -> "last line: " + lastLine);
        return m.group(2);
    }

    @Test
    void missingContainerIdExits1() {
        for (String command : new String[] {"create", "start", "run", "state", "kill", "delete"}) {
            usageError(1, "jrun " + command, "\"Missing required parameter: '<container-id>'\"", command);
        }
    }

    @Test
    void tooManyArgumentsExit1() {
        usageError(1, "jrun state", "\"Unmatched argument at index 2: 'b'\"", "state", "a", "b");
        usageError(1, "jrun kill", "\"Unmatched argument at index 3: 'extra'\"", "kill", "a", "9", "extra");
        usageError(1, "jrun list", "\"Unmatched argument at index 1: 'x'\"", "list", "x");
        usageError(1, "jrun spec", "\"Unmatched argument at index 1: 'x'\"", "spec", "x");
        usageError(1, "jrun features", "\"Unmatched argument at index 1: 'x'\"", "features", "x");
    }

    @Test
    void unknownFlagExits1() {
        usageError(1, "jrun list", "\"Unknown option: '--bogus'\"", "list", "--bogus");
        usageError(1, "jrun state", "\"Unknown option: '--bogus'\"", "state", "--bogus", "c1");
    }

    @Test
    void unknownGlobalFlagShowsTheMainUsage() {
        CliRunner.Result r = usageError(1, "jrun [global options]", "\"Unknown option: '--bogus'\"", "--bogus", "list");
        assertTrue(r.err().contains("  features  show the enabled features"), "lists every command: " + r.err());
    }

    @Test
    void flagWithoutItsValueExits1() {
        usageError(1, "jrun list", "\"Missing required parameter for option '--format' (<format>)\"", "list", "--format");
    }

    @Test
    void badNumberExits1() {
        usageError(1, "jrun create",
                "\"Invalid value for option '--preserve-fds': 'two' is not an int\"", "create", "--preserve-fds", "two", "c1");
        usageError(1, "jrun create",
                "\"invalid value \\\"-1\\\" for flag --preserve-fds: must not be negative\"", "create", "--preserve-fds", "-1", "c1");
    }

    @Test
    void unknownCommandExits3() {
        usageError(3, "jrun [global options]", "\"unknown command \\\"bogus\\\"\"", "bogus");
        usageError(3, "jrun [global options]", "\"unknown command \\\"bogus\\\"\"", "--root", "/tmp/x", "bogus", "--flag");
    }

    @Test
    void usageErrorsGoToTheLogFileToo() throws Exception {
        Path log = cwd.resolve("jrun.log");
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("--log", log.toString(), "--log-format", "json", "state");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Usage: jrun state"));
        assertTrue(r.err().endsWith("\nMissing required parameter: '<container-id>'\n"), r.err());
        assertTrue(Files.readString(log).matches(
                "\\{\"level\":\"error\",\"msg\":\"Missing required parameter: '\\\\u003ccontainer-id\\\\u003e'\",\"time\":\"[^\"]+\"}\n"),
                () -> "log: " + r);
    }

    @Test
    void aLongArgumentIsQuotedInPart() {
        // an argument can be 128 KiB (MAX_ARG_STRLEN); the error shows about 200 characters of it
        String z = "z".repeat(128 * 1024 - 1);
        assertBounded("\"Unknown option: '--zzz", usageError(1, "jrun list", null, "list", "--" + z));
        assertBounded("\"Invalid value for option '--preserve-fds': 'zzz",
                usageError(1, "jrun create", null, "create", "--preserve-fds", z, "c1"));
        assertBounded("\"unknown command \\\"zzz", usageError(3, "jrun [global options]", null, z));
    }

    private static void assertBounded(String start, CliRunner.Result r) {
        String message = lastLineMessage(r);
        assertTrue(message.length() < 2 * Quote.MAX, () -> message.length() + " characters: " + message);
        assertTrue(message.startsWith(start) && message.contains("more bytes)"), message);
    }
}
