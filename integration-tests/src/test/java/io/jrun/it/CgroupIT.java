package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The container's cgroup2 membership (its "0::" line of /proc/self/cgroup): on this hybrid host
 * jrun, like runc's fs driver, puts a container into /sys/fs/cgroup/unified next to its v1
 * hierarchies (CgroupHybridIT tests those; the cgroup2 limits are tested in the cgroup2 VM).
 */
class CgroupIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    @Test
    void theContainerIsInItsCgroupsPath() throws IOException {
        String id = containers.newId();
        // written whole, then renamed: the test reads it as soon as it appears
        Bundle bundle = containers.bundle()
                .sh("cat /proc/self/cgroup > /tmp/cgroup.new; mv /tmp/cgroup.new /tmp/cgroup; exec sleep 100000");
        bundle.linux().put("cgroupsPath", "/" + id);
        containers.create(id, bundle).ok();
        containers.start(id).ok();
        Poll.exists(bundle.file("/tmp/cgroup"));

        assertEquals("0::/" + id, unifiedLine(Files.readString(bundle.file("/tmp/cgroup"))));
        Path cgroup = UNIFIED.resolve(id);
        String pid = containers.state(id).path("pid").asText();
        assertEquals(pid, Files.readString(cgroup.resolve("cgroup.procs")).strip());

        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
        assertFalse(Files.exists(cgroup), cgroup + " outlived the container");
    }

    @Test
    void inACgroupNamespaceTheContainersCgroupIsTheRoot() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("cat /proc/self/cgroup");
        bundle.linux().put("cgroupsPath", "/" + id);
        bundle.withoutNamespace("cgroup").namespace("cgroup");

        assertEquals("0::/", unifiedLine(containers.run(id, bundle).ok().stdout()));
    }

    private static String unifiedLine(String procSelfCgroup) {
        return procSelfCgroup.lines().filter(l -> l.startsWith("0::")).findFirst()
                .orElseThrow(() -> new AssertionError("no cgroup2 line in " + procSelfCgroup));
    }
}
