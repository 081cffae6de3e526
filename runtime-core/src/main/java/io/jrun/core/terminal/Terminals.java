package io.jrun.core.terminal;

import io.jrun.api.JrunException;
import io.jrun.core.child.ChildProcess;
import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The parent's side of {@link io.jrun.core.program.TerminalSteps}. */
public final class Terminals {
    private Terminals() {}

    /** The pty master the child left at {@code fd}, as an fd of this process (close-on-exec). */
    public static int take(ChildProcess child, int fd) {
        long master = Native.libc().syscall(Sys.PIDFD_GETFD, child.pidfd(), fd, 0, 0, 0);
        if (master < 0) {
            throw new JrunException("take the container's terminal (pidfd_getfd): " + Errno.message(Native.errno()));
        }
        return (int) master;
    }

    /** The terminal's name in the container, "/dev/pts/0": what its stdin links to. */
    public static String name(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0")).toString();
        } catch (IOException e) {
            throw new JrunException("read the name of the container's terminal: " + e.getMessage(), e);
        }
    }
}
