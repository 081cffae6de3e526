package io.jrun.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a stopped container used, read from its cgroup v2 directory before it is deleted (`events
 * --stats`, like runc's, answers only for a running container). The container's cgroup is
 * {@code /ID} in the unified hierarchy: the API's configs say so, and jrun's default for the
 * image form is the same.
 */
final class CgroupUsage {
    private CgroupUsage() {}

    /** The unified hierarchy's mount point (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host), or null. */
    static Path unifiedMount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
                int dash = line.indexOf(" - ");
                if (dash > 0 && line.substring(dash + 3).startsWith("cgroup2 ")) {
                    String[] f = line.substring(0, dash).split(" ");
                    if (f[3].equals("/")) {
                        return Path.of(f[4].replace("\\040", " "));
                    }
                }
            }
        } catch (IOException e) {
            // no /proc: no cgroup figures
        }
        return null;
    }

    static Exit exit(String id, int status, boolean timedOut, Optional<String> runtimeError) {
        int signal = status > 128 && status <= 128 + 64 ? status - 128 : 0;
        Path mount = unifiedMount();
        Path dir = mount == null ? null : mount.resolve(id);
        boolean oom = dir != null && field(dir.resolve("memory.events"), "oom_kill").orElse(0) > 0;
        OptionalLong peak = dir == null ? OptionalLong.empty() : single(dir.resolve("memory.peak"));
        OptionalLong usec = dir == null ? OptionalLong.empty() : field(dir.resolve("cpu.stat"), "usage_usec");
        Optional<Duration> cpu = usec.isPresent() ? Optional.of(Duration.ofNanos(usec.getAsLong() * 1000))
                : Optional.empty();
        return new Exit(status, signal, timedOut, oom, peak, cpu, runtimeError);
    }

    private static OptionalLong single(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A "key value" line of a flat-keyed cgroup file (cpu.stat, memory.events). */
    private static OptionalLong field(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key + " ")) {
                    return OptionalLong.of(Long.parseLong(line.substring(key.length() + 1).strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // absent where the host lacks the controller
        }
        return OptionalLong.empty();
    }
}
