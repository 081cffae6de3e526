package io.jrun.it;

import static io.jrun.it.HostView.inPidNamespaceOf;
import static io.jrun.it.HostView.read;
import static io.jrun.it.HostView.size;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real containers held to real limits, on a pure cgroup v2 host with every controller: run in the
 * nested VM by runtime-core/src/test/vm/cgroups-v2.sh (-Djrun.cgroup2.host=true). A JVM start
 * costs seconds there, so each test batches its checks into few runtime commands: one container
 * runs a script that checks its limits from inside and writes what it saw, the test compares that
 * and the cgroup files with what the config asked, then drives ps, pause, resume, update, events
 * and delete on the same container.
 */
@EnabledIfSystemProperty(named = "jrun.cgroup2.host", matches = "true")
class CgroupV2IT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    /** The guest is 20-50x slower than the host, and the container runs at 10% of a CPU. */
    private static final Duration SLOW = Duration.ofSeconds(240L * Exec.SLOWDOWN);
    /** "MAJ:MIN" of a loop device the VM script set up, or empty. */
    private static final String BLOCKDEV = System.getProperty("jrun.test.blockdev", "");
    private static final boolean HUGEPAGES_2MB = Files.isDirectory(Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB"));

    /**
     * Checks from inside, as the container sees its cgroup (its own root, through the cgroup
     * namespace): the limit files, its CPUs, the devices, CPU throttling, forks past pids.max.
     * After the fork test the container is at its pids limit, so from then on the script uses
     * shell builtins only: it says it is done, then counts forever (the pause check watches
     * /tmp/count). The sleeps the fork test started stay, as the container's other processes.
     */
    private static final String INSIDE = String.join("\n",
            "r=/tmp/results; cg=/sys/fs/cgroup; : > $r",
            "for f in memory.max memory.low memory.swap.max memory.high cpu.max cpu.max.burst cpu.weight cpuset.cpus "
                    + "cpuset.mems pids.max io.max io.weight io.bfq.weight hugetlb.2MB.max; do",
            "  [ -e $cg/$f ] && echo \"$f=$(tr '\\n' ';' < $cg/$f)\" >> $r",
            "done",
            "while read k v; do [ \"$k\" = Cpus_allowed_list: ] && echo \"cpus_allowed=$v\" >> $r; done < /proc/self/status",
            "if echo x 2>/tmp/kmsg.err > /dev/kmsg; then echo kmsg_write=allowed >> $r; "
                    + "else echo \"kmsg_write=$(cat /tmp/kmsg.err)\" >> $r; fi",
            "[ -e /dev/myloop ] && echo \"loop_read=$(head -c 512 /dev/myloop | wc -c)\" >> $r",
            "throttled() { while read k v; do [ $k = nr_throttled ] && t=$v; done < $cg/cpu.stat; }",
            "throttled; t0=$t; n=0",
            "while [ -n \"$t0\" ] && [ \"$t\" = \"$t0\" ] && [ $n -lt 2000000 ]; do",
            "  n=$((n+1)); [ $((n % 500)) = 0 ] && throttled",
            "done",
            "echo throttled_before=$t0 >> $r; echo throttled_after=$t >> $r",
            // in a subshell: busybox sh gives up a (sub)shell whose fork fails
            "( i=0; while [ $i -lt 64 ]; do sleep 1000 & i=$((i+1)); done ) 2>/tmp/fork.err",
            "read p < $cg/pids.current; echo pids_at_limit=$p >> $r",
            "n=0; while read l; do n=$((n+1)); done < /tmp/fork.err; echo fork_errors=$n >> $r",
            "echo done > /tmp/done",
            "i=0; while :; do i=$((i+1)); echo $i >> /tmp/count; done");

    private static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> detail) {
        if (!Poll.settle(condition::getAsBoolean, done -> done, SLOW)) {
            fail("waited " + SLOW + " for " + what + " " + detail.get());
        }
    }

    /** What a container that did not get as far as expected was doing: its files, its processes. */
    private String diagnose(Bundle bundle, String id) {
        StringBuilder b = new StringBuilder("\n");
        for (String f : List.of("/tmp/results", "/tmp/fork.err", "/tmp/kmsg.err")) {
            Path p = bundle.file(f);
            b.append(f).append(": ").append(Files.exists(p) ? read(p) : "(none)").append('\n');
        }
        b.append("state: ").append(containers.exec("state", id).stdout()).append('\n');
        for (Path proc : Procs.all()) {
            String cmd = Procs.cmdline(proc);
            if (cmd.contains("sleep") || cmd.startsWith("sh -c r=")) {
                b.append(proc.getFileName()).append(' ').append(cmd.length() > 60 ? cmd.substring(0, 60) : cmd).append('\n');
            }
        }
        return b.toString();
    }

    /** key=value lines; multi-line file contents were joined with ";". */
    private static Map<String, String> results(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1).replaceAll(";$", ""));
        }
        return out;
    }

    private static ObjectNode device(ArrayNode list, String path, String type, long major, long minor) {
        return list.addObject().put("path", path).put("type", type).put("major", major).put("minor", minor)
                .put("fileMode", 0666);
    }

    @Test
    void limitsLandConvertedAndHoldAndTheCommandsDriveThem() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh(INSIDE);
        // its own cgroup namespace: /sys/fs/cgroup inside is the container's cgroup
        bundle.withoutNamespace("cgroup").namespace("cgroup");
        ObjectNode linux = bundle.linux();
        linux.put("cgroupsPath", "/" + id);
        ObjectNode res = Json.object();
        linux.set("resources", res);
        res.putObject("memory").put("limit", 256L << 20).put("reservation", 128L << 20).put("swap", 512L << 20);
        res.putObject("cpu").put("shares", 2048).put("quota", 10000).put("period", 100000).put("burst", 5000)
                .put("cpus", "1").put("mems", "0");
        res.putObject("pids").put("limit", 16);
        res.putObject("unified").put("memory.high", Long.toString(300L << 20));
        ObjectNode io = res.putObject("blockIO").put("weight", 500);
        ArrayNode nodes = linux.putArray("devices");
        device(nodes, "/dev/kmsg", "c", 1, 11);
        ArrayNode rules = res.putArray("devices");
        rules.addObject().put("allow", false).put("access", "rwm");
        String major = "";
        String minor = "";
        if (!BLOCKDEV.isEmpty()) {
            major = BLOCKDEV.split(":")[0];
            minor = BLOCKDEV.split(":")[1];
            io.putArray("throttleReadBpsDevice").addObject().put("major", Long.parseLong(major))
                    .put("minor", Long.parseLong(minor)).put("rate", 1048576);
            device(nodes, "/dev/myloop", "b", Long.parseLong(major), Long.parseLong(minor));
            rules.addObject().put("allow", true).put("type", "b").put("major", Long.parseLong(major))
                    .put("minor", Long.parseLong(minor)).put("access", "r");
        }
        if (HUGEPAGES_2MB) {
            res.putArray("hugepageLimits").addObject().put("pageSize", "2MB").put("limit", 4L << 20);
        }
        containers.run(id, bundle, "--detach").ok();
        Path cg = CGROUP.resolve(id);
        Path done = bundle.file("/tmp/done");
        await("the container's checks", () -> Files.exists(done), () -> diagnose(bundle, id));
        Map<String, String> inside = results(bundle.file("/tmp/results"));

        // Each resource in its file, converted as runc converts it; the container sees the same.
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("memory.max", Long.toString(256L << 20));
        expected.put("memory.low", Long.toString(128L << 20));
        if (Files.exists(cg.resolve("memory.swap.max"))) {
            expected.put("memory.swap.max", Long.toString(256L << 20)); // memory+swap minus memory
        }
        expected.put("memory.high", Long.toString(300L << 20));
        expected.put("cpu.max", "10000 100000");
        expected.put("cpu.max.burst", "5000");
        expected.put("cpu.weight", Long.toString(1 + ((2048 - 2) * 9999L) / 262142)); // 79
        expected.put("cpuset.cpus", "1");
        expected.put("cpuset.mems", "0");
        expected.put("pids.max", "16");
        if (Files.exists(cg.resolve("io.bfq.weight"))) {
            expected.put("io.bfq.weight", "default 500");
        } else {
            expected.put("io.weight", "default " + (1 + (500 - 10) * 9999 / 990)); // 4950
        }
        if (!BLOCKDEV.isEmpty()) {
            expected.put("io.max", BLOCKDEV + " rbps=1048576 wbps=max riops=max wiops=max");
        }
        if (HUGEPAGES_2MB) {
            expected.put("hugetlb.2MB.max", Long.toString(4L << 20));
        }
        expected.forEach((file, value) -> {
            assertEquals(value, read(cg.resolve(file)), file + " on the host");
            assertEquals(value, inside.get(file), file + " inside the container");
        });
        assertEquals("1", inside.get("cpus_allowed"), "Cpus_allowed_list: cpuset pins the container");
        assertTrue(inside.get("kmsg_write").contains("Operation not permitted"),
                "a device no rule allows cannot be opened: " + inside.get("kmsg_write"));
        if (!BLOCKDEV.isEmpty()) {
            assertEquals("512", inside.get("loop_read"), "a device a rule allows can be read");
        }
        long throttledBefore = Long.parseLong(inside.get("throttled_before"));
        assertTrue(Long.parseLong(inside.get("throttled_after")) > throttledBefore,
                "cpu.max throttles: nr_throttled did not grow from " + throttledBefore);
        assertTrue(Integer.parseInt(inside.get("fork_errors")) > 0, "a fork past pids.max failed");
        assertTrue(Integer.parseInt(inside.get("pids_at_limit")) <= 16, "pids.current " + inside.get("pids_at_limit"));
        String pidsEvents = read(cg.resolve("pids.events"));
        assertTrue(pidsEvents.matches("(?s).*max [1-9].*"), "the kernel counted forks refused at pids.max: " + pidsEvents);

        // ps: every process of the container (the shell and the fork test's sleeps), one of them
        // moved to a sub-cgroup of its cgroup.
        int init = containers.state(id).path("pid").asInt();
        Set<Integer> processes = inPidNamespaceOf(init);
        assertTrue(processes.size() > 2, "the container's processes: " + processes);
        int sleeper = processes.stream().filter(p -> p != init).findFirst().orElseThrow();
        Path sub = cg.resolve("sub");
        containers.host("mkdir", sub.toString()).ok();
        containers.host("sh", "-c", "echo " + sleeper + " > " + sub.resolve("cgroup.procs")).ok();
        Set<Integer> listed = new TreeSet<>();
        Json.parse(containers.exec("ps", "--format", "json", id).ok().stdout()).forEach(p -> listed.add(p.asInt()));
        assertEquals(processes, listed, "ps --format json lists exactly the container's processes");

        // pause freezes: the counter stands still across a command that waits on the freezer state.
        Path count = bundle.file("/tmp/count");
        await("the counter", () -> Files.exists(count) && size(count) > 0);
        containers.exec("pause", id).ok();
        long paused = size(count);
        assertEquals("paused", containers.status(id));
        assertEquals(paused, size(count), "a paused container's counter advanced");
        assertTrue(read(cg.resolve("cgroup.events")).contains("frozen 1"));
        assertTrue(read(sub.resolve("cgroup.events")).contains("frozen 1"), "the sub-cgroup is frozen too");
        containers.exec("resume", id).ok();
        await("the counter to advance after resume", () -> size(count) > paused);

        // update: live limits change, and are stored for what comes next.
        containers.exec("update", "--memory", "384M", "--memory-swap", "768m", "--pids-limit", "32",
                "--cpu-quota", "20000", "--cpu-share", "0", id).ok();
        assertEquals(Long.toString(384L << 20), read(cg.resolve("memory.max")));
        if (Files.exists(cg.resolve("memory.swap.max"))) {
            assertEquals(Long.toString(384L << 20), read(cg.resolve("memory.swap.max")));
        }
        assertEquals("32", read(cg.resolve("pids.max")));
        assertEquals("20000 100000", read(cg.resolve("cpu.max")), "the period stays");
        assertEquals(expected.get("cpu.weight"), read(cg.resolve("cpu.weight")), "0 leaves the shares as they are");
        JsonNode stored = Json.parse(read(containers.testRun().root().resolve(id).resolve("config.json")));
        assertEquals(384L << 20, stored.at("/linux/resources/memory/limit").asLong());
        assertEquals(128L << 20, stored.at("/linux/resources/memory/reservation").asLong());
        assertEquals(32, stored.at("/linux/resources/pids/limit").asLong());

        // events --stats: the same numbers in runc's layout.
        JsonNode event = Json.parse(containers.exec("events", "--stats", id).ok().stdout());
        assertEquals("stats", event.path("type").asText());
        assertEquals(id, event.path("id").asText());
        JsonNode data = event.path("data");
        assertEquals(384L << 20, data.at("/memory/usage/limit").asLong());
        assertTrue(data.at("/memory/usage/usage").asLong() > 0);
        assertEquals(32, data.at("/pids/limit").asLong());
        assertTrue(data.at("/pids/current").asLong() >= processes.size(), data.at("/pids").toString());
        assertTrue(data.at("/cpu/throttling/throttledPeriods").asLong() > 0);
        assertTrue(data.at("/cpu/usage/total").asLong() > 0);

        // delete: the processes, the cgroup and its sub-cgroup are gone.
        containers.delete(id, "--force").ok();
        assertFalse(Files.exists(cg), cg + " outlived the container");
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void aMemoryHogIsOomKilledRunExits137AndEventsReportsIt() {
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh(
                "touch /tmp/ready; while [ ! -e /tmp/go ]; do sleep 0.1; done; exec dd if=/dev/zero of=/dev/null bs=128M count=1");
        bundle.linux().put("cgroupsPath", "/" + id);
        bundle.linux().withObject("/resources").withObject("/memory").put("limit", 32L << 20).put("swap", 32L << 20);
        // --keep: the cgroup outlives the hog until delete, so events reads memory.events after the
        // kill and ends at "populated 0"; without it, run's delete can remove the cgroup before
        // events wakes, and the watch ends with the kill unread (runc's events has the same race)
        Exec.Started run = containers.startRun(id, bundle, "--keep");
        await("the container to run", () -> Files.exists(bundle.file("/tmp/ready")) || !run.alive());
        assertEquals(Long.toString(32L << 20), read(CGROUP.resolve(id).resolve("memory.max")));

        Exec.Started events = Exec.start(containers.testRun().workDir().resolve("events-" + id),
                containers.runtime().command("events", "--interval", "1s", id));
        // its first stats line: it watches memory.events by then
        await("the first event", () -> size(events.out()) > 0 || !events.alive());
        try {
            Files.writeString(bundle.file("/tmp/go"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result ran = run.await(SLOW);
        assertEquals(137, ran.exit(), () -> "the hog was SIGKILLed: " + ran);
        assertTrue(ran.stderr().contains("container was OOM-killed"), ran.toString());

        Result reported = events.await(SLOW);
        assertEquals(0, reported.exit(), reported.toString());
        List<JsonNode> lines = reported.lines().stream().map(Json::parse).toList();
        assertTrue(lines.stream().anyMatch(e -> e.path("type").asText().equals("oom") && e.path("id").asText().equals(id)),
                "an oom event: " + reported.stdout());
        assertEquals("stopped", containers.status(id));
        containers.delete(id).ok();
        containers.assertNothingLeftBehind(id, bundle);
    }
}
