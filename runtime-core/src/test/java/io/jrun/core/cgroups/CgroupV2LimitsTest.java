package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import static io.jrun.core.cgroups.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real limits, which need a cgroup v2 host with its controllers: run in the nested VM by
 * runtime-core/src/test/vm/cgroups-v2.sh, which sets {@code -Djrun.cgroup2.host=true}. Each test
 * checks the kernel's own files and, where it can, what a process in the cgroup experiences.
 */
@EnabledIfSystemProperty(named = "jrun.cgroup2.host", matches = "true")
class CgroupV2LimitsTest {
    HostCgroups host;

    @BeforeEach
    void setUp() throws IOException {
        host = HostCgroups.open();
        assumeTrue(host.rootControllers().containsAll(java.util.List.of("cpu", "memory", "pids", "io", "cpuset")),
                "a cgroup v2 host with controllers");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (host != null) {
            host.close();
        }
    }


    static String read(Cgroup cg, String file) throws IOException {
        return Files.readString(cg.path().resolve(file)).strip();
    }

    @Test
    void controllersAreEnabledFromTheRootDown() throws IOException {
        Cgroup cg = host.cgroups.create(host.path("a/b/c"), config("{\"memory\":{\"limit\":67108864},"
                + "\"pids\":{\"limit\":100}}"));
        for (Path level : new Path[] {host.base, host.path("a"), host.path("a/b")}) {
            String enabled = Files.readString(level.resolve("cgroup.subtree_control"));
            assertTrue(enabled.contains("memory") && enabled.contains("pids"), level + ": " + enabled);
        }
        assertEquals("67108864", read(cg, "memory.max"));
        assertEquals("100", read(cg, "pids.max"));
        cg.destroy();
        assertFalse(Files.exists(host.base));
    }

    @Test
    void memoryLimitsAndTheOomKillIsSeen() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("mem"), config("{\"memory\":{\"limit\":33554432,"
                + "\"swap\":33554432,\"reservation\":16777216}}"));
        assertEquals("33554432", read(cg, "memory.max"));
        assertEquals("16777216", read(cg, "memory.low"));
        if (Files.exists(cg.path().resolve("memory.swap.max"))) {
            assertEquals("0", read(cg, "memory.swap.max"), "memory+swap == memory: no swap");
        }
        assertEquals(33554432, cg.stats().memory().usage().limit());
        try (OomWatcher oom = cg.watchOom()) {
            HostCgroups.Child hog = host.start(cg,
                    "read go; exec python3 -c 'b = bytearray(256 * 1024 * 1024); print(len(b))'");
            long kills = oom.await(Duration.ofSeconds(120));
            assertTrue(kills >= 1, "OOM kills seen: " + kills);
            hog.finish();
            assertEquals(128 + 9, hog.process.exitValue(), "the hog was SIGKILLed");
        }
        CgroupStats.Memory m = cg.stats().memory();
        assertTrue(m.oomKill() >= 1, m.toString());
        assertTrue(m.usage().failcnt() >= 1, m.toString());
    }

    @Test
    void checkBeforeUpdateRefusesALimitBelowUsage() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("mem"), config("{\"memory\":{\"limit\":134217728}}"));
        HostCgroups.Child holder = host.start(cg,
                "read go; exec python3 -c 'import sys; b = bytearray(40 * 1024 * 1024); b[::4096] = b\"x\" * len(b[::4096]); "
                        + "print(\"ready\", flush=True); sys.stdin.readline()'");
        assertEquals("ready", holder.line());
        CgroupException e = assertThrows(CgroupException.class, () -> cg.update(config(
                "{\"memory\":{\"limit\":16777216,\"checkBeforeUpdate\":true}}")));
        assertTrue(e.getMessage().startsWith("linux.resources.memory.limit: rejecting memory limit 16777216 <= usage "),
                e.getMessage());
        assertEquals("134217728", read(cg, "memory.max"), "nothing written");
        cg.update(config("{\"memory\":{\"limit\":100663296,\"checkBeforeUpdate\":true}}"));
        assertEquals("100663296", read(cg, "memory.max"));
        holder.send("");
        holder.finish();
    }

    @Test
    void pidsMaxStopsForks() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("pids"), config("{\"pids\":{\"limit\":4}}"));
        assertEquals("4", read(cg, "pids.max"));
        // Python rather than sh: dash gives up on the first failed fork.
        HostCgroups.Child forker = host.start(cg, "read go; exec python3 -c '"
                + "import os, sys, time\n"
                + "ok = fail = 0\n"
                + "for i in range(8):\n"
                + "    try:\n"
                + "        pid = os.fork()\n"
                + "    except OSError:\n"
                + "        fail += 1\n"
                + "        continue\n"
                + "    if pid == 0:\n"
                + "        time.sleep(1000)\n"
                + "        os._exit(0)\n"
                + "    ok += 1\n"
                + "print(ok, fail, flush=True)\n"
                + "sys.stdin.readline()\n'");
        assertEquals("3 5", forker.line(), "the process itself and 3 children make 4");
        CgroupStats.Pids pids = cg.stats().pids();
        assertEquals(4, pids.limit());
        assertEquals(4, pids.current());
        assertEquals(5, CgroupFiles.key(cg.path().resolve("pids.events"), "max", 0, "test"), "forks refused");
        cg.killAll();
        forker.finish();
        // runtime-spec 1.3: -1 is "max".
        cg.update(config("{\"pids\":{\"limit\":-1}}"));
        assertEquals("max", read(cg, "pids.max"));
    }

    @Test
    void cpuMaxWeightBurstIdleAndThrottling() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("cpu"), config("{\"cpu\":{\"shares\":512,\"quota\":20000,"
                + "\"period\":100000,\"burst\":10000,\"idle\":0}}"));
        assertEquals("20", read(cg, "cpu.weight"), "512 shares in runc's conversion");
        assertEquals("20000 100000", read(cg, "cpu.max"));
        assertEquals("10000", read(cg, "cpu.max.burst"));
        assertEquals("0", read(cg, "cpu.idle"));
        HostCgroups.Child spinner = host.start(cg, "read go; while :; do :; done");
        // Wait (without asserting on time) until it has used 300 ms of CPU at a 20 % quota.
        while (cg.stats().cpu().usage().total() < 300_000_000L) {
            Thread.sleep(50);
        }
        CgroupStats.Throttling t = cg.stats().cpu().throttling();
        assertTrue(t.throttledPeriods() > 0 && t.throttledTime() > 0, t.toString());
        // A burst above the old quota: refused before cpu.max, written again after it.
        cg.update(config("{\"cpu\":{\"quota\":50000,\"period\":100000,\"burst\":40000}}"));
        assertEquals("50000 100000", read(cg, "cpu.max"));
        assertEquals("40000", read(cg, "cpu.max.burst"));
        // A quota below the old burst: the burst goes first.
        cg.update(config("{\"cpu\":{\"quota\":5000,\"period\":100000,\"burst\":5000}}"));
        assertEquals("5000 100000", read(cg, "cpu.max"));
        assertEquals("5000", read(cg, "cpu.max.burst"));
        cg.update(config("{\"cpu\":{\"quota\":-1}}"));
        assertEquals("max 100000", read(cg, "cpu.max"));
        cg.killAll();
        spinner.finish();
    }

    @Test
    void cpusetPinsTheProcess() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("cpuset"), config("{\"cpu\":{\"cpus\":\"0\",\"mems\":\"0\"}}"));
        assertEquals("0", read(cg, "cpuset.cpus"));
        assertEquals("0", read(cg, "cpuset.mems"));
        String out = host.start(cg, "read go; grep Cpus_allowed_list /proc/self/status").finish();
        assertEquals("Cpus_allowed_list:\t0", out.strip());
    }

    @Test
    void ioThrottleAndWeight() throws Exception {
        String dev = System.getProperty("jrun.test.blockdev", "");
        if (dev.isEmpty()) {
            dev = firstBlockDevice();
        }
        assumeTrue(dev != null && !dev.isEmpty(), "a block device to throttle");
        String[] mm = dev.split(":");
        Cgroup cg = host.cgroups.create(host.path("io"), config("{\"blockIO\":{"
                + "\"throttleReadBpsDevice\":[{\"major\":" + mm[0] + ",\"minor\":" + mm[1] + ",\"rate\":1048576}],"
                + "\"throttleWriteIOPSDevice\":[{\"major\":" + mm[0] + ",\"minor\":" + mm[1] + ",\"rate\":100}]}}"));
        String ioMax = read(cg, "io.max");
        assertTrue(ioMax.contains(dev + " rbps=1048576 wbps=max riops=max wiops=100"), ioMax);

        boolean bfq = Files.exists(cg.path().resolve("io.bfq.weight"));
        boolean ioWeight = Files.exists(cg.path().resolve("io.weight"));
        CgroupConfig weighted = config("{\"blockIO\":{\"weight\":500}}");
        if (!bfq && !ioWeight) {
            CgroupException e = assertThrows(CgroupException.class, () -> cg.update(weighted));
            assertTrue(e.getMessage().startsWith("linux.resources.blockIO.weight: write \"4950\" to "), e.getMessage());
            return;
        }
        cg.update(weighted);
        if (bfq) {
            assertTrue(read(cg, "io.bfq.weight").contains("500"), read(cg, "io.bfq.weight"));
        } else {
            assertTrue(read(cg, "io.weight").contains("default 4950"), read(cg, "io.weight"));
        }
    }

    private static String firstBlockDevice() {
        try (Stream<Path> s = Files.list(Path.of("/sys/block"))) {
            for (Path p : s.sorted().toList()) {
                Path dev = p.resolve("dev");
                if (Files.exists(dev) && Files.exists(p.resolve("size"))
                        && !Files.readString(p.resolve("size")).strip().equals("0")) {
                    return Files.readString(dev).strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    @Test
    void hugetlbAndUnified() throws Exception {
        assumeTrue(host.rootControllers().contains("hugetlb"), "hugetlb controller");
        assumeTrue(host.cgroups.hugePageSizes().contains("2MB"), "2MB huge pages");
        Cgroup cg = host.cgroups.create(host.path("huge"), config("{\"hugepageLimits\":[{\"pageSize\":\"2MB\","
                + "\"limit\":4194304}],\"unified\":{\"memory.high\":\"50000000\",\"pids.max\":\"7\"}}"));
        assertEquals("4194304", read(cg, "hugetlb.2MB.max"));
        if (Files.exists(cg.path().resolve("hugetlb.2MB.rsvd.max"))) {
            assertEquals("4194304", read(cg, "hugetlb.2MB.rsvd.max"));
        }
        assertEquals("49999872", read(cg, "memory.high"), "the kernel rounds to pages");
        assertEquals("7", read(cg, "pids.max"));
        assertTrue(cg.stats().hugetlb().containsKey("2MB"));
    }
}
