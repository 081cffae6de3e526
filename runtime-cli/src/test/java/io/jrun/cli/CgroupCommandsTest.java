package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.CgroupStats;
import io.jrun.api.ContainerEvent;
import io.jrun.api.JrunException;
import io.jrun.cli.RecordingOperations.Call;
import io.jrun.spec.LinuxResources;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pause, resume, ps, events and update: their flags reach the runtime, their output is runc's. */
class CgroupCommandsTest {
    @TempDir
    Path cwd;

    private CliRunner cli() {
        return new CliRunner(cwd);
    }

    private static void assertSuccess(CliRunner.Result r) {
        assertEquals(0, r.status(), () -> "stderr: " + r.err());
        assertEquals("", r.err());
    }

    private static void assertError(CliRunner.Result r, String message) {
        assertEquals(1, r.status(), () -> "stdout: " + r.out());
        assertTrue(r.err().contains("level=error msg=" + message), () -> "stderr: " + r.err());
    }

    static CgroupStats sampleStats() {
        return new CgroupStats(
                new CgroupStats.Cpu(new CgroupStats.CpuUsage(3_000_000, 1_000_000, 2_000_000),
                        new CgroupStats.Throttling(10, 4, 5_000, 0, 0)),
                new CgroupStats.Memory(8192, new CgroupStats.MemoryEntry(33554432, 1048576, 2097152, 3),
                        new CgroupStats.MemoryEntry(-1L, 1048576, 0, 0), Map.of("file", 8192L, "anon", 4096L), 1, 1),
                new CgroupStats.Pids(2, 20),
                new CgroupStats.Blkio(List.of(new CgroupStats.BlkioEntry(7, 0, "Read", 4096)), List.of()),
                Map.of("2MB", new CgroupStats.Hugetlb(0, 0, 0)));
    }

    @Test
    void pauseAndResume() {
        CliRunner cli = cli();
        assertSuccess(cli.run("pause", "c1"));
        assertSuccess(cli.run("resume", "c1"));
        assertEquals(List.of(new Call("pause", List.of("c1")), new Call("resume", List.of("c1"))), cli.runtime.calls);
    }

    @Test
    void psJsonIsTheArrayOfHostPids() {
        CliRunner cli = cli();
        cli.runtime.pids = List.of(101, 102, 230);
        CliRunner.Result r = cli.run("ps", "--format", "json", "c1");
        assertSuccess(r);
        assertEquals("[101,102,230]\n", r.out());
        cli.runtime.pids = List.of();
        assertEquals("[]\n", cli.run("ps", "-f", "json", "c1").out());
    }

    @Test
    void psTableRunsPsWithTheOptionsAfterTheIdAndKeepsTheContainersLines() {
        CliRunner cli = cli();
        int self = (int) ProcessHandle.current().pid();
        cli.runtime.pids = List.of(self);
        CliRunner.Result r = cli.run("ps", "c1", "-o", "pid,comm", "-p", Long.toString(self));
        assertSuccess(r);
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals("PID", lines.get(0).strip().split("\\s+")[0]);
        assertEquals(Integer.toString(self), lines.get(1).strip().split("\\s+")[0]);
        // with no process of the container listed, only the header is left
        cli.runtime.pids = List.of();
        assertEquals(1, cli.run("ps", "c1", "-o", "pid", "-p", Long.toString(self)).out().lines().count());
    }

    @Test
    void psTableFilterIsRuncs() {
        String ps = """
                UID          PID    PPID  C STIME TTY          TIME CMD
                root           1       0  0 10:00 ?        00:00:01 /sbin/init
                root        4242    4200  0 10:01 ?        00:00:00 sleep 100
                root        4300    4242  0 10:01 ?        00:00:00 sh -c x
                """;
        assertEquals("UID          PID    PPID  C STIME TTY          TIME CMD\n"
                + "root        4242    4200  0 10:01 ?        00:00:00 sleep 100\n"
                + "root        4300    4242  0 10:01 ?        00:00:00 sh -c x\n", PsCommand.table(ps, List.of(4242, 4300)));
        JrunException e = assertThrows(JrunException.class, () -> PsCommand.table("USER COMMAND\n", List.of(1)));
        assertEquals("couldn't find PID field in ps output", e.getMessage());
    }

    @Test
    void psRejectsAnUnknownFormatBeforeAskingTheRuntime() {
        CliRunner cli = cli();
        CliRunner.Result r = cli.run("ps", "-f", "yaml", "c1");
        assertError(r, "\"invalid format option \\\"yaml\\\": select one of table or json\"");
        assertTrue(cli.runtime.calls.isEmpty());
    }

    @Test
    void eventsStatsPrintsOneStatsEventInRuncsLayout() {
        CliRunner cli = cli();
        cli.runtime.stats = sampleStats();
        CliRunner.Result r = cli.run("events", "--stats", "c1");
        assertSuccess(r);
        assertEquals(new Call("stats", List.of("c1")), cli.runtime.onlyCall());
        assertEquals("{\"type\":\"stats\",\"id\":\"c1\",\"data\":{"
                + "\"cpu\":{\"usage\":{\"total\":3000000,\"kernel\":1000000,\"user\":2000000},"
                + "\"throttling\":{\"periods\":10,\"throttledPeriods\":4,\"throttledTime\":5000}},"
                + "\"cpuset\":{\"cpu_exclusive\":0,\"mem_hardwall\":0,\"mem_exclusive\":0,\"memory_migrate\":0,"
                + "\"memory_spread_page\":0,\"memory_spread_slab\":0,\"memory_pressure\":0,\"sched_load_balance\":0,"
                + "\"sched_relax_domain_level\":0},"
                + "\"memory\":{\"cache\":8192,\"usage\":{\"limit\":33554432,\"usage\":1048576,\"max\":2097152,\"failcnt\":3},"
                + "\"swap\":{\"limit\":18446744073709551615,\"usage\":1048576,\"failcnt\":0},"
                + "\"kernel\":{\"limit\":0,\"failcnt\":0},\"kernelTCP\":{\"limit\":0,\"failcnt\":0},"
                + "\"raw\":{\"anon\":4096,\"file\":8192},\"event_count\":{\"max\":3,\"oom\":1,\"oom_kill\":1}},"
                + "\"pids\":{\"current\":2,\"limit\":20},"
                + "\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":7,\"op\":\"Read\",\"value\":4096}]},"
                + "\"hugetlb\":{\"2MB\":{\"failcnt\":0}},\"intel_rdt\":{},\"network_interfaces\":null}}\n", r.out());
    }

    @Test
    void eventsStreamsOneLinePerEventAtTheGivenInterval() {
        CliRunner cli = cli();
        cli.runtime.events = List.of(new ContainerEvent.Stats("c1", sampleStats()), new ContainerEvent.Oom("c1"));
        CliRunner.Result r = cli.run("events", "--interval", "1.5s", "c1");
        assertSuccess(r);
        assertEquals(new Call("events", List.of("c1", Duration.ofMillis(1500))), cli.runtime.onlyCall());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"type\":\"stats\",\"id\":\"c1\",\"data\":{\"cpu\":"), lines.get(0));
        assertEquals("{\"type\":\"oom\",\"id\":\"c1\"}", lines.get(1));
    }

    @Test
    void eventsDefaultIntervalIsFiveSeconds() {
        CliRunner cli = cli();
        assertSuccess(cli.run("events", "c1"));
        assertEquals(new Call("events", List.of("c1", Duration.ofSeconds(5))), cli.runtime.onlyCall());
    }

    @Test
    void eventsRejectsBadIntervals() {
        CliRunner cli = cli();
        CliRunner.Result r = cli.run("events", "--interval", "5", "c1");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Usage: jrun events"), r.err());
        assertTrue(r.err().contains("for flag --interval: time: missing unit in duration \\\"5\\\""), r.err());
        assertError(cli.run("events", "--interval", "0s", "c1"), "\"duration interval must be greater than 0\"");
        assertTrue(cli.runtime.calls.isEmpty(), () -> "runtime calls: " + cli.runtime.calls);
    }

    private static LinuxResources updated(CliRunner cli) {
        Call call = cli.runtime.onlyCall();
        assertEquals("update", call.method());
        assertEquals("c1", call.args().get(0));
        return (LinuxResources) call.args().get(1);
    }

    @Test
    void updateFlagsBecomeAResourcesRequest() {
        CliRunner cli = cli();
        assertSuccess(cli.run("update", "--memory", "100M", "--memory-swap", "1g", "--memory-reservation", "512k",
                "--cpu-quota", "-1", "--cpu-period", "50000", "--cpu-share", "512", "--cpu-burst", "1000",
                "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "--pids-limit", "20", "--blkio-weight", "300",
                "--cpu-idle", "1", "c1"));
        LinuxResources r = updated(cli);
        assertEquals(100L << 20, r.memory().limit());
        assertEquals(1L << 30, r.memory().swap());
        assertEquals(512L << 10, r.memory().reservation());
        assertEquals(-1L, r.cpu().quota());
        assertEquals(50000L, r.cpu().period());
        assertEquals(512L, r.cpu().shares());
        assertEquals(1000L, r.cpu().burst());
        assertEquals("0-1", r.cpu().cpus());
        assertEquals("0", r.cpu().mems());
        assertEquals(1L, r.cpu().idle());
        assertEquals(20L, r.pids().limit());
        assertEquals(300, r.blockIO().weight());
    }

    @Test
    void updateWithoutFlagsAsksForNothing() {
        CliRunner cli = cli();
        assertSuccess(cli.run("update", "--memory", "-1", "c1"));
        LinuxResources r = updated(cli);
        assertEquals(-1L, r.memory().limit());
        assertEquals(null, r.memory().swap());
        assertEquals(null, r.cpu().quota());
        assertEquals(null, r.pids().limit());
        assertEquals(null, r.blockIO().weight());
    }

    @Test
    void updateReadsAResourcesFileAndIgnoresTheFlags() throws Exception {
        Files.writeString(cwd.resolve("r.json"), "{\"memory\":{\"limit\":1048576},\"pids\":{\"limit\":7}}");
        CliRunner cli = cli();
        assertSuccess(cli.run("update", "--resources", "r.json", "--pids-limit", "99", "c1"));
        LinuxResources r = updated(cli);
        assertEquals(1048576L, r.memory().limit());
        assertEquals(7L, r.pids().limit());
    }

    @Test
    void updateReadsTheResourcesFromStdin() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("{\"cpu\":{\"cpus\":\"1\"}}".getBytes(StandardCharsets.UTF_8)));
            CliRunner cli = cli();
            assertSuccess(cli.run("update", "-r", "-", "c1"));
            assertEquals("1", updated(cli).cpu().cpus());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void updateRejectsBadValuesWithoutAskingTheRuntime() throws Exception {
        CliRunner cli = cli();
        assertError(cli.run("update", "--memory", "10X", "c1"), "\"invalid value for memory: invalid suffix: 'x'\"");
        assertError(cli.run("update", "--memory", "lots", "c1"), "\"invalid value for memory: invalid size: 'lots'\"");
        assertError(cli.run("update", "--cpu-period", "-5", "c1"),
                "\"invalid value for cpu-period: strconv.ParseUint: parsing \\\"-5\\\": invalid syntax\"");
        assertError(cli.run("update", "--pids-limit", "x", "c1"),
                "\"invalid value for pids-limit: strconv.ParseInt: parsing \\\"x\\\": invalid syntax\"");
        assertError(cli.run("update", "--l3-cache-schema", "L3:0=f", "c1"),
                "\"Intel RDT/CAT: l3 cache schema is not supported by jrun\"");
        Files.writeString(cwd.resolve("bad.json"), "{\"memory\":{\"limit\":\"lots\"}}");
        CliRunner.Result r = cli.run("update", "-r", "bad.json", "c1");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("memory.limit"), r.err());
        assertError(cli.run("update", "-r", "missing.json", "c1"),
                "\"read the resources from missing.json: no such file or directory\"");
        assertTrue(cli.runtime.calls.isEmpty(), () -> "runtime calls: " + cli.runtime.calls);
    }
}
