package io.jrun.it;

import static io.jrun.it.HostView.inPidNamespaceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cgroup v1 hierarchies of this hybrid host (v1 controllers at /sys/fs/cgroup/NAME, an empty
 * cgroup2 at /sys/fs/cgroup/unified), which jrun uses as runc's fs driver does: the limits are
 * enforced (pids, cpu), pause and resume go through freezer.state, ps, kill --all and events
 * --stats read the container's cgroups, a container joins every mounted hierarchy, and delete
 * leaves no directory in any of them.
 *
 * <p>The host's v1 memory hierarchy is never visible here: it belongs to the host's own services,
 * and these tests run only in a private mount namespace where it is unmounted ({@link
 * RuntimeUnderTest}'s guard, scripts/test.sh's). So a memory limit is an error naming the field.
 * cgroup v1 memory is tested in the VM's hybrid and v1 layouts.
 */
class CgroupHybridIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final Path UNIFIED = ROOT.resolve("unified");

    /**
     * The v1 hierarchies a container of this runtime sees (mount point → subsystems): the host's
     * as the runtime's guard leaves them, without memory.
     */
    private static Map<Path, List<String>> hierarchies() {
        Map<Path, List<String>> found = new LinkedHashMap<>();
        for (MountEntry m : MountEntry.host()) {
            if (m.fsType().equals("cgroup") && !m.superOptions().contains("memory")) {
                List<String> subsystems = m.superOptions().stream()
                        .filter(o -> V1.contains(o) || o.startsWith("name=")).toList();
                found.put(Path.of(m.mountPoint()), subsystems);
            }
        }
        return found;
    }

    private static final Set<String> V1 = Set.of("cpuset", "cpu", "cpuacct", "devices", "freezer", "pids", "blkio",
            "hugetlb", "net_cls", "net_prio", "perf_event", "rdma");

    private static Path hierarchy(String subsystem) {
        return hierarchies().entrySet().stream().filter(e -> e.getValue().contains(subsystem)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no " + subsystem + " hierarchy: " + hierarchies()));
    }

    private static String read(Path file) {
        return HostView.read(file).strip();
    }

    @BeforeEach
    void hybridHost() {
        containers.assumeJrun("jrun's cgroup v1 manager");
        assumeTrue(Files.isDirectory(UNIFIED) && !hierarchies().isEmpty(), "not a hybrid host");
    }

    @Test
    void aPidsLimitIsSetAndHoldsAForkBombAndEventsReportIt() {
        String id = containers.newId();
        // the loop forks until the limit stops it; the shell writes and execs without forking
        Bundle bundle = containers.bundle().sh("( i=0; while [ $i -lt 30 ]; do sleep 100000 & i=$((i+1)); done ) "
                + "2>/tmp/forks; echo > /tmp/ready; exec sleep 100001");
        bundle.linux().put("cgroupsPath", "/" + id);
        bundle.linux().withObject("/resources").withObject("/pids").put("limit", 10);
        containers.run(id, bundle, "--detach").ok();
        int init = containers.state(id).path("pid").asInt();
        Poll.exists(bundle.file("/tmp/ready"));

        Path cg = hierarchy("pids").resolve(id);
        assertEquals("10", read(cg.resolve("pids.max")));
        int processes = inPidNamespaceOf(init).size();
        assertTrue(processes <= 10 && processes >= 9, "processes: " + inPidNamespaceOf(init));
        assertTrue(Long.parseLong(read(cg.resolve("pids.current"))) <= 10);
        assertFalse(HostView.read(bundle.file("/tmp/forks")).isBlank(), "the shell was told it cannot fork");

        JsonNode event = Json.parse(containers.exec("events", "--stats", id).ok().stdout());
        assertEquals("stats", event.path("type").asText());
        JsonNode pids = event.path("data").path("pids");
        assertEquals(10, pids.path("limit").asLong(), pids.toString());
        assertEquals(processes, pids.path("current").asLong(), pids.toString());

        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
        assertFalse(Files.exists(cg), cg + " outlived the container");
    }

    @Test
    void cpuSharesAndQuotaAreSetAndUpdated() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("exec sleep 100000");
        bundle.linux().put("cgroupsPath", "/" + id);
        bundle.linux().withObject("/resources").withObject("/cpu").put("shares", 512).put("quota", 50000)
                .put("period", 100000);
        containers.run(id, bundle, "--detach").ok();

        Path cg = hierarchy("cpu").resolve(id);
        assertEquals("512", read(cg.resolve("cpu.shares")));
        assertEquals("50000", read(cg.resolve("cpu.cfs_quota_us")));
        assertEquals("100000", read(cg.resolve("cpu.cfs_period_us")));

        containers.exec("update", "--cpu-quota", "20000", "--pids-limit", "7", id).ok();
        assertEquals("20000", read(cg.resolve("cpu.cfs_quota_us")));
        assertEquals("7", read(hierarchy("pids").resolve(id).resolve("pids.max")));

        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void theContainerJoinsEveryHierarchyButTheHiddenMemoryOneAndDeleteRemovesThemAll() throws IOException {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("exec sleep 100000");
        bundle.linux().put("cgroupsPath", "/" + id);
        containers.run(id, bundle, "--detach").ok();
        int init = containers.state(id).path("pid").asInt();

        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(init), "cgroup"))) {
            String[] f = line.split(":", 3);
            lines.put(f[1], f[2]);
        }
        List<Path> dirs = new ArrayList<>();
        hierarchies().forEach((mount, subsystems) -> {
            String key = String.join(",", subsystems);
            assertEquals("/" + id, lines.get(key), key + " in " + lines);
            dirs.add(mount.resolve(id));
        });
        assertEquals("/" + id, lines.get(""), "the hybrid host's cgroup2: " + lines);
        dirs.add(UNIFIED.resolve(id));
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.contains(":memory:"))
                .findFirst().orElse(null);
        if (own != null) {
            assertEquals(own.split(":", 3)[2], lines.get("memory"), "the memory cgroup is left as it was");
        }
        for (Path dir : dirs) {
            assertTrue(read(dir.resolve("cgroup.procs")).lines().toList().contains(Integer.toString(init)),
                    dir + " lacks the init");
        }

        containers.delete(id, "--force").ok();
        for (Path dir : dirs) {
            assertFalse(Files.exists(dir), dir + " outlived the container");
        }
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void pauseAndResumeGoThroughTheFreezer() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("sleep 100000 & exec sleep 100001");
        bundle.linux().put("cgroupsPath", "/" + id);
        containers.run(id, bundle, "--detach").ok();
        Path state = hierarchy("freezer").resolve(id).resolve("freezer.state");

        containers.exec("pause", id).ok();
        assertEquals("FROZEN", read(state));
        assertEquals("paused", containers.status(id));

        containers.exec("resume", id).ok();
        assertEquals("THAWED", read(state));
        assertEquals("running", containers.status(id));

        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void aMemoryLimitWithoutAMemoryHierarchyIsAnErrorNamingTheFieldAndLeavesNothing() {
        assumeTrue(hierarchies().values().stream().noneMatch(s -> s.contains("memory")), "memory is mounted");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("echo ran > /tmp/ran");
        bundle.linux().withObject("/resources").withObject("/memory").put("limit", 64L << 20);
        Result run = containers.run(id, bundle).failed();
        assertTrue(run.stderr().contains("linux.resources.memory.limit: needs the cgroup v1 \\\"memory\\\" controller"),
                run.toString());
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the program ran");
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

        containers.kill(id, "--all", "KILL").ok();
        containers.awaitStatus(id, "stopped");
    }
}
