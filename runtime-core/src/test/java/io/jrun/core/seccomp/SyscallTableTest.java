package io.jrun.core.seccomp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated table (runtime-core/src/main/scripts/gen-syscall-table.py) is what the kernel
 * headers installed here say: x86's asm/unistd_{64,32,x32}.h, and asm-generic/unistd.h as
 * arm64 builds it (through the C preprocessor with arm64's defines).
 */
class SyscallTableTest {
    private static final Path X86 = Path.of("/usr/include/x86_64-linux-gnu/asm");
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+__NR_(\\w+)\\s+(.+?)\\s*$");

    @Test
    void x86_64IsUnistd64() throws IOException {
        assertEquals(headers(Files.readAllLines(X86.resolve("unistd_64.h"))), table(Abi.X86_64));
    }

    @Test
    void x86IsUnistd32() throws IOException {
        assertEquals(headers(Files.readAllLines(X86.resolve("unistd_32.h"))), table(Abi.X86));
    }

    @Test
    void x32IsUnistdX32WithTheX32Bit() throws IOException {
        Map<String, Integer> want = headers(Files.readAllLines(X86.resolve("unistd_x32.h")));
        assertEquals(want, table(Abi.X32));
        assertEquals(Abi.X32_SYSCALL_BIT, Abi.X32.number("read"));
    }

    @Test
    void aarch64IsAsmGenericAsArm64BuildsIt() throws Exception {
        Process p = new ProcessBuilder("cpp", "-P", "-dM", "-D__BITS_PER_LONG=64", "-D__ARCH_WANT_RENAMEAT",
                "-D__ARCH_WANT_NEW_STAT", "-D__ARCH_WANT_SET_GET_RLIMIT", "-D__ARCH_WANT_TIME32_SYSCALLS",
                "-D__ARCH_WANT_SYS_CLONE3", "-D__ARCH_WANT_MEMFD_SECRET", "/usr/include/asm-generic/unistd.h")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<String, Integer> want = headers(out.lines().toList());
        assertEquals(want, table(Abi.AARCH64));
        // a few numbers as arm64 has them, whatever the preprocessor did
        assertEquals(56, Abi.AARCH64.number("openat"));
        assertEquals(79, Abi.AARCH64.number("newfstatat"));
        assertEquals(435, Abi.AARCH64.number("clone3"));
        assertEquals(-1, Abi.AARCH64.number("open"));
    }

    private static Map<String, Integer> table(Abi abi) {
        Map<String, Integer> out = new TreeMap<>();
        for (String n : SyscallTable.NAMES) {
            if (abi.number(n) >= 0) {
                out.put(n, abi.number(n));
            }
        }
        return out;
    }

    /** name -> number of the __NR_ macros, following one macro to another. */
    private static Map<String, Integer> headers(List<String> lines) {
        Map<String, String> macros = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            Matcher m = Pattern.compile("^#define\\s+(\\w+)\\s+(.+?)\\s*$").matcher(line);
            if (m.matches()) {
                macros.put(m.group(1), m.group(2));
            }
            Matcher d = DEFINE.matcher(line);
            if (d.matches() && !d.group(1).equals("syscalls") && !d.group(1).equals("arch_specific_syscall")) {
                names.add(d.group(1));
            }
        }
        Map<String, Integer> out = new TreeMap<>();
        for (String n : names) {
            out.put(n, value(macros.get("__NR_" + n), macros));
        }
        return out;
    }

    private static int value(String expr, Map<String, String> macros) {
        String e = expr.trim();
        while (e.startsWith("(") && e.endsWith(")")) {
            e = e.substring(1, e.length() - 1).trim();
        }
        if (e.matches("\\d+")) {
            return Integer.parseInt(e);
        }
        Matcher x32 = Pattern.compile("__X32_SYSCALL_BIT\\s*\\+\\s*(\\d+)").matcher(e);
        if (x32.matches()) {
            return Abi.X32_SYSCALL_BIT + Integer.parseInt(x32.group(1));
        }
        return value(macros.get(e), macros);
    }
}
