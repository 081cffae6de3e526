package io.jrun.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Runtime;

import java.util.Map;

/** Loads the native libraries once, lazily: commands that never touch the kernel pay nothing. */
public final class Native {
    private Native() {}

    private static final class Holder {
        static {
            // jnr-ffi's x86 stub compiler passes garbage as the sixth argument of a function
            // (measured here: f(1,2,3,4,5,6) sees a pointer as its last argument), and syscall
            // with five arguments has six. Its other fast paths are right and allocation-free.
            System.setProperty("jnr.ffi.x86asm.enabled", "false");
        }

        static final LibC LIBC = LibraryLoader.loadLibrary(LibC.class,
                Map.of(LibraryOption.LoadNow, true, LibraryOption.SaveError, true), "c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    public static SyscallLib syscalls() {
        return Holder.LIBC;
    }

    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** errno of this thread's last libc call through jnr-ffi. Allocation-free. */
    public static int errno() {
        return Holder.RUNTIME.getLastError();
    }
}
