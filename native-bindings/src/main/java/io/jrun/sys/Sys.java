package io.jrun.sys;

/**
 * Linux syscall numbers for the running architecture. The fields are plain statics (not
 * compile-time constants) because they depend on {@link Arch}; they are read once per use.
 */
public final class Sys {
    private Sys() {}

    private static final boolean X86 = Arch.current() == Arch.X86_64;

    private static long n(long x86, long arm) {
        return X86 ? x86 : arm;
    }

    public static final long READ = n(0, 63);
    public static final long WRITE = n(1, 64);
    public static final long CLOSE = n(3, 57);
    public static final long IOCTL = n(16, 29);
    public static final long GETPID = n(39, 172);
    public static final long EXECVE = n(59, 221);
    public static final long KILL = n(62, 129);
    public static final long FCNTL = n(72, 25);
    public static final long GETCWD = n(79, 17);
    public static final long CHDIR = n(80, 49);
    public static final long FCHDIR = n(81, 50);
    public static final long UMASK = n(95, 166);
    public static final long FCHOWN = n(93, 55);
    public static final long SETSID = n(112, 157);
    public static final long SETGROUPS = n(116, 159);
    public static final long SETRESUID = n(117, 147);
    public static final long SETRESGID = n(119, 149);
    public static final long CAPSET = n(126, 91);
    public static final long PIVOT_ROOT = n(155, 41);
    public static final long PRCTL = n(157, 167);
    public static final long CHROOT = n(161, 51);
    public static final long MOUNT = n(165, 40);
    public static final long UMOUNT2 = n(166, 39);
    public static final long SETHOSTNAME = n(170, 161);
    public static final long SETDOMAINNAME = n(171, 162);
    public static final long SOCKET = n(41, 198);
    public static final long EXIT_GROUP = n(231, 94);
    public static final long OPENAT = n(257, 56);
    public static final long MKDIRAT = n(258, 34);
    public static final long MKNODAT = n(259, 33);
    public static final long FCHOWNAT = n(260, 54);
    public static final long UNLINKAT = n(263, 35);
    public static final long SYMLINKAT = n(266, 36);
    public static final long FCHMODAT = n(268, 53);
    public static final long UNSHARE = n(272, 97);
    public static final long DUP3 = n(292, 24);
    public static final long PIPE2 = n(293, 59);
    public static final long PRLIMIT64 = n(302, 261);
    public static final long SETNS = n(308, 268);
    public static final long SECCOMP = n(317, 277);
    public static final long BPF = n(321, 280);
    public static final long EXECVEAT = n(322, 281);
    public static final long MEMFD_CREATE = n(319, 279);
    public static final long FUTEX = n(202, 98);
    public static final long MADVISE = n(28, 233);
    public static final long KEYCTL = n(250, 219);
    public static final long FACCESSAT = n(269, 48);
    public static final long WAITID = n(247, 95);
    public static final long RT_SIGACTION = n(13, 134);
    public static final long RT_SIGPROCMASK = n(14, 135);
    public static final long PIDFD_SEND_SIGNAL = 424;
    public static final long OPEN_TREE = 428;
    public static final long MOVE_MOUNT = 429;
    public static final long FSOPEN = 430;
    public static final long FSCONFIG = 431;
    public static final long FSMOUNT = 432;
    public static final long PIDFD_OPEN = 434;
    public static final long CLONE3 = 435;
    public static final long PIDFD_GETFD = 438;
    public static final long CLOSE_RANGE = 436;
    public static final long OPENAT2 = 437;
    public static final long FACCESSAT2 = 439;
    public static final long MOUNT_SETATTR = 442;
}
