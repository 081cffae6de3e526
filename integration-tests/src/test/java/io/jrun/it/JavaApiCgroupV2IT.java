package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.Container;
import io.jrun.api.ContainerSpec;
import io.jrun.api.Jrun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java API's limits and what its Exit reads from the cgroup, on a pure cgroup v2 host with
 * every controller: run in the nested VM by runtime-core/src/test/vm/cgroups-v2.sh, where a JVM
 * start costs seconds, so one container checks everything.
 */
@EnabledIfSystemProperty(named = "jrun.cgroup2.host", matches = "true")
class JavaApiCgroupV2IT {
    @RegisterExtension
    final Containers containers = new Containers();

    @Test
    void limitsAreSetAndAnOomKillComesBackWithPeakMemoryAndCpu() throws IOException {
        RuntimeUnderTest.requireNoV1Memory("JavaApiCgroupV2IT (the Java API)");
        Path home = Files.createTempDirectory(Path.of("/run"), "jrun-api-v2-");
        try (Jrun jrun = Jrun.open(home)) {
            String id;
            Jrun.Result r;
            try (Container c = jrun.start(ContainerSpec.rootDirectory(containers.testRun().rootfsImage())
                    .command("/bin/sh", "-c", "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max "
                            + "/sys/fs/cgroup/cpu.max; exec dd if=/dev/zero of=/dev/null bs=128M count=1")
                    .memory(32L << 20).pidsLimit(20).cpus(0.5).build())) {
                id = c.id();
                r = new Jrun.Result(c.waitFor(), c.stdout(), c.stderr());
            }
            assertEquals(List.of(Long.toString(32L << 20), "20", "50000 100000"), r.stdout().lines().toList(),
                    r.stderr());
            assertEquals(137, r.exit().status(), r.toString());
            assertEquals(9, r.exit().signal());
            assertTrue(r.exit().oomKilled(), r.toString());
            assertTrue(r.exit().peakMemoryBytes().isPresent() && r.exit().peakMemoryBytes().getAsLong() > (16L << 20)
                    && r.exit().peakMemoryBytes().getAsLong() <= (33L << 20), r.toString());
            assertTrue(r.exit().cpuTime().isPresent(), r.toString());
            assertEquals(List.of(), Leftovers.cgroups(id), "the container's cgroup left");
        } finally {
            Trees.delete(home);
        }
    }
}
