package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * process.rlimits and process.oomScoreAdj. This machine lacks CAP_SYS_RESOURCE: limits can only
 * go down (hard RLIMIT_NOFILE is 20000 here) and oom_score_adj only up.
 */
class RlimitsIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static void rlimit(Bundle bundle, String type, long soft, long hard) {
        bundle.process().withArray("/rlimits").addObject().put("type", type).put("soft", soft).put("hard", hard);
    }

    @Test
    void rlimitsAreSet() {
        Bundle bundle = containers.bundle()
                .sh("grep -E '^Max (open files|processes|core file size|locked memory) ' /proc/self/limits");
        bundle.process().remove("rlimits");
        rlimit(bundle, "RLIMIT_NOFILE", 1024, 1024);
        rlimit(bundle, "RLIMIT_NPROC", 500, 1000);
        rlimit(bundle, "RLIMIT_CORE", 0, 4096);
        rlimit(bundle, "RLIMIT_MEMLOCK", 65536, 65536);

        List<String> limits = containers.run(bundle).ok().lines().stream()
                .map(line -> line.replaceAll("\\s{2,}", "|")).toList();
        assertEquals(List.of(
                "Max core file size|0|4096|bytes",
                "Max processes|500|1000|processes",
                "Max open files|1024|1024|files",
                "Max locked memory|65536|65536|bytes"), limits);
    }

    @Test
    void oomScoreAdjIsSet() throws IOException {
        int host = Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).strip());
        int raised = Math.min(1000, Math.max(host, 0) + 500);
        Bundle bundle = containers.bundle().sh("cat /proc/self/oom_score_adj");
        bundle.process().put("oomScoreAdj", raised);

        assertEquals(Integer.toString(raised), containers.run(bundle).ok().out());
    }
}
