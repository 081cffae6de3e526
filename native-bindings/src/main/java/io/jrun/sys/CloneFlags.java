package io.jrun.sys;

/** clone(2)/clone3(2) and unshare(2)/setns(2) flags. */
public final class CloneFlags {
    private CloneFlags() {}

    public static final long CLONE_NEWTIME = 0x00000080L;
    public static final long CLONE_VM = 0x00000100L;
    public static final long CLONE_FS = 0x00000200L;
    public static final long CLONE_FILES = 0x00000400L;
    public static final long CLONE_PIDFD = 0x00001000L;
    public static final long CLONE_PARENT = 0x00008000L;
    public static final long CLONE_NEWNS = 0x00020000L;
    public static final long CLONE_PARENT_SETTID = 0x00100000L;
    public static final long CLONE_NEWCGROUP = 0x02000000L;
    public static final long CLONE_NEWUTS = 0x04000000L;
    public static final long CLONE_NEWIPC = 0x08000000L;
    public static final long CLONE_NEWUSER = 0x10000000L;
    public static final long CLONE_NEWPID = 0x20000000L;
    public static final long CLONE_NEWNET = 0x40000000L;
    public static final long CLONE_INTO_CGROUP = 0x200000000L;

    /** sizeof(struct clone_args) up to the cgroup field (CLONE_ARGS_SIZE_VER2), what clone3 is given. */
    public static final int CLONE_ARGS_SIZE = 88;
}
