package io.jrun.sys;

/** prctl(2) options and capability-related constants. */
public final class Prctl {
    private Prctl() {}

    public static final int PR_SET_PDEATHSIG = 1;
    public static final int PR_SET_DUMPABLE = 4;
    public static final int PR_SET_KEEPCAPS = 8;
    public static final int PR_CAPBSET_READ = 23;
    public static final int PR_CAPBSET_DROP = 24;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    public static final int PR_CAP_AMBIENT = 47;
    public static final int PR_CAP_AMBIENT_RAISE = 2;
    public static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /** _LINUX_CAPABILITY_VERSION_3: two 32-bit words per set. */
    public static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
}
