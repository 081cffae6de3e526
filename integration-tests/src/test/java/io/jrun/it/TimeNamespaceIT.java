package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A time namespace with linux.timeOffsets: the container's clocks are shifted. */
class TimeNamespaceIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final long BOOTTIME_OFFSET = 10 * 86400;
    private static final long MONOTONIC_OFFSET = 86400;

    private static double hostUptime() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }

    @Test
    void theClocksAreShiftedByTheOffsets() throws IOException {
        containers.assumeJrun("runc 1.1.5 has no time namespaces (\"namespace time does not exist\")");
        Bundle bundle = containers.bundle().sh("cat /proc/self/timens_offsets; cut -d' ' -f1 /proc/uptime");
        bundle.namespace("time");
        var offsets = bundle.linux().putObject("timeOffsets");
        offsets.putObject("boottime").put("secs", BOOTTIME_OFFSET).put("nanosecs", 0);
        offsets.putObject("monotonic").put("secs", MONOTONIC_OFFSET).put("nanosecs", 0);

        double before = hostUptime();
        List<String> lines = containers.run(bundle).ok().lines();
        double after = hostUptime();

        assertEquals(List.of("monotonic " + MONOTONIC_OFFSET + " 0", "boottime " + BOOTTIME_OFFSET + " 0"),
                lines.subList(0, 2).stream().map(l -> l.replaceAll("\\s+", " ")).toList());
        // uptime is CLOCK_BOOTTIME: the container's lies between the host's before and after, shifted
        double inside = Double.parseDouble(lines.get(2));
        assertTrue(inside >= before + BOOTTIME_OFFSET && inside <= after + BOOTTIME_OFFSET,
                () -> before + " + offset <= " + inside + " <= " + after + " + offset");
    }
}
