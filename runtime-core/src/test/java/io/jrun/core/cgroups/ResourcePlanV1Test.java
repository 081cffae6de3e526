package io.jrun.core.cgroups;

import static io.jrun.core.cgroups.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.core.cgroups.ResourcePlan.BlkioWeight;
import io.jrun.core.cgroups.ResourcePlan.DeviceTransition;
import io.jrun.core.cgroups.ResourcePlan.Write;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * linux.resources → cgroup v1 writes (runc's fs driver): each controller's steps in order with
 * their fields, the errors, and runc's own fs tests as the oracle where they have one.
 */
class ResourcePlanV1Test {
    static final String R = "linux.resources";
    /** Every subsystem runc's fs knows, as a v1 (or hybrid) host mounts them. */
    static final ResourcePlan.Environment V1 = new ResourcePlan.Environment(Set.of("cpu", "cpuacct", "cpuset",
            "memory", "pids", "blkio", "hugetlb", "devices", "freezer", "net_cls", "net_prio", "perf_event", "rdma",
            "misc"), Path.of("/proc/self/mountinfo"), List.of("2MB", "1GB"), Map.of());

    static ResourcePlan plan(String json) {
        return ResourcePlan.ofV1(config(json), V1);
    }

    static String error(String json) {
        return assertThrows(CgroupException.class, () -> plan(json)).getMessage();
    }

    /** The steps but the device rules, which every plan has. */
    static List<ResourcePlan.Step> steps(ResourcePlan p) {
        return p.steps().stream().filter(s -> !(s instanceof DeviceTransition)).toList();
    }

    static List<String> writes(ResourcePlan p) {
        return ResourcePlanTest.writes(p).stream().filter(w -> !w.startsWith("devices=")).toList();
    }

    static Write write(String file, String value, String field) {
        return new Write(file, value, R + "." + field);
    }

    static Write write(String file, String value, String field, boolean optional, String retryAfter) {
        return new Write(file, value, R + "." + field, optional, retryAfter);
    }

    static DeviceTransition devices(ResourcePlan p) {
        return (DeviceTransition) p.steps().stream().filter(s -> s instanceof DeviceTransition).findFirst().orElseThrow();
    }

    // ---- memory

    @Test
    void memory() {
        ResourcePlan p = plan("{\"memory\":{\"limit\":67108864,\"reservation\":33554432,\"swap\":134217728,"
                + "\"swappiness\":30,\"disableOOMKiller\":true}}");
        assertEquals(List.of(
                write("memory.limit_in_bytes", "67108864", "memory.limit", false, "memory.memsw.limit_in_bytes"),
                write("memory.memsw.limit_in_bytes", "134217728", "memory.swap"),
                write("memory.soft_limit_in_bytes", "33554432", "memory.reservation"),
                write("memory.oom_control", "1", "memory.disableOOMKiller"),
                write("memory.swappiness", "30", "memory.swappiness")), steps(p));
        assertEquals(Set.of("devices", "memory"), p.controllers());
        assertNull(p.devices(), "v1 has no device program");
        assertEquals(List.of(), p.warnings());
    }

    @Test
    void memoryUnlimitedAndUnset() {
        // runc's setMemoryAndSwap: -1 with swap unset lifts memsw too, where swap is accounted
        // (optional: no memsw file without swap accounting), and memsw -1 always goes first.
        assertEquals(List.of(write("memory.memsw.limit_in_bytes", "-1", "memory.limit", true, null),
                write("memory.limit_in_bytes", "-1", "memory.limit")), steps(plan("{\"memory\":{\"limit\":-1}}")));
        assertEquals(List.of(write("memory.memsw.limit_in_bytes", "-1", "memory.swap"),
                write("memory.limit_in_bytes", "1000000", "memory.limit")),
                steps(plan("{\"memory\":{\"limit\":1000000,\"swap\":-1}}")));
        // A limit alone needs no retry; swap alone is the kernel's to judge against the limit in
        // place (runc's TestMemorySetMemoryswap sets it so).
        assertEquals(List.of(write("memory.limit_in_bytes", "1000000", "memory.limit")),
                steps(plan("{\"memory\":{\"limit\":1000000}}")));
        assertEquals(List.of(write("memory.memsw.limit_in_bytes", "524288000", "memory.swap")),
                steps(plan("{\"memory\":{\"swap\":524288000}}")));
        // 0 is unset in runc; so is swappiness -1 (uint64 all ones).
        assertEquals(List.of(), steps(plan("{\"memory\":{\"limit\":0,\"swap\":0,\"reservation\":0,"
                + "\"swappiness\":18446744073709551615,\"disableOOMKiller\":false}}")));
        // runc's TestMemorySetMemorySwappinessDefault: 0 is a value.
        assertEquals(List.of("memory.swappiness=0"), writes(plan("{\"memory\":{\"swappiness\":0}}")));
    }

    /** runc's TestMemorySetMemory: limit and reservation replace the values in place. */
    @Test
    void memoryRuncSetMemory() {
        Map<String, Long> after = applyMemory(plan("{\"memory\":{\"limit\":524288000,\"reservation\":314572800}}"),
                314572800, Long.MAX_VALUE);
        assertEquals(524288000L, after.get(MemoryV1Planner.LIMIT));
        assertEquals(314572800L, after.get("memory.soft_limit_in_bytes"));
    }

    /**
     * runc's TestMemorySetMemoryLargerThanSwap and TestMemorySetSwapSmallerThanMemory, on a model
     * of the kernel's rule (memory.limit_in_bytes <= memory.memsw.limit_in_bytes at every write):
     * raising both and lowering both end at the new values, with the plan's one order and its
     * retry.
     */
    @Test
    void memoryAndSwapOrderSuitsRaisingAndLowering() {
        ResourcePlan raise = plan("{\"memory\":{\"limit\":629145600,\"swap\":838860800}}");
        Map<String, Long> raised = applyMemory(raise, 314572800, 524288000);
        assertEquals(629145600L, raised.get(MemoryV1Planner.LIMIT));
        assertEquals(838860800L, raised.get(MemoryV1Planner.MEMSW));
        ResourcePlan lower = plan("{\"memory\":{\"limit\":314572800,\"swap\":524288000}}");
        Map<String, Long> lowered = applyMemory(lower, 629145600, 838860800);
        assertEquals(314572800L, lowered.get(MemoryV1Planner.LIMIT));
        assertEquals(524288000L, lowered.get(MemoryV1Planner.MEMSW));
        // A fresh cgroup (both unlimited) and unlimited swap over a finite one.
        assertEquals(838860800L, applyMemory(raise, Long.MAX_VALUE, Long.MAX_VALUE).get(MemoryV1Planner.MEMSW));
        Map<String, Long> unlimited = applyMemory(plan("{\"memory\":{\"limit\":-1}}"), 314572800, 524288000);
        assertEquals(Long.MAX_VALUE, unlimited.get(MemoryV1Planner.LIMIT));
        assertEquals(Long.MAX_VALUE, unlimited.get(MemoryV1Planner.MEMSW));
    }

    /**
     * The plan's memory writes from the given limits, as the kernel takes them (EINVAL when a
     * write would leave the limit above memsw) and with {@link Write#retryAfter}'s meaning.
     */
    static Map<String, Long> applyMemory(ResourcePlan p, long limit, long memsw) {
        Map<String, Long> files = new HashMap<>(Map.of(MemoryV1Planner.LIMIT, limit, MemoryV1Planner.MEMSW, memsw));
        List<Write> deferred = new ArrayList<>();
        for (ResourcePlan.Step s : steps(p)) {
            Write w = (Write) s;
            if (!kernelWrite(files, w)) {
                assertNotNull(w.retryAfter(), "EINVAL and no retry: " + w + " over " + files);
                deferred.add(w);
                continue;
            }
            for (var it = deferred.iterator(); it.hasNext(); ) {
                Write d = it.next();
                if (d.retryAfter().equals(w.file())) {
                    assertTrue(kernelWrite(files, d), "EINVAL again: " + d + " over " + files);
                    it.remove();
                }
            }
        }
        assertEquals(List.of(), deferred);
        return files;
    }

    private static boolean kernelWrite(Map<String, Long> files, Write w) {
        long v = w.value().equals("-1") ? Long.MAX_VALUE : Long.parseLong(w.value());
        boolean ok = switch (w.file()) {
            case MemoryV1Planner.LIMIT -> v <= files.get(MemoryV1Planner.MEMSW);
            case MemoryV1Planner.MEMSW -> v >= files.get(MemoryV1Planner.LIMIT);
            default -> true;
        };
        if (ok) {
            files.put(w.file(), v);
        }
        return ok;
    }

    @Test
    void memoryErrorsNameTheFieldAllAtOnce() {
        assertEquals(String.join("\n",
                "linux.resources.memory.reservation: must be -1 (unlimited) or a number of bytes, not -5",
                "linux.resources.memory.swappiness: invalid memory swappiness value: 101 (valid range is 0-100)"),
                error("{\"memory\":{\"limit\":1000,\"reservation\":-5,\"swappiness\":101}}"));
        assertEquals("linux.resources.memory.swap: memory+swap limit should be >= memory limit (swap is the "
                + "memory+swap limit; limit is 2000)", error("{\"memory\":{\"limit\":2000,\"swap\":1000}}"));
    }

    @Test
    void memoryFieldsRuncIgnoresAreWarned() {
        // runc 1.1.5: "Kernel memory settings are ignored and will be removed"; use_hierarchy is
        // not in its config at all. checkBeforeUpdate: the v1 kernel refuses such limits itself.
        ResourcePlan p = plan("{\"memory\":{\"limit\":1000000,\"kernel\":2000000,\"kernelTCP\":1000,"
                + "\"useHierarchy\":false,\"checkBeforeUpdate\":true}}");
        assertEquals(List.of("memory.limit_in_bytes=1000000"), writes(p));
        assertEquals(3, p.warnings().size(), p.warnings().toString());
        assertTrue(p.warnings().get(0).startsWith("linux.resources.memory.kernel: ignored on cgroup v1: runc does not "
                + "set memory.kmem.limit_in_bytes either"), p.warnings().get(0));
        assertTrue(p.warnings().get(1).startsWith("linux.resources.memory.kernelTCP: ignored on cgroup v1"));
        assertTrue(p.warnings().get(2).startsWith("linux.resources.memory.useHierarchy: ignored on cgroup v1"));
        assertNull(p.memoryCheck());
        assertEquals(List.of(), plan("{\"memory\":{\"useHierarchy\":true}}").warnings());
    }

    // ---- cpu and cpuset

    /** runc's TestCpuSetShares and TestCpuSetBandWidth values, with burst and idle (runc 1.2). */
    @Test
    void cpu() {
        ResourcePlan p = plan("{\"cpu\":{\"shares\":512,\"quota\":5000,\"period\":7000,\"burst\":1000,\"idle\":1,"
                + "\"realtimeRuntime\":5000,\"realtimePeriod\":7000,\"cpus\":\"1-3\",\"mems\":\"1\"}}");
        assertEquals(List.of(
                write("cpuset.cpus", "1-3", "cpu.cpus"),
                write("cpuset.mems", "1", "cpu.mems"),
                write("cpu.shares", "512", "cpu.shares"),
                write("cpu.cfs_period_us", "7000", "cpu.period", false, "cpu.cfs_quota_us"),
                write("cpu.cfs_burst_us", "1000", "cpu.burst", true, "cpu.cfs_quota_us"),
                write("cpu.cfs_quota_us", "5000", "cpu.quota"),
                write("cpu.idle", "1", "cpu.idle"),
                write("cpu.rt_period_us", "7000", "cpu.realtimePeriod", false, "cpu.rt_runtime_us"),
                write("cpu.rt_runtime_us", "5000", "cpu.realtimeRuntime")), steps(p));
        assertEquals(Set.of("cpuset", "devices", "cpu"), p.controllers());
    }

    @Test
    void cpuAloneAndUnlimited() {
        // v1 takes -1 as no quota, written as is; a period alone needs no retry.
        assertEquals(List.of(write("cpu.cfs_quota_us", "-1", "cpu.quota")), steps(plan("{\"cpu\":{\"quota\":-1}}")));
        assertEquals(List.of(write("cpu.cfs_period_us", "250000", "cpu.period")),
                steps(plan("{\"cpu\":{\"period\":250000}}")));
        assertEquals(List.of(write("cpu.cfs_burst_us", "0", "cpu.burst", true, null),
                write("cpu.rt_runtime_us", "-1", "cpu.realtimeRuntime")),
                steps(plan("{\"cpu\":{\"burst\":0,\"realtimeRuntime\":-1}}")));
        assertEquals(List.of(), steps(plan("{\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0,\"cpus\":\"\",\"mems\":\"\"}}")));
    }

    @Test
    void cpuErrors() {
        // runc reads cpu.shares back and fails with these words when the kernel clamped it.
        assertEquals(String.join("\n",
                "linux.resources.cpu.shares: the minimum allowed cpu-shares is 2, not 1",
                "linux.resources.cpu.period: must be between 1000 and 1000000 microseconds, not 10",
                "linux.resources.cpu.quota: must be at least 1000 microseconds (or -1 for no limit), not 500",
                "linux.resources.cpu.idle: must be 0 or 1, not 3",
                "linux.resources.cpu.realtimeRuntime: 8000 must not exceed realtimePeriod 7000"),
                error("{\"cpu\":{\"shares\":1,\"quota\":500,\"period\":10,\"idle\":3,\"realtimeRuntime\":8000,"
                        + "\"realtimePeriod\":7000}}"));
        assertEquals("linux.resources.cpu.shares: the maximum allowed cpu-shares is 262144, not 18446744073709551615",
                error("{\"cpu\":{\"shares\":18446744073709551615}}"));
        assertEquals("linux.resources.cpu.burst: 60000 must not exceed quota 50000",
                error("{\"cpu\":{\"quota\":50000,\"burst\":60000}}"));
    }

    // ---- pids, blkio, hugetlb, network, rdma

    /** runc's TestPidsSetMax and TestPidsSetUnlimited; 0 as jrun's v2 plan has it (runtime-spec 1.3). */
    @Test
    void pids() {
        assertEquals(List.of(write("pids.max", "1024", "pids.limit")), steps(plan("{\"pids\":{\"limit\":1024}}")));
        assertEquals(List.of("pids.max=max"), writes(plan("{\"pids\":{\"limit\":-1}}")));
        assertEquals(List.of("pids.max=0"), writes(plan("{\"pids\":{\"limit\":0}}")));
    }

    /**
     * runc's TestBlkioSetWeight, TestBlkioSetWeightDevice (BFQ and CFQ file names),
     * TestBlkioSetMultipleWeightDevice and TestBlkioSetThrottle*Device.
     */
    @Test
    void blkio() {
        ResourcePlan p = plan("""
                {"blockIO":{"weight":200,"leafWeight":300,
                  "weightDevice":[{"major":8,"minor":0,"weight":500},{"major":8,"minor":16,"weight":500,"leafWeight":20},
                                  {"major":8,"minor":32}],
                  "throttleReadBpsDevice":[{"major":8,"minor":0,"rate":2048}],
                  "throttleWriteBpsDevice":[{"major":8,"minor":0,"rate":1024}],
                  "throttleReadIOPSDevice":[{"major":8,"minor":16,"rate":300}],
                  "throttleWriteIOPSDevice":[{"major":8,"minor":16,"rate":18446744073709551615}]}}
                """);
        String b = R + ".blockIO";
        assertEquals(List.of(
                new BlkioWeight(null, 200, b + ".weight"),
                write("blkio.leaf_weight", "300", "blockIO.leafWeight"),
                new BlkioWeight("8:0", 500, b + ".weightDevice[0].weight"),
                new BlkioWeight("8:16", 500, b + ".weightDevice[1].weight"),
                write("blkio.leaf_weight_device", "8:16 20", "blockIO.weightDevice[1].leafWeight"),
                write("blkio.throttle.read_bps_device", "8:0 2048", "blockIO.throttleReadBpsDevice[0].rate"),
                write("blkio.throttle.write_bps_device", "8:0 1024", "blockIO.throttleWriteBpsDevice[0].rate"),
                write("blkio.throttle.read_iops_device", "8:16 300", "blockIO.throttleReadIOPSDevice[0].rate"),
                write("blkio.throttle.write_iops_device", "8:16 18446744073709551615",
                        "blockIO.throttleWriteIOPSDevice[0].rate")), steps(p));
        BlkioWeight weight = (BlkioWeight) p.steps().get(1);
        BlkioWeight device = (BlkioWeight) p.steps().get(3);
        assertEquals(List.of("blkio.weight", "blkio.bfq.weight", "blkio.weight_device", "blkio.bfq.weight_device"),
                List.of(weight.file(true), weight.file(false), device.file(true), device.file(false)));
        assertEquals(List.of("200", "8:0 500"), List.of(weight.value(), device.value()));
        assertEquals(Set.of("devices", "blkio"), p.controllers());
        // BFQ's weights start at 1, CFQ's leaf weights at 10.
        assertEquals(List.of("blkio-weight(null)=1"), writes(plan("{\"blockIO\":{\"weight\":1}}")));
        assertEquals(String.join("\n",
                "linux.resources.blockIO.weight: must be between 1 and 1000, not 1001",
                "linux.resources.blockIO.leafWeight: must be between 10 and 1000, not 5",
                "linux.resources.blockIO.weightDevice[0]: -1:0 is not a device number"),
                error("{\"blockIO\":{\"weight\":1001,\"leafWeight\":5,\"weightDevice\":[{\"major\":-1,\"minor\":0,"
                        + "\"weight\":10}]}}"));
    }

    /** runc's TestHugetlbSetHugetlb; the rsvd file is runc 1.2's, written where it exists. */
    @Test
    void hugetlb() {
        assertEquals(List.of(write("hugetlb.2MB.limit_in_bytes", "512", "hugepageLimits[0].limit"),
                write("hugetlb.2MB.rsvd.limit_in_bytes", "512", "hugepageLimits[0].limit", true, null),
                write("hugetlb.1GB.limit_in_bytes", "1073741824", "hugepageLimits[1].limit"),
                write("hugetlb.1GB.rsvd.limit_in_bytes", "1073741824", "hugepageLimits[1].limit", true, null)),
                steps(plan("{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":512},"
                        + "{\"pageSize\":\"1GB\",\"limit\":1073741824}]}")));
        assertEquals("linux.resources.hugepageLimits[0].pageSize: \"64KB\" is not a huge page size of this kernel "
                + "(it has 2MB, 1GB)", error("{\"hugepageLimits\":[{\"pageSize\":\"64KB\",\"limit\":1}]}"));
    }

    /** runc's TestNetClsSetClassid (0x100001) and TestNetPrioSetIfPrio ("test 5"). */
    @Test
    void network() {
        assertEquals(List.of(write("net_cls.classid", "1048577", "network.classID"),
                write("net_prio.ifpriomap", "test 5", "network.priorities[0]"),
                write("net_prio.ifpriomap", "eth0 1000", "network.priorities[1]")),
                steps(plan("{\"network\":{\"classID\":1048577,\"priorities\":[{\"name\":\"test\",\"priority\":5},"
                        + "{\"name\":\"eth0\",\"priority\":1000}]}}")));
        assertEquals(Set.of("devices", "net_cls", "net_prio"), plan("{\"network\":{\"classID\":1,\"priorities\":"
                + "[{\"name\":\"lo\",\"priority\":1}]}}").controllers());
        assertEquals(List.of(), steps(plan("{\"network\":{\"classID\":0,\"priorities\":[]}}")));
        assertEquals(String.join("\n",
                "linux.resources.network.priorities[0].name: \"eth0 1\" is not a network interface name (1 to 15 "
                        + "characters, no white space, '/' or ':')",
                "linux.resources.network.priorities[1].name: \"averyveryverylongname\" is not a network interface name "
                        + "(1 to 15 characters, no white space, '/' or ':')"),
                error("{\"network\":{\"priorities\":[{\"name\":\"eth0 1\",\"priority\":5},"
                        + "{\"name\":\"averyveryverylongname\",\"priority\":5}]}}"));
    }

    @Test
    void rdma() {
        assertEquals(List.of(write("rdma.max", "mlx5_1 hca_handle=3 hca_object=10000", "rdma.mlx5_1")),
                steps(plan("{\"rdma\":{\"mlx5_1\":{\"hcaHandles\":3,\"hcaObjects\":10000}}}")));
    }

    @Test
    void unifiedIsRuncsErrorOnV1() {
        assertEquals("linux.resources.unified: invalid configuration: cannot use unified on cgroup v1 (its keys are "
                + "cgroup v2 files)", error("{\"unified\":{\"memory.high\":\"1000000\"}}"));
        assertEquals(List.of(), steps(plan("{\"unified\":{}}")));
    }

    // ---- devices

    /**
     * runc's TestDevicesSetAllow: a fresh cgroup (allow-all, as under the root) gets "a" to
     * devices.deny, then the allows, sorted as runc's emulator sorts them; the config's rules and
     * runc's defaults make the target.
     */
    @Test
    void devicesOnAFreshCgroup() {
        ResourcePlan p = plan("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},"
                + "{\"allow\":true,\"type\":\"c\",\"major\":10,\"minor\":229,\"access\":\"rwm\"}]}");
        DeviceTransition d = devices(p);
        assertEquals(R + ".devices", d.field());
        assertEquals(List.of("devices.deny=a *:* rwm", "devices.allow=b *:* m", "devices.allow=c *:* m",
                "devices.allow=c 1:3 rwm", "devices.allow=c 1:5 rwm", "devices.allow=c 1:7 rwm", "devices.allow=c 1:8 rwm",
                "devices.allow=c 1:9 rwm", "devices.allow=c 5:0 rwm", "devices.allow=c 5:2 rwm",
                "devices.allow=c 10:200 rwm", "devices.allow=c 10:229 rwm", "devices.allow=c 136:* rwm"),
                lines(d.writes(DeviceTransition.ALLOW_ALL)));
        assertTrue(d.writes(DeviceTransition.ALLOW_ALL).stream().allMatch(w -> w.field().equals(R + ".devices")));
        // Second in runc's order, after cpuset.
        assertEquals(1, plan("{\"cpu\":{\"cpus\":\"0\"}}").steps().indexOf(
                devices(plan("{\"cpu\":{\"cpus\":\"0\"}}"))));
        // Without resources, runc's defaults still.
        assertEquals(devices(p).rules().size() - 1,
                devices(ResourcePlan.ofV1(new CgroupConfig(null, null), V1)).rules().size());
    }

    /**
     * runc's TestDeviceEmulatorTransitionFromWhitelist (RuleAddition, RuleRemoval,
     * SwitchToOtherMode, Noop): an update writes only the difference, never deny-all first.
     */
    @Test
    void devicesOnAnUpdate() {
        DeviceTransition d = new DeviceTransition(List.of(new DeviceRule('c', 1, 2, DeviceRule.RWM, true),
                new DeviceRule('b', 42, 1337, DeviceRule.RWM, true)), R + ".devices");
        assertEquals(List.of("devices.allow=b 42:1337 rwm"), lines(d.writes("c 1:2 rwm\n")));
        assertEquals(List.of("devices.deny=c 3:4 rwm", "devices.allow=b 42:1337 m"),
                lines(d.writes("c 1:2 rwm\nc 3:4 rwm\nb 42:1337 rw\n")),
                "access dropped first, then gained, also part of a rule; the rest stays");
        assertEquals(List.of("devices.deny=c 1:2 wm"), lines(new DeviceTransition(List.of(
                new DeviceRule('c', 1, 2, DeviceRule.READ, true)), "f").writes("c 1:2 rwm\n")));
        assertEquals(List.of(), lines(d.writes("b 42:1337 rwm\nc 1:2 rwm\n")));
        DeviceTransition allowAllBut = new DeviceTransition(List.of(
                new DeviceRule('a', -1, -1, DeviceRule.RWM, true), new DeviceRule('b', 42, -1, 6, false)), "f");
        assertEquals(List.of("devices.allow=a *:* rwm", "devices.deny=b 42:* rw"), lines(allowAllBut.writes("c 1:2 rwm")));
        // An allow-all source cannot show its denies: always from scratch.
        assertEquals(List.of("devices.allow=a *:* rwm", "devices.deny=b 42:* rw"),
                lines(allowAllBut.writes(DeviceTransition.ALLOW_ALL)));
    }

    @Test
    void devicesCheckAfterwardsIsRuncs() {
        DeviceTransition d = new DeviceTransition(List.of(new DeviceRule('c', 1, 3, DeviceRule.RWM, true)), "f");
        d.check("c 1:3 rwm\n");
        assertEquals("f: resulting devices cgroup doesn't precisely match target",
                assertThrows(CgroupException.class, () -> d.check("c 1:3 rw\n")).getMessage());
        assertEquals("f: resulting devices cgroup doesn't match target mode",
                assertThrows(CgroupException.class, () -> d.check("a *:* rwm\n")).getMessage());
        assertEquals("f: devices.list: malformed devices.list line \"x 1:3\"",
                assertThrows(CgroupException.class, () -> d.writes("x 1:3\n")).getMessage());
    }

    @Test
    void devicesErrorsAreTheSameAsOnV2() {
        assertEquals("linux.resources.devices[0].access: must not be empty (give some of \"rwm\")",
                error("{\"devices\":[{\"allow\":true,\"access\":\"\"}]}"));
        assertTrue(error("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\","
                + "\"access\":\"rwm\"},{\"allow\":false,\"type\":\"c\",\"major\":1,\"minor\":9,\"access\":\"r\"}]}")
                .startsWith("linux.resources.devices[2]: the rule \"c 1:9 r\" cannot be honoured"));
    }

    private static List<String> lines(List<Write> writes) {
        return writes.stream().map(w -> w.file() + "=" + w.value()).toList();
    }

    // ---- the whole plan

    @Test
    void aMissingSubsystemNamesTheFieldsAndWhatIsMounted() {
        ResourcePlan.Environment few = new ResourcePlan.Environment(Set.of("cpu", "cpuacct", "memory"),
                Path.of("/proc/self/mountinfo"), List.of("2MB"), Map.of());
        CgroupException e = assertThrows(CgroupException.class, () -> ResourcePlan.ofV1(config(
                "{\"memory\":{\"limit\":1000000},\"pids\":{\"limit\":10},\"network\":{\"classID\":1},"
                        + "\"blockIO\":{\"weight\":100,\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1}]}}"),
                few));
        String mounted = " which this host has not mounted (it mounts cpu cpuacct memory)";
        assertEquals(String.join("\n",
                "linux.resources.devices: needs the cgroup v1 \"devices\" controller," + mounted,
                "linux.resources.pids.limit: needs the cgroup v1 \"pids\" controller," + mounted,
                "linux.resources.blockIO.weight, linux.resources.blockIO.throttleReadBpsDevice[0].rate: needs the cgroup "
                        + "v1 \"blkio\" controller," + mounted,
                "linux.resources.network.classID: needs the cgroup v1 \"net_cls\" controller," + mounted),
                e.getMessage());
        ResourcePlan.Environment none = new ResourcePlan.Environment(Set.of(), Path.of("/proc/self/mountinfo"),
                List.of(), Map.of());
        assertEquals("linux.resources.devices: needs the cgroup v1 \"devices\" controller, which this host has not "
                + "mounted (it mounts none)", assertThrows(CgroupException.class,
                        () -> ResourcePlan.ofV1(new CgroupConfig(null, null), none)).getMessage());
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        String msg = error("{\"unified\":{\"a.b\":\"1\"},\"memory\":{\"swappiness\":200},\"cpu\":{\"shares\":1},"
                + "\"devices\":[{\"allow\":true,\"access\":\"x\"}],\"hugepageLimits\":[{\"pageSize\":\"3MB\",\"limit\":1}]}");
        assertEquals(5, msg.split("\n").length, msg);
        assertTrue(msg.startsWith("linux.resources.unified: "), msg);
    }

    /** The convention the manager relies on: each file's subsystem is its name up to the first dot, and planned. */
    @Test
    void everyFileStartsWithItsSubsystem() {
        ResourcePlan p = plan("""
                {"memory":{"limit":-1,"reservation":1,"disableOOMKiller":true,"swappiness":1},
                 "cpu":{"shares":2,"quota":1000,"period":1000,"burst":0,"idle":0,"realtimeRuntime":1,"realtimePeriod":1,
                        "cpus":"0","mems":"0"},
                 "pids":{"limit":1},
                 "blockIO":{"weight":10,"leafWeight":10,"weightDevice":[{"major":1,"minor":1,"weight":10,"leafWeight":10}],
                            "throttleReadBpsDevice":[{"major":1,"minor":1,"rate":1}]},
                 "hugepageLimits":[{"pageSize":"2MB","limit":1}],
                 "network":{"classID":1,"priorities":[{"name":"lo","priority":1}]},
                 "rdma":{"mlx5_1":{"hcaHandles":1}}}
                """);
        List<String> files = new ArrayList<>();
        for (ResourcePlan.Step s : p.steps()) {
            switch (s) {
                case Write w -> files.add(w.file());
                case BlkioWeight b -> files.addAll(List.of(b.file(true), b.file(false)));
                case DeviceTransition d -> d.writes(DeviceTransition.ALLOW_ALL).forEach(w -> files.add(w.file()));
                case ResourcePlan.IoWeight io -> throw new AssertionError("a v2 step in a v1 plan: " + io);
            }
        }
        assertEquals(Set.of("cpuset", "devices", "memory", "cpu", "pids", "blkio", "hugetlb", "net_cls", "net_prio",
                "rdma"), p.controllers());
        for (String f : files) {
            assertTrue(p.controllers().contains(ResourcePlan.v1Subsystem(f)), f);
        }
        assertEquals("hugetlb", ResourcePlan.v1Subsystem("hugetlb.2MB.limit_in_bytes"));
        assertThrows(IllegalArgumentException.class, () -> ResourcePlan.v1Subsystem("tasks"));
    }
}
