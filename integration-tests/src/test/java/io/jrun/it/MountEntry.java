package io.jrun.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of /proc/PID/mountinfo (proc_pid_mountinfo(5)), the host's or a container's.
 *
 * @param majorMinor     the st_dev of the mounted filesystem, "0:42"
 * @param root           the mounted directory of that filesystem
 * @param options        the per-mount options: ro, nosuid, nodev, noexec, relatime, ...
 * @param optionalFields the propagation fields: shared:N, master:N, propagate_from:N, unbindable
 * @param superOptions   the filesystem's own options: mode=755, size=1024k, ptmxmode=666, ...
 */
public record MountEntry(int id, int parentId, String majorMinor, String root, String mountPoint,
                         List<String> options, List<String> optionalFields, String fsType, String source,
                         List<String> superOptions) {

    /** The entries of a mountinfo text, in its order (a later entry may hide an earlier one). */
    public static List<MountEntry> parse(String mountinfo) {
        return mountinfo.lines().filter(line -> !line.isBlank()).map(MountEntry::parseLine).toList();
    }

    /** The test JVM's own mount table. */
    public static List<MountEntry> host() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The topmost entry mounted at {@code mountPoint}, if any. */
    public static Optional<MountEntry> at(List<MountEntry> entries, String mountPoint) {
        return entries.reversed().stream().filter(m -> m.mountPoint().equals(mountPoint)).findFirst();
    }

    /** The topmost entry at {@code mountPoint}; fails the test, listing what there is, if none. */
    public static MountEntry require(List<MountEntry> entries, String mountPoint) {
        return at(entries, mountPoint).orElseThrow(() -> new AssertionError(
                "no mount at " + mountPoint + " in\n"
                        + String.join("\n", entries.stream().map(MountEntry::toString).toList())));
    }

    /** The topmost entry whose mount point holds {@code path} (the longest mount point that is a prefix of it). */
    public static MountEntry containing(List<MountEntry> entries, Path path) {
        MountEntry best = null;
        for (MountEntry entry : entries) {
            if (path.startsWith(entry.mountPoint())
                    && (best == null || entry.mountPoint().length() >= best.mountPoint().length())) {
                best = entry;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no mount holds " + path);
        }
        return best;
    }

    private static MountEntry parseLine(String line) {
        String[] fields = line.split(" ");
        int dash = Arrays.asList(fields).indexOf("-");
        if (dash < 6 || fields.length < dash + 4) {
            throw new IllegalArgumentException("not a mountinfo line: " + line);
        }
        return new MountEntry(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), fields[2],
                unescape(fields[3]), unescape(fields[4]), List.of(fields[5].split(",")),
                List.of(Arrays.copyOfRange(fields, 6, dash)), fields[dash + 1], unescape(fields[dash + 2]),
                List.of(fields[dash + 3].split(",")));
    }

    /** mountinfo writes space, tab, newline and backslash as \ooo octal escapes. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
