package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness's own check: {@link Leftovers} must see a live container (else every "nothing
 * left behind" assertion of the suite would pass for nothing), and see nothing once it is gone.
 */
class LeftoversIT {
    @RegisterExtension
    final Containers containers = new Containers();

    @Test
    void aLiveContainerIsSeenADeletedOneIsNot() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("touch /tmp/ready; exec sleep 100000");
        bundle.linux().put("cgroupsPath", "/" + id);
        containers.create(id, bundle).ok();
        containers.start(id).ok();
        Poll.exists(bundle.file("/tmp/ready"));
        String pid = containers.state(id).path("pid").asText();

        List<String> found = Leftovers.of(containers.testRun(), id, bundle.dir());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("state directory ")), found::toString);
        assertTrue(found.stream().anyMatch(f -> f.startsWith("process " + pid + " ")), found::toString);
        assertTrue(found.stream().anyMatch(f -> f.equals("cgroup /sys/fs/cgroup/unified/" + id)), found::toString);

        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
        assertEquals(List.of(), Leftovers.of(containers.testRun(), id, bundle.dir()));
    }
}
