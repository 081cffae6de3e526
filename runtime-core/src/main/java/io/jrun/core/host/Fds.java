package io.jrun.core.host;

import io.jrun.core.JrunException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** File descriptor numbers of this process. */
public final class Fds {
    private Fds() {}

    /** Room left above the fds open now, for those opened between now and a clone. */
    private static final int MARGIN = 64;

    /**
     * An fd number a child cloned soon from this JVM can use for itself: above every fd open
     * now, with room for the few the clone itself opens. A child moves something there (a pty
     * master, a seccomp listener) for the parent to take with pidfd_getfd(2), since the child
     * cannot tell the parent a number it learns only at run time.
     */
    public static int scratch(int index) {
        int highest = 2;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : ds) {
                highest = Math.max(highest, Integer.parseInt(p.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException e) {
            throw new JrunException("list /proc/self/fd: " + e.getMessage(), e);
        }
        int fd = highest + MARGIN + index;
        long limit = openFilesLimit();
        if (fd >= limit) {
            throw new JrunException("no free file descriptor below the open files limit (" + limit + ") for the container process");
        }
        return fd;
    }

    /** The soft RLIMIT_NOFILE of this process. */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return 1024;
    }
}
