package io.jrun.core.host;

import io.jrun.api.JrunException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** The launcher's list of the fds above stdio that jrun's caller passed to it: "3,4,7", empty for none. */
    static final String INHERITED_PROPERTY = "jrun.inherited.fds";

    /**
     * Refuses to pass fds 3..3+{@code count}-1 on ({@code --preserve-fds}, LISTEN_FDS) when
     * one of them was not passed to jrun by its caller: at that number this JVM has a file of
     * its own (a jar, say), which the container would get. Checked only where the launcher
     * said which fds the caller passed; {@code what} names the option in the message.
     */
    public static void checkPassed(String what, int count) {
        checkPassed(what, count, inherited(System.getProperty(INHERITED_PROPERTY)));
    }

    static void checkPassed(String what, int count, Optional<Set<Integer>> inherited) {
        if (inherited.isEmpty()) {
            return;
        }
        Set<Integer> passed = inherited.get();
        for (int fd = 3; fd < 3 + count; fd++) {
            if (!passed.contains(fd)) {
                String open = passed.isEmpty() ? "none"
                        : passed.stream().map(String::valueOf).collect(Collectors.joining(", "));
                throw new JrunException(what + ": fd " + fd + " was not passed to jrun (open fds above stdio: " + open + ")");
            }
        }
    }

    /** The fds of {@code property}'s value ("3,4,7"); empty without the property. */
    static Optional<Set<Integer>> inherited(String property) {
        if (property == null) {
            return Optional.empty();
        }
        Set<Integer> fds = new TreeSet<>();
        for (String fd : property.split(",")) {
            try {
                fds.add(Integer.parseInt(fd.strip()));
            } catch (NumberFormatException e) {
                // not a number: not an fd passed
            }
        }
        return Optional.of(fds);
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
