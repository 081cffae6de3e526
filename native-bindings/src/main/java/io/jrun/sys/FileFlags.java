package io.jrun.sys;

/** open(2) flags and *at(2) flags. A few O_ values differ between x86_64 and aarch64. */
public final class FileFlags {
    private FileFlags() {}

    private static final boolean X86 = Arch.current() == Arch.X86_64;

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    public static final int O_DIRECTORY = X86 ? 0200000 : 040000;
    public static final int O_NOFOLLOW = X86 ? 0400000 : 0100000;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_EACCESS = 0x200;

    // openat2(2) resolve flags
    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;
    /** sizeof(struct open_how): flags, mode, resolve. */
    public static final int OPEN_HOW_SIZE = 24;

    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    /** fcntl(2) on a memfd: add seals (F_SEAL_*), after which no write of its content succeeds. */
    public static final int F_ADD_SEALS = 1033;
    public static final int F_SEAL_SEAL = 1;
    public static final int F_SEAL_SHRINK = 2;
    public static final int F_SEAL_GROW = 4;
    public static final int F_SEAL_WRITE = 8;
    public static final int MFD_CLOEXEC = 1;
    public static final int MFD_ALLOW_SEALING = 2;
    /** memfd_create(2): executable (Linux 6.3+, where vm.memfd_noexec may otherwise refuse it). */
    public static final int MFD_EXEC = 0x10;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    public static final int S_IFMT = 0170000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    public static final int X_OK = 1;
}
