package io.jrun.it;

import static io.jrun.it.HostView.inPidNamespaceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the cgroup commands do on this hybrid host, whose unified hierarchy has no memory, cpu or
 * pids controller (the limits themselves are tested in the cgroup v2 VM): a limit that needs a
 * missing controller is a clear error that leaves nothing behind, at create and at update; ps
 * lists exactly the container's processes; kill --all reaches every one of them.
 */
class CgroupHybridIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    private static boolean unifiedHas(String controller) throws IOException {
        return Set.of(Files.readString(UNIFIED.resolve("cgroup.controllers")).strip().split("\\s+")).contains(controller);
    }

    @Test
    void aLimitWhoseControllerIsMissingIsAnErrorNamingTheFieldAndLeavesNothing() throws IOException {
        containers.assumeJrun("jrun's cgroup2-only message; runc would use the v1 memory hierarchy");
        org.junit.jupiter.api.Assumptions.assumeFalse(unifiedHas("memory"), "the unified hierarchy has memory here");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("echo ran > /tmp/ran");
        bundle.linux().withObject("/resources").withObject("/memory").put("limit", 64L << 20);
        Result run = containers.run(id, bundle).failed();
        assertTrue(run.stderr().contains("linux.resources.memory.limit: needs the cgroup v2 \\\"memory\\\" controller"),
                run.toString());
        assertTrue(!Files.exists(bundle.file("/tmp/ran")), "the program ran");
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void anUpdateWhoseControllerIsMissingFailsAndChangesNothing() throws IOException {
        containers.assumeJrun("jrun's cgroup2-only message");
        org.junit.jupiter.api.Assumptions.assumeFalse(unifiedHas("pids"), "the unified hierarchy has pids here");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("exec sleep 100000");
        containers.run(id, bundle, "--detach").ok();
        Result update = containers.exec("update", "--pids-limit", "10", id).failed();
        assertTrue(update.stderr().contains("linux.resources.pids.limit: needs the cgroup v2 \\\"pids\\\" controller"),
                update.toString());
        assertEquals("running", containers.status(id));
        String stored = Files.readString(containers.testRun().root().resolve(id).resolve("config.json"));
        assertTrue(!stored.contains("\"pids\""), "a failed update was stored: " + stored);
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void psListsExactlyTheContainersProcesses() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("sleep 100000 & sleep 100001 & exec sleep 100002");
        containers.run(id, bundle, "--detach").ok();
        int init = containers.state(id).path("pid").asInt();
        Poll.until("the container's three processes", () -> inPidNamespaceOf(init).size() == 3,
                () -> inPidNamespaceOf(init).toString());

        JsonNode json = Json.parse(containers.exec("ps", "--format", "json", id).ok().stdout());
        Set<Integer> listed = new TreeSet<>();
        json.forEach(p -> listed.add(p.asInt()));
        assertEquals(inPidNamespaceOf(init), listed);
        assertTrue(listed.contains(init));

        List<String> table = containers.exec("ps", id).ok().lines();
        assertTrue(table.getFirst().matches("UID\\s+PID\\s+PPID.*CMD"), table.getFirst());
        List<String> commands = new ArrayList<>();
        for (String line : table.subList(1, table.size())) {
            commands.add(line.substring(line.indexOf("sleep")));
        }
        assertEquals(List.of("sleep 100000", "sleep 100001", "sleep 100002"), commands.stream().sorted().toList());
    }

    @Test
    void killAllSignalsEveryProcessOfTheContainer() {
        String id = containers.newId();
        String loop = "while :; do sleep 100000 & wait $!; done";
        Bundle bundle = containers.bundle().sh(
                "sh -c 'trap \"touch /tmp/got-a\" USR1; " + loop + "' & "
                        + "sh -c 'trap \"touch /tmp/got-b\" USR1; " + loop + "' & "
                        + "trap 'touch /tmp/got-init' USR1; touch /tmp/ready; " + loop);
        containers.run(id, bundle, "--detach").ok();
        int init = containers.state(id).path("pid").asInt();
        Poll.exists(bundle.file("/tmp/ready"));
        // three shells and their three sleeps: all set up, traps included
        Poll.until("the container's six processes", () -> inPidNamespaceOf(init).size() == 6,
                () -> inPidNamespaceOf(init).toString());

        containers.kill(id, "--all", "USR1").ok();
        for (String marker : List.of("/tmp/got-a", "/tmp/got-b", "/tmp/got-init")) {
            Poll.exists(bundle.file(marker));
        }
        assertEquals("running", containers.status(id), "USR1 is trapped: every shell lives on");
    }
}
