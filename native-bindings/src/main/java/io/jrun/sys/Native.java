package io.jrun.sys;

/**
 * The C library, bound lazily: commands that never touch the kernel through it (`state`,
 * `list`) load no native code at all.
 */
public final class Native {
    private Native() {}

    public static LibC libc() {
        return LibC.INSTANCE;
    }

    /** The one call the container child makes. */
    public static SyscallLib syscalls() {
        return LibC.INSTANCE;
    }

    /** errno of this thread's last call through {@link LibC}. Allocation-free. */
    public static int errno() {
        return LibC.INSTANCE.errno();
    }
}
