package io.jrun.core.seccomp;

import io.jrun.api.JrunException;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What compiled profiles decide, run through {@link SeccompEmulator}; and the errors. */
class SeccompCompilerTest {
    static final int ALLOW = Seccomp.RET_ALLOW;
    static final int EPERM = Seccomp.RET_ERRNO | 1;
    static final int ENOSYS = Seccomp.RET_ERRNO | 38;
    static final int KILL_THREAD = Seccomp.RET_KILL_THREAD;

    static LinuxSeccompArg arg(int index, String op, long value) {
        return new LinuxSeccompArg(index, value, 0, "SCMP_CMP_" + op);
    }

    static LinuxSeccompArg masked(int index, long mask, long value) {
        return new LinuxSeccompArg(index, mask, value, "SCMP_CMP_MASKED_EQ");
    }

    static LinuxSyscall rule(String action, List<String> names, LinuxSeccompArg... args) {
        return new LinuxSyscall(names, "SCMP_ACT_" + action, null, args.length == 0 ? null : List.of(args));
    }

    static LinuxSyscall rule(String action, String name, LinuxSeccompArg... args) {
        return rule(action, List.of(name), args);
    }

    static LinuxSeccomp profile(String defaultAction, List<String> arches, LinuxSyscall... rules) {
        return new LinuxSeccomp("SCMP_ACT_" + defaultAction, null, arches, null, null, null, List.of(rules));
    }

    static LinuxSeccomp profile(LinuxSyscall... rules) {
        return profile("ERRNO", List.of(), rules);
    }

    static SeccompCompiler.Compiled compile(LinuxSeccomp s) {
        return SeccompCompiler.compile(s, Abi.X86_64, f -> true);
    }

    /** The decision for {@code name} on {@code abi}. */
    static int decide(LinuxSeccomp s, Abi abi, String name, long... args) {
        return new SeccompEmulator(compile(s).program()).run(abi.auditArch(), abi.number(name), args);
    }

    static int decide(LinuxSeccomp s, String name, long... args) {
        return decide(s, Abi.X86_64, name, args);
    }

    static void assertDecides(int want, LinuxSeccomp s, Abi abi, String name, long... args) {
        assertEquals(SeccompCompiler.describe(want), SeccompCompiler.describe(decide(s, abi, name, args)),
                name + Arrays.toString(Arrays.stream(args).mapToObj(Long::toHexString).toArray()) + " on " + abi);
    }

    static void assertDecides(int want, LinuxSeccomp s, String name, long... args) {
        assertDecides(want, s, Abi.X86_64, name, args);
    }

    // ---------------------------------------------------------------------------------------
    // operators

    private static final long[] PROBES = {0, 4, 5, 6, 0xffffffffL, 0x100000000L, 0x100000004L, 0x100000005L, 0x100000006L,
            0x1ffffffffL, 0x200000005L, 0x7fffffffffffffffL, 0x8000000000000000L, -1L};

    private static boolean holds(String op, long arg, long v) {
        return switch (op) {
            case "EQ" -> arg == v;
            case "NE" -> arg != v;
            case "LT" -> Long.compareUnsigned(arg, v) < 0;
            case "LE" -> Long.compareUnsigned(arg, v) <= 0;
            case "GT" -> Long.compareUnsigned(arg, v) > 0;
            case "GE" -> Long.compareUnsigned(arg, v) >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    @Test
    void everyOperatorComparesAll64Bits() {
        for (String op : List.of("EQ", "NE", "LT", "LE", "GT", "GE")) {
            for (long v : new long[] {5, 0x100000005L, 0x8000000000000000L, -1L}) {
                LinuxSeccomp s = profile(rule("ALLOW", "personality", arg(3, op, v)));
                for (long a : PROBES) {
                    assertDecides(holds(op, a, v) ? ALLOW : EPERM, s, "personality", 0, 0, 0, a);
                }
            }
        }
    }

    @Test
    void maskedEqualComparesTheMaskedBitsOfBothHalves() {
        // value is the mask and valueTwo the value (libseccomp's datum_a and datum_b)
        LinuxSeccomp s = profile(rule("ALLOW", "personality", masked(0, 0xff000000ff00L, 0x120000003400L)));
        assertDecides(ALLOW, s, "personality", 0x120000003400L);
        assertDecides(ALLOW, s, "personality", 0xff12ff00ff34ffL);
        assertDecides(EPERM, s, "personality", 0x130000003400L);
        assertDecides(EPERM, s, "personality", 0x120000003500L);
        // Docker's clone rule: no namespace flag
        LinuxSeccomp clone = profile(rule("ALLOW", "clone", masked(0, 2114060288, 0)));
        assertDecides(ALLOW, clone, "clone", 0x11 /* SIGCHLD */);
        assertDecides(EPERM, clone, "clone", 0x20000 /* CLONE_NEWNS */);
        assertDecides(EPERM, clone, "clone", 0x10000000 /* CLONE_NEWUSER */);
    }

    @Test
    void x86AndX32CompareTheLow32BitsAsLibseccompDoes() {
        LinuxSeccomp s = profile("ERRNO", List.of("SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                rule("ALLOW", "personality", arg(0, "EQ", 0x100000005L)),
                rule("ALLOW", "mmap", arg(1, "GT", 0x10)));
        for (Abi abi : List.of(Abi.X86, Abi.X32)) {
            assertDecides(ALLOW, s, abi, "personality", 5);
            assertDecides(ALLOW, s, abi, "personality", 0x700000005L);
            assertDecides(EPERM, s, abi, "personality", 6);
            assertDecides(ALLOW, s, abi, "mmap", 0, 0x11);
            assertDecides(EPERM, s, abi, "mmap", 0, 0x100000000L);
        }
        assertDecides(EPERM, s, Abi.X86_64, "personality", 5);
        assertDecides(ALLOW, s, Abi.X86_64, "mmap", 0, 0x100000000L);
    }

    // ---------------------------------------------------------------------------------------
    // AND and OR

    @Test
    void theArgsOfOneRuleMustAllHold() {
        LinuxSeccomp s = profile(rule("ALLOW", "socket", arg(0, "EQ", 1), arg(2, "NE", 0)));
        assertDecides(ALLOW, s, "socket", 1, 0, 7);
        assertDecides(EPERM, s, "socket", 1, 0, 0);
        assertDecides(EPERM, s, "socket", 2, 0, 7);
    }

    @Test
    void rulesForOneSyscallAreAlternatives() {
        LinuxSeccomp s = profile(
                rule("ALLOW", "personality", arg(0, "EQ", 0)),
                rule("ALLOW", "personality", arg(0, "EQ", 8)),
                rule("LOG", "personality", arg(1, "GT", 100)));
        assertDecides(ALLOW, s, "personality", 0);
        assertDecides(ALLOW, s, "personality", 8);
        assertDecides(Seccomp.RET_LOG, s, "personality", 3, 101);
        assertDecides(EPERM, s, "personality", 3, 100);
    }

    @Test
    void twoConditionsOnOneArgumentAreAlternativesAsInRunc() {
        LinuxSeccomp s = profile(rule("ALLOW", "personality", arg(0, "EQ", 1), arg(0, "EQ", 2)));
        assertDecides(ALLOW, s, "personality", 1);
        assertDecides(ALLOW, s, "personality", 2);
        assertDecides(EPERM, s, "personality", 3);
    }

    @Test
    void overlappingRulesAreTriedInLibseccompsOrder() {
        // not the file's order: the higher argument first, then == before < before >, then the higher value
        LinuxSeccomp s = profile(
                rule("LOG", "personality", arg(0, "GE", 1)),
                rule("TRAP", "personality", arg(0, "GE", 10)),
                rule("ALLOW", "personality", arg(1, "EQ", 7)));
        assertDecides(Seccomp.RET_ALLOW, s, "personality", 20, 7);
        assertDecides(Seccomp.RET_TRAP, s, "personality", 20, 0);
        assertDecides(Seccomp.RET_LOG, s, "personality", 5, 0);
    }

    @Test
    void anUnconditionalRuleWinsAndTheFirstOneAmongThem() {
        LinuxSeccomp s = profile(
                rule("ALLOW", "personality", arg(0, "EQ", 8)),
                rule("LOG", "personality"),
                rule("TRAP", "personality"));
        assertDecides(Seccomp.RET_LOG, s, "personality", 8);
        assertDecides(Seccomp.RET_LOG, s, "personality", 9);
    }

    @Test
    void aRuleWithTheDefaultActionIsDroppedAsRuncDropsIt() {
        // kept, the == rule would come first and decide EPERM for 8
        LinuxSeccomp s = profile(
                rule("ERRNO", "personality", arg(0, "EQ", 8)),
                rule("ALLOW", "personality", arg(0, "LE", 10)));
        assertDecides(ALLOW, s, "personality", 8);
    }

    // ---------------------------------------------------------------------------------------
    // actions

    @Test
    void everyActionReturnsTheKernelsValue() {
        record Case(String action, Long errno, int ret) {}
        for (Case c : List.of(
                new Case("SCMP_ACT_KILL", null, Seccomp.RET_KILL_THREAD),
                new Case("SCMP_ACT_KILL_THREAD", null, Seccomp.RET_KILL_THREAD),
                new Case("SCMP_ACT_KILL_PROCESS", null, Seccomp.RET_KILL_PROCESS),
                new Case("SCMP_ACT_TRAP", null, Seccomp.RET_TRAP),
                new Case("SCMP_ACT_ERRNO", null, Seccomp.RET_ERRNO | 1),
                new Case("SCMP_ACT_ERRNO", 38L, Seccomp.RET_ERRNO | 38),
                new Case("SCMP_ACT_TRACE", null, Seccomp.RET_TRACE | 1),
                new Case("SCMP_ACT_TRACE", 7L, Seccomp.RET_TRACE | 7),
                new Case("SCMP_ACT_ALLOW", null, Seccomp.RET_ALLOW),
                new Case("SCMP_ACT_LOG", null, Seccomp.RET_LOG),
                new Case("SCMP_ACT_NOTIFY", null, Seccomp.RET_USER_NOTIF))) {
            LinuxSeccomp s = new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of(), null, "/run/agent.sock", null,
                    List.of(new LinuxSyscall(List.of("getppid"), c.action(), c.errno(), null)));
            assertDecides(c.ret(), s, "getppid");
            assertDecides(ALLOW, s, "getpid");
            // and as the default action
            if (!c.action().equals("SCMP_ACT_NOTIFY")) {
                LinuxSeccomp d = new LinuxSeccomp(c.action(), c.errno(), List.of(), null, null, null,
                        List.of(rule("ALLOW", "getpid")));
                assertDecides(c.ret(), d, "getppid");
            }
        }
    }

    @Test
    void theDefaultErrnoIsDefaultErrnoRet() {
        LinuxSeccomp s = new LinuxSeccomp("SCMP_ACT_ERRNO", 38L, List.of(), null, null, null, List.of(rule("ALLOW", "read")));
        assertDecides(ENOSYS, s, "keyctl");
    }

    // ---------------------------------------------------------------------------------------
    // architectures

    @Test
    void anArchitectureTheFilterDoesNotKnowIsKilled() {
        LinuxSeccomp s = profile(rule("ALLOW", "read"));
        SeccompEmulator e = new SeccompEmulator(compile(s).program());
        assertEquals(KILL_THREAD, e.run(0x40000028 /* AUDIT_ARCH_ARM */, 3));
        assertEquals(KILL_THREAD, e.run(Seccomp.AUDIT_ARCH_I386, 3)); // not listed
        assertEquals(KILL_THREAD, e.run(Seccomp.AUDIT_ARCH_AARCH64, 63));
        assertEquals(ALLOW, e.run(Seccomp.AUDIT_ARCH_X86_64, 0));
    }

    @Test
    void x32SyscallsOnX86_64AreABadArchUnlessX32IsListed() {
        LinuxSeccomp without = profile("ERRNO", List.of("SCMP_ARCH_X86_64"), rule("ALLOW", "read"));
        assertDecides(KILL_THREAD, without, Abi.X32, "read");
        assertEquals(SeccompCompiler.describe(EPERM), SeccompCompiler.describe(
                new SeccompEmulator(compile(without).program()).run(Seccomp.AUDIT_ARCH_X86_64, -1)), "-1 is not x32");
        LinuxSeccomp with = profile("ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32"), rule("ALLOW", List.of("read", "rt_sigaction")));
        assertDecides(ALLOW, with, Abi.X32, "read");
        assertDecides(ALLOW, with, Abi.X32, "rt_sigaction"); // x32's own number, 512
        assertEquals(Abi.X32_SYSCALL_BIT + 512, Abi.X32.number("rt_sigaction"));
        assertDecides(EPERM, with, Abi.X32, "write");
        assertDecides(ALLOW, with, Abi.X86_64, "read");
    }

    @Test
    void theSameNamesMeanEachArchitecturesNumbers() {
        LinuxSeccomp s = profile("ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"),
                rule("ALLOW", List.of("openat", "chown32")));
        for (Abi abi : List.of(Abi.X86_64, Abi.X86, Abi.AARCH64)) {
            assertDecides(ALLOW, s, abi, "openat");
            assertDecides(EPERM, s, abi, "dup"); // below openat everywhere: above it is the stub's ENOSYS
        }
        assertDecides(ALLOW, s, Abi.X86, "chown32");
    }

    @Test
    void onX86ASocketCallRuleAlsoCoversSocketcall() {
        LinuxSeccomp s = profile("ERRNO", List.of("SCMP_ARCH_X86"), rule("ALLOW", List.of("socket", "connect")));
        SeccompEmulator e = new SeccompEmulator(compile(s).program());
        int socketcall = Abi.X86.number("socketcall");
        assertEquals(ALLOW, e.run(Seccomp.AUDIT_ARCH_I386, socketcall, 1 /* SYS_SOCKET */));
        assertEquals(ALLOW, e.run(Seccomp.AUDIT_ARCH_I386, socketcall, 3 /* SYS_CONNECT */));
        assertEquals(EPERM, e.run(Seccomp.AUDIT_ARCH_I386, socketcall, 2 /* SYS_BIND */));
        assertDecides(ALLOW, s, Abi.X86, "socket");
        assertDecides(EPERM, s, Abi.X86, "bind");
    }

    @Test
    void aSyscallAboveTheHighestTheProfileNamesGetsEnosysAsInRunc() {
        LinuxSeccomp s = profile("ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32"), rule("ALLOW", List.of("read", "openat2")));
        SeccompEmulator e = new SeccompEmulator(compile(s).program());
        int openat2 = Abi.X86_64.number("openat2");
        assertEquals(EPERM, e.run(Seccomp.AUDIT_ARCH_X86_64, openat2 - 1));
        assertEquals(ENOSYS, e.run(Seccomp.AUDIT_ARCH_X86_64, openat2 + 1));
        assertEquals(ENOSYS, e.run(Seccomp.AUDIT_ARCH_X86_64, Abi.X32_SYSCALL_BIT + openat2 + 1));
        // not with a permissive default, and not for an architecture the profile does not list
        LinuxSeccomp permissive = profile("LOG", List.of("SCMP_ARCH_X86_64"), rule("ERRNO", "openat2"));
        assertEquals(Seccomp.RET_LOG, new SeccompEmulator(compile(permissive).program()).run(Seccomp.AUDIT_ARCH_X86_64, openat2 + 1));
        LinuxSeccomp unlisted = profile(rule("ALLOW", "read"));
        assertEquals(EPERM, new SeccompEmulator(compile(unlisted).program()).run(Seccomp.AUDIT_ARCH_X86_64, 400));
    }

    @Test
    void unknownSyscallNamesAndOtherArchitecturesAreSkipped() {
        LinuxSeccomp s = profile("ERRNO", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_ARM", "SCMP_ARCH_S390X"),
                rule("ALLOW", List.of("read", "no_such_syscall", "arm_fadvise64_64")));
        assertDecides(ALLOW, s, "read");
    }

    // ---------------------------------------------------------------------------------------
    // flags

    @Test
    void flagsAreSeccompFlags() {
        LinuxSeccomp s = new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of(), List.of("SECCOMP_FILTER_FLAG_TSYNC",
                "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"), null, null, List.of());
        assertEquals(Seccomp.FILTER_FLAG_LOG | Seccomp.FILTER_FLAG_SPEC_ALLOW, compile(s).flags());
        LinuxSeccomp notify = new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of(), List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
                "/run/agent.sock", "meta", List.of(rule("NOTIFY", "mkdirat")));
        SeccompCompiler.Compiled c = compile(notify);
        assertEquals(Seccomp.FILTER_FLAG_NEW_LISTENER | Seccomp.FILTER_FLAG_WAIT_KILLABLE_RECV, c.flags());
        assertTrue(c.hasListener());
        assertEquals("/run/agent.sock", c.listenerPath());
        assertEquals("meta", c.listenerMetadata());
    }

    @Test
    void theKernelIsAskedWhichFlagsItTakes() {
        // this kernel (5.19 or later) takes them all
        for (String f : SeccompCompiler.FLAGS) {
            assertTrue(KernelSeccomp.supportedFlags().contains(f), f);
        }
        LinuxSeccomp s = new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of(), List.of("SECCOMP_FILTER_FLAG_LOG"), null, null, List.of());
        JrunException e = assertThrows(JrunException.class, () -> SeccompCompiler.compile(s, Abi.X86_64, f -> false));
        assertEquals("linux.seccomp.flags[0]: SECCOMP_FILTER_FLAG_LOG is not supported by this kernel", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------
    // errors

    private static String error(LinuxSeccomp s) {
        return assertThrows(JrunException.class, () -> compile(s)).getMessage();
    }

    @Test
    void badProfilesAreErrorsNamingTheJsonPath() {
        assertEquals("linux.seccomp.syscalls[1].action: unknown action \"SCMP_ACT_MAYBE\"; one of SCMP_ACT_KILL, "
                + "SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, "
                + "SCMP_ACT_LOG, SCMP_ACT_NOTIFY", error(profile(rule("ALLOW", "read"), rule("MAYBE", "write"))));
        assertEquals("linux.seccomp.defaultAction: missing; one of SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, "
                + "SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY",
                error(new LinuxSeccomp(null, null, null, null, null, null, null)));
        assertEquals("linux.seccomp.syscalls[0].args[1].op: unknown operator \"SCMP_CMP_SIMILAR\"; one of SCMP_CMP_NE, "
                + "SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ",
                error(profile(rule("ALLOW", "read", arg(0, "EQ", 1), arg(1, "SIMILAR", 2)))));
        assertEquals("linux.seccomp.syscalls[0].args[0].index: 6 is not an argument index (0 to 5)",
                error(profile(rule("ALLOW", "read", arg(6, "EQ", 1)))));
        assertEquals("linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"; one of SCMP_ARCH_X86_64, "
                + "SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_AARCH64 (or another SCMP_ARCH_* of libseccomp)",
                error(profile("ERRNO", List.of("SCMP_ARCH_X86", "SCMP_ARCH_Z80"))));
        assertEquals("linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\"; one of SECCOMP_FILTER_FLAG_TSYNC, "
                + "SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
                error(new LinuxSeccomp("SCMP_ACT_ALLOW", null, null, List.of("SECCOMP_FILTER_FLAG_FAST"), null, null, null)));
        assertEquals("linux.seccomp.syscalls[0].errnoRet: 70000 does not fit the 16 bits of a seccomp action",
                error(profile(new LinuxSyscall(List.of("read"), "SCMP_ACT_ERRNO", 70000L, null))));
        assertEquals("linux.seccomp.syscalls[0].names[1]: empty syscall name", error(profile(rule("ALLOW", List.of("read", "")))));
    }

    @Test
    void notifyNeedsAListenerAndNotTheChildsOwnCalls() {
        assertEquals("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action (jrun itself writes to its "
                + "parent after loading the filter)", error(profile("NOTIFY", List.of())));
        assertEquals("linux.seccomp.listenerPath: a rule uses SCMP_ACT_NOTIFY, so a listener socket is needed",
                error(profile(rule("NOTIFY", "mkdirat"))));
        assertEquals("linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for write (jrun's own last steps "
                + "call it before the listener has the notify fd)", error(new LinuxSeccomp("SCMP_ACT_ALLOW", null, null, null,
                "/run/agent.sock", null, List.of(rule("NOTIFY", List.of("mkdirat", "write"))))));
        assertEquals("linux.seccomp.flags[0]: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs a rule with SCMP_ACT_NOTIFY (the "
                + "kernel refuses it without a listener)", error(new LinuxSeccomp("SCMP_ACT_ALLOW", null, null,
                List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), null, null, null)));
    }

    @Test
    void aProgramOverTheKernelsLimitIsAClearError() {
        List<LinuxSyscall> rules = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            rules.add(rule("ALLOW", "personality", arg(0, "EQ", i), arg(1, "EQ", i)));
        }
        assertEquals("linux.seccomp: the profile compiles to 8881 BPF instructions, more than the kernel's limit of 4096; "
                + "use fewer rules with arguments", error(profile(rules.toArray(LinuxSyscall[]::new))));
    }
}
