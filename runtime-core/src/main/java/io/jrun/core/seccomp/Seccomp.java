package io.jrun.core.seccomp;

/** The kernel's seccomp constants (linux/seccomp.h, linux/audit.h). */
public final class Seccomp {
    private Seccomp() {}

    public static final int SET_MODE_FILTER = 1;

    // Filter return values: the action in the high 16 bits, its data in the low ones.
    public static final int RET_KILL_PROCESS = 0x80000000;
    public static final int RET_KILL_THREAD = 0x00000000;
    public static final int RET_TRAP = 0x00030000;
    public static final int RET_ERRNO = 0x00050000;
    public static final int RET_USER_NOTIF = 0x7fc00000;
    public static final int RET_TRACE = 0x7ff00000;
    public static final int RET_LOG = 0x7ffc0000;
    public static final int RET_ALLOW = 0x7fff0000;
    public static final int RET_DATA = 0x0000ffff;

    public static final long FILTER_FLAG_TSYNC = 1L;
    public static final long FILTER_FLAG_LOG = 1L << 1;
    public static final long FILTER_FLAG_SPEC_ALLOW = 1L << 2;
    public static final long FILTER_FLAG_NEW_LISTENER = 1L << 3;
    public static final long FILTER_FLAG_TSYNC_ESRCH = 1L << 4;
    public static final long FILTER_FLAG_WAIT_KILLABLE_RECV = 1L << 5;

    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    public static final int AUDIT_ARCH_I386 = 0x40000003;
    public static final int AUDIT_ARCH_AARCH64 = 0xc00000b7;

    /** The kernel's limit on a classic BPF program (BPF_MAXINSNS). */
    public static final int MAX_INSNS = 4096;

    /** struct seccomp_data: int nr, u32 arch, u64 instruction_pointer, u64 args[6]. */
    public static final int DATA_NR = 0;
    public static final int DATA_ARCH = 4;
    public static final int DATA_ARGS = 16;
    public static final int DATA_SIZE = 64;
}
