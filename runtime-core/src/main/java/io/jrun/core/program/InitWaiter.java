package io.jrun.core.program;

import io.jrun.core.host.SealedCopy;
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
        return SealedCopy.of(file, "jrun-init", "the container's init waits as a clone of the JVM");
    }
}
