package io.jrun.it;

import static io.jrun.it.HostView.read;
import static io.jrun.it.HostView.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pause and resume through the cgroup freezer: cgroup.freeze on cgroup v2, the freezer
 * hierarchy's freezer.state on a hybrid or legacy host (cgroup v1, as runc's fs driver). A frozen
 * container's processes make no progress, a thawed one's do; state says so; a paused container
 * cannot be started.
 */
class PauseIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");
    /** A v1 freezer hierarchy, which jrun uses on a hybrid or legacy host. */
    private static final Path V1_FREEZER = Path.of("/sys/fs/cgroup/freezer");

    private static boolean v1() {
        return MountEntry.host().stream().anyMatch(m -> m.fsType().equals("cgroup")
                && m.mountPoint().equals(V1_FREEZER.toString()));
    }

    private void assertFrozen(String id, boolean frozen) {
        if (v1()) {
            assertEquals(frozen ? "FROZEN" : "THAWED", read(V1_FREEZER.resolve(id).resolve("freezer.state")));
        } else {
            assertEquals(frozen ? "1" : "0", read(UNIFIED.resolve(id).resolve("cgroup.freeze")));
            if (frozen) {
                assertTrue(read(UNIFIED.resolve(id).resolve("cgroup.events")).contains("frozen 1"));
            }
        }
    }

    /** Counts as fast as it can, one line per number appended to /tmp/count: the file grows while it runs. */
    private static final String COUNTER = "i=0; while :; do i=$((i+1)); echo $i >> /tmp/count; done";

    @Test
    void pauseFreezesEveryProcessAndResumeThawsThem() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh(COUNTER);
        bundle.linux().put("cgroupsPath", "/" + id);
        containers.run(id, bundle, "--detach").ok();
        Path count = bundle.file("/tmp/count");
        Poll.until("the counter to start", () -> Files.exists(count) && size(count) > 0);

        containers.exec("pause", id).ok();
        long before = size(count);
        // A command that itself waits on the freezer state (state reads it) is the time that passes.
        assertEquals("paused", containers.status(id));
        assertEquals(before, size(count), "a paused container's counter advanced");
        if (containers.runtime().isJrun()) {
            assertFrozen(id, true);
        }

        containers.exec("resume", id).ok();
        long resumed = size(count);
        assertEquals("running", containers.status(id));
        long after = size(count);
        assertTrue(after > resumed, "a resumed container's counter did not advance: " + resumed + " then " + after);
        if (containers.runtime().isJrun()) {
            assertFrozen(id, false);
        }

        containers.exec("pause", id).ok();
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void aPausedContainerCannotBeStartedUntilResumed() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("echo started > /tmp/started; exec sleep 100000");
        containers.create(id, bundle).ok();
        containers.exec("pause", id).ok();
        assertEquals("paused", containers.status(id));

        Result start = containers.start(id).failed();
        if (containers.runtime().isJrun()) {
            assertTrue(start.stderr().contains("cannot start a paused container"), start.toString());
        }
        assertTrue(!Files.exists(bundle.file("/tmp/started")), "the program ran");
        containers.exec("resume", id).ok();
        assertEquals("created", containers.status(id));
        containers.start(id).ok();
        Poll.exists(bundle.file("/tmp/started"));
        assertEquals("running", containers.status(id));
    }

    @Test
    void pauseAndResumeRefuseContainersInTheWrongState() {
        containers.assumeJrun("jrun's messages");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("exec sleep 100000");
        containers.run(id, bundle, "--detach").ok();
        Result resume = containers.exec("resume", id).failed();
        assertTrue(resume.stderr().contains("it is running, not paused"), resume.toString());
        containers.exec("pause", id).ok();
        Result again = containers.exec("pause", id).failed();
        assertTrue(again.stderr().contains("it is paused"), again.toString());
        Result missing = containers.exec("pause", "no-such-container").failed();
        assertTrue(missing.stderr().contains("does not exist"), missing.toString());
    }
}
