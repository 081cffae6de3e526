package io.jrun.core.init;

import io.jrun.core.Log;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * jrun-init (runtime-cli/src/main/c/jrun-init.c), the small program a created container's init
 * execs into once create has recorded it, and waits as until `start`: so a created container
 * holds a few pages instead of a copy of jrun's JVM, and nothing of the JVM (its heap, its
 * environment) stays for a process in the container to read. It runs from a sealed memfd, made
 * once per JVM, for the same reason the JVM does (a process in the container must find nothing
 * writable behind /proc/1/exe). The launcher names the program's file
 * ({@code -Djrun.init}); without it (jrun as a library) the init waits as a clone of the JVM.
 */
public final class InitWaiter {
    private InitWaiter() {}

    private static final Log log = Log.of(InitWaiter.class);
    private static final Object LOCK = new Object();
    private static boolean made;
    private static int fd = -1;

    /** The memfd of jrun-init (close-on-exec), or -1 if there is none to use. */
    public static int fd() {
        synchronized (LOCK) {
            if (!made) {
                made = true;
                String file = System.getProperty("jrun.init");
                if (file != null && !file.isEmpty()) {
                    fd = seal(Path.of(file));
                }
            }
            return fd;
        }
    }

    private static int seal(Path file) {
        byte[] program;
        try {
            program = Files.readAllBytes(file);
        } catch (IOException e) {
            log.debug("{}: {}; the container's init waits as a clone of the JVM", file, e.getMessage());
            return -1;
        }
        LibC libc = Native.libc();
        int memfd;
        try (NativeArena a = new NativeArena()) {
            long name = a.cString("jrun-init");
            int flags = FileFlags.MFD_CLOEXEC | FileFlags.MFD_ALLOW_SEALING;
            memfd = (int) libc.syscall(Sys.MEMFD_CREATE, name, flags | FileFlags.MFD_EXEC, 0, 0, 0);
            if (memfd < 0 && libc.errno() == Errno.EINVAL) {
                memfd = (int) libc.syscall(Sys.MEMFD_CREATE, name, flags, 0, 0, 0); // before Linux 6.3
            }
        }
        if (memfd < 0) {
            log.debug("memfd_create: {}; the container's init waits as a clone of the JVM", Errno.message(libc.errno()));
            return -1;
        }
        boolean ok = libc.write(memfd, program, program.length) == program.length
                && libc.fcntl(memfd, FileFlags.F_ADD_SEALS, FileFlags.F_SEAL_SEAL | FileFlags.F_SEAL_SHRINK
                        | FileFlags.F_SEAL_GROW | FileFlags.F_SEAL_WRITE) == 0;
        if (!ok) {
            log.debug("seal jrun-init's memfd: {}; the container's init waits as a clone of the JVM",
                    Errno.message(libc.errno()));
            libc.close(memfd);
            return -1;
        }
        return memfd;
    }
}
