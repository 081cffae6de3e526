package io.jrun.sys;

/** mount(2) flags (MS_*), umount2(2) flags and the new mount API's constants. */
public final class MountFlags {
    private MountFlags() {}

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_I_VERSION = 1 << 23;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_LAZYTIME = 1 << 25;

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final int UMOUNT_NOFOLLOW = 8;

    // mount_setattr(2) / fsmount(2) attributes
    public static final long MOUNT_ATTR_RDONLY = 0x00000001L;
    public static final long MOUNT_ATTR_NOSUID = 0x00000002L;
    public static final long MOUNT_ATTR_NODEV = 0x00000004L;
    public static final long MOUNT_ATTR_NOEXEC = 0x00000008L;
    public static final long MOUNT_ATTR__ATIME = 0x00000070L;
    public static final long MOUNT_ATTR_RELATIME = 0x00000000L;
    public static final long MOUNT_ATTR_NOATIME = 0x00000010L;
    public static final long MOUNT_ATTR_STRICTATIME = 0x00000020L;
    public static final long MOUNT_ATTR_NODIRATIME = 0x00000080L;
    public static final long MOUNT_ATTR_IDMAP = 0x00100000L;
    public static final long MOUNT_ATTR_NOSYMFOLLOW = 0x00200000L;
    /** sizeof(struct mount_attr) of the first version: attr_set, attr_clr, propagation, userns_fd. */
    public static final int MOUNT_ATTR_SIZE_VER0 = 32;

    public static final int OPEN_TREE_CLONE = 1;
    public static final int OPEN_TREE_CLOEXEC = 0x80000; // O_CLOEXEC
    public static final int AT_RECURSIVE = 0x8000;
    public static final int MOVE_MOUNT_F_EMPTY_PATH = 0x00000004;
    public static final int MOVE_MOUNT_T_EMPTY_PATH = 0x00000040;
}
