package io.jrun.core.seccomp;

import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.Quote;
import io.jrun.sys.Errno;

import java.util.List;

/**
 * Compiles {@code linux.seccomp} into the classic BPF program and the seccomp(2) flags that
 * runc would load for it: runc builds the filter with libseccomp and puts its -ENOSYS stub in
 * front; jrun builds the same decisions itself.
 *
 * <p>What the program decides, in order:
 * <ol>
 *   <li>An ABI the filter does not know gets libseccomp's bad-arch action, KILL_THREAD. The
 *       filter knows the machine's ABI and those in {@code architectures}. On x86_64 without x32,
 *       a syscall number with the x32 bit (other than -1) is a bad arch too.</li>
 *   <li>runc's stub: unless the default action is ALLOW, LOG or TRACE, a syscall numbered above
 *       the highest one the profile names for a listed ABI fails with ENOSYS (a syscall newer than
 *       the profile should look missing, so that libc falls back, not forbidden).</li>
 *   <li>A syscall with an unconditional rule gets the first such rule's action (libseccomp keeps
 *       the first and lets it override any rule with arguments). Otherwise its rules with argument
 *       conditions are tried in the order of libseccomp's tree, not the file's: by their first
 *       condition, the higher argument first, then the operator (==, != and masked == before &lt;,
 *       &lt;= before &gt;, &gt;=), then the higher value (the lower for &lt; and &lt;=), each 64-bit
 *       value compared by its high half first; where two rules test the same thing they are told
 *       apart by their next condition, and otherwise the file's order stands. The first rule whose
 *       conditions all hold decides. Several args of one rule must all hold; several rules are
 *       alternatives. Two conditions on the same argument make separate rules (runc does that).
 *       Comparisons are exact on all 64 bits, where libseccomp 2.5 errs on some overlaps of
 *       &lt;, &lt;=, &gt;, &gt;= rules; and rules with != on values of different high halves that
 *       overlap with different actions can end otherwise than in libseccomp, which shares the
 *       high-half test between them.</li>
 *   <li>Everything else gets the default action.</li>
 * </ol>
 * A rule whose action is the default action is dropped, as runc drops it. On x86 and x32,
 * libseccomp's 32-bit ABIs, an argument condition looks at the low 32 bits; on x86_64 and
 * aarch64 at all 64. A rule for a socket or System V IPC call on x86 also covers socketcall(2)
 * or ipc(2) with that call as the first argument.
 *
 * <p>The syscalls are found by a binary search over ranges of syscall numbers, so a profile of
 * several hundred syscalls costs a few dozen instructions per syscall at most.
 *
 * <p>The work is done in three steps, one class each: {@link SeccompRules} checks the profile and
 * turns it into rule records, {@link SyscallRanges} decides per AUDIT_ARCH and range of syscall
 * numbers (with {@link LibseccompOrder} for the order of rules with arguments), and
 * {@link FilterCode} generates the BPF code. This class is the entry point and holds the names a
 * profile can use.
 */
public final class SeccompCompiler {
    private static final Log log = Log.of(SeccompCompiler.class);

    static final String PATH = "linux.seccomp";

    /**
     * A compiled filter.
     *
     * @param program  the BPF instructions (8 bytes each, native order)
     * @param flags    the seccomp(2) SECCOMP_SET_MODE_FILTER flags, NEW_LISTENER included when
     *                 a rule uses SCMP_ACT_NOTIFY
     * @param listenerPath     where the notify fd goes ({@code linux.seccomp.listenerPath}), or null
     * @param listenerMetadata {@code linux.seccomp.listenerMetadata}, or null
     */
    public record Compiled(byte[] program, long flags, String listenerPath, String listenerMetadata) {
        public int instructions() {
            return program.length / 8;
        }

        /** Whether seccomp(2) returns a notify fd that goes to {@link #listenerPath()}. */
        public boolean hasListener() {
            return (flags & Seccomp.FILTER_FLAG_NEW_LISTENER) != 0;
        }
    }

    private SeccompCompiler() {}

    /** Compiles for this machine and its kernel. */
    public static Compiled compile(LinuxSeccomp seccomp) {
        return compile(seccomp, Abi.host(), KernelSeccomp::supportsFlag);
    }

    /** Which SECCOMP_FILTER_FLAG_* the kernel takes. */
    interface FlagSupport {
        boolean supports(long flag);
    }

    static Compiled compile(LinuxSeccomp s, Abi host, FlagSupport kernel) {
        SeccompRules rules = SeccompRules.of(s, host, kernel);
        byte[] program = FilterCode.program(new SyscallRanges(rules));
        int n = program.length / 8;
        if (n > Seccomp.MAX_INSNS) {
            throw error(PATH, "the profile compiles to " + n + " BPF instructions, more than the kernel's limit of "
                    + Seccomp.MAX_INSNS + "; use fewer rules with arguments");
        }
        log.debug("seccomp: {} BPF instructions, flags 0x{}", n, Long.toHexString(rules.flags()));
        return new Compiled(program, rules.flags(), s.listenerPath(), s.listenerMetadata());
    }

    // ---------------------------------------------------------------------------------------
    // The names a profile can use

    /** The actions a profile can name, in the features document's order. */
    public static final List<String> ACTIONS = List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    public static final List<String> OPERATORS = List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    /** The flags jrun knows; TSYNC is accepted and means nothing (the child has one thread), as in runc. */
    public static final List<String> FLAGS = List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    static long flagValue(String name) {
        return switch (name) {
            case "SECCOMP_FILTER_FLAG_TSYNC" -> Seccomp.FILTER_FLAG_TSYNC;
            case "SECCOMP_FILTER_FLAG_LOG" -> Seccomp.FILTER_FLAG_LOG;
            case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> Seccomp.FILTER_FLAG_SPEC_ALLOW;
            case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> Seccomp.FILTER_FLAG_WAIT_KILLABLE_RECV;
            default -> 0;
        };
    }

    static JrunException error(String path, String what) {
        return new JrunException(path + ": " + what);
    }

    static int action(String name, Long errnoRet, String path, String errnoPath) {
        if (name == null || name.isEmpty()) {
            throw error(path, "missing; one of " + String.join(", ", ACTIONS));
        }
        int data = Errno.EPERM; // runc's default errno for ERRNO and TRACE
        if (errnoRet != null && (name.equals("SCMP_ACT_ERRNO") || name.equals("SCMP_ACT_TRACE"))) {
            if (errnoRet < 0 || errnoRet > Seccomp.RET_DATA) {
                throw error(errnoPath, Long.toUnsignedString(errnoRet) + " does not fit the 16 bits of a seccomp action");
            }
            data = (int) (long) errnoRet;
        }
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> Seccomp.RET_KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> Seccomp.RET_KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> Seccomp.RET_TRAP;
            case "SCMP_ACT_ERRNO" -> Seccomp.RET_ERRNO | data;
            case "SCMP_ACT_TRACE" -> Seccomp.RET_TRACE | data;
            case "SCMP_ACT_ALLOW" -> Seccomp.RET_ALLOW;
            case "SCMP_ACT_LOG" -> Seccomp.RET_LOG;
            case "SCMP_ACT_NOTIFY" -> Seccomp.RET_USER_NOTIF;
            default -> throw error(path, "unknown action " + Quote.value(name) + "; one of " + String.join(", ", ACTIONS));
        };
    }

    /** libseccomp's (and the kernel's) name of a return value, for descriptions. */
    static String describe(int action) {
        int data = action & Seccomp.RET_DATA;
        return switch (action & 0xffff0000) {
            case Seccomp.RET_KILL_PROCESS -> "KILL_PROCESS";
            case Seccomp.RET_KILL_THREAD -> "KILL_THREAD";
            case Seccomp.RET_TRAP -> "TRAP";
            case Seccomp.RET_ERRNO -> "ERRNO(" + data + ")";
            case Seccomp.RET_TRACE -> "TRACE(" + data + ")";
            case Seccomp.RET_LOG -> "LOG";
            case Seccomp.RET_ALLOW -> "ALLOW";
            case Seccomp.RET_USER_NOTIF -> "NOTIFY";
            default -> "0x" + Integer.toHexString(action);
        };
    }
}
