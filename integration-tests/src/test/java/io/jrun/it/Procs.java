package io.jrun.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The host's processes, as /proc shows them to the test JVM. */
public final class Procs {
    private static final Path PROC = Path.of("/proc");

    private Procs() {}

    /** /proc/PID of every process now. */
    public static List<Path> all() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The target of /proc/PID/{@code link} (root, cwd, exe); empty if gone or not readable. */
    public static String link(Path proc, String link) {
        try {
            return Files.readSymbolicLink(proc.resolve(link)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // gone meanwhile, a kernel thread, or not ours to read
        }
    }

    /**
     * The mount that is the process's root, from its own mountinfo: for a process in another
     * mount namespace (a container's) /proc/PID/root reads "/", but this entry tells which
     * directory of which filesystem its root is. Empty if gone or not readable.
     */
    public static Optional<MountEntry> rootMount(Path proc) {
        try {
            return MountEntry.at(MountEntry.parse(Files.readString(proc.resolve("mountinfo"))), "/");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The command line, arguments separated by spaces; empty if gone. */
    public static String cmdline(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline")).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }
}
