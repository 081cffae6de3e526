package io.jrun.core.cgroups;

import static io.jrun.core.cgroups.Configs.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** linux.resources → cgroup v2 writes: every conversion, with runc's numbers, and the errors. */
class ResourcePlanTest {
    static final Path CONTROLLERS_FILE = Path.of("/sys/fs/cgroup/cgroup.controllers");
    static final ResourcePlan.Environment V2 = new ResourcePlan.Environment(
            Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"), CONTROLLERS_FILE,
            List.of("2MB", "1GB"), Map.of());
    /** This build machine: only hugetlb on the unified hierarchy, the rest on v1. */
    static final ResourcePlan.Environment HYBRID = new ResourcePlan.Environment(Set.of("hugetlb"),
            Path.of("/sys/fs/cgroup/unified/cgroup.controllers"), List.of("2MB", "1GB"),
            Map.of("memory", Path.of("/sys/fs/cgroup/memory"), "cpu", Path.of("/sys/fs/cgroup/cpu"),
                    "pids", Path.of("/sys/fs/cgroup/pids")));

    static ResourcePlan plan(String json) {
        return ResourcePlan.of(new CgroupConfig(resources(json), null), V2);
    }

    static CgroupException error(String json) {
        return assertThrows(CgroupException.class, () -> plan(json));
    }

    /** The plan's writes as "file=value", IoWeight steps as "io-weight(dev)=w". */
    static List<String> writes(ResourcePlan p) {
        List<String> out = new ArrayList<>();
        for (ResourcePlan.Step s : p.steps()) {
            switch (s) {
                case ResourcePlan.Write w -> out.add(w.file() + "=" + w.value());
                case ResourcePlan.IoWeight io -> out.add("io-weight(" + io.device() + ")=" + io.weight());
                case ResourcePlan.BlkioWeight b -> out.add("blkio-weight(" + b.device() + ")=" + b.weight());
                case ResourcePlan.DeviceTransition d -> out.add("devices=" + d.rules());
            }
        }
        return out;
    }

    @Test
    void noResourcesStillInstallsRuncsDefaultDeviceProgram() {
        ResourcePlan p = ResourcePlan.of(new CgroupConfig(null, null), V2);
        assertEquals(List.of(), p.steps());
        assertEquals(Set.of(), p.controllers());
        assertEquals(DeviceFilter.compile(DeviceRules.RUNC_DEFAULTS.stream().map(DeviceRules.Default::rule).toList()),
                p.devices());
    }

    @Test
    void memory() {
        ResourcePlan p = plan("{\"memory\":{\"limit\":67108864,\"reservation\":33554432,\"swap\":134217728}}");
        // swap.max = memory+swap - memory; written first, as runc does.
        assertEquals(List.of("memory.swap.max=67108864", "memory.max=67108864", "memory.low=33554432"), writes(p));
        assertEquals(Set.of("memory"), p.controllers());
        assertNull(p.memoryCheck());
    }

    @Test
    void memoryUnlimitedAndSwapEdgeCases() {
        // -1 is "max"; unlimited memory with swap unset: unlimited swap too.
        assertEquals(List.of("memory.swap.max=max", "memory.max=max"), writes(plan("{\"memory\":{\"limit\":-1}}")));
        // memory+swap equal to memory: no swap at all.
        assertEquals(List.of("memory.swap.max=0", "memory.max=1000000"),
                writes(plan("{\"memory\":{\"limit\":1000000,\"swap\":1000000}}")));
        // swap -1: unlimited swap.
        assertEquals(List.of("memory.swap.max=max", "memory.max=1000000"),
                writes(plan("{\"memory\":{\"limit\":1000000,\"swap\":-1}}")));
        // only a limit: no swap write.
        assertEquals(List.of("memory.max=1000000"), writes(plan("{\"memory\":{\"limit\":1000000}}")));
        // 0 is unset in runc.
        assertEquals(List.of(), writes(plan("{\"memory\":{\"limit\":0}}")));
        ResourcePlan.Write swap = (ResourcePlan.Write) plan("{\"memory\":{\"limit\":-1}}").steps().get(0);
        assertTrue(swap.optional(), "\"max\" to a missing memory.swap.max (no swap accounting) is fine");
        assertEquals("linux.resources.memory.limit", swap.field());
    }

    @Test
    void memoryErrorsAreRuncsAndNameTheField() {
        assertEquals("linux.resources.memory.swap: memory+swap limit should be >= memory limit "
                        + "(swap is the memory+swap limit; limit is 2000)",
                error("{\"memory\":{\"limit\":2000,\"swap\":1000}}").getMessage());
        assertEquals("linux.resources.memory.swap: unable to set swap limit without memory limit "
                        + "(swap is the memory+swap limit; limit is 0)",
                error("{\"memory\":{\"swap\":1000}}").getMessage());
        assertEquals("linux.resources.memory.limit: must be -1 (unlimited) or a number of bytes, not -5",
                error("{\"memory\":{\"limit\":-5}}").getMessage());
    }

    @Test
    void memoryFieldsV2IgnoresAreWarnedNotSilent() {
        ResourcePlan p = plan("{\"memory\":{\"limit\":1000000,\"kernel\":-1,\"kernelTCP\":1000,\"swappiness\":60,"
                + "\"disableOOMKiller\":true,\"useHierarchy\":false}}");
        assertEquals(List.of("memory.max=1000000"), writes(p));
        assertEquals(5, p.warnings().size(), p.warnings().toString());
        assertTrue(p.warnings().get(0).startsWith("linux.resources.memory.kernel: ignored on cgroup v2"));
        assertTrue(p.warnings().get(1).startsWith("linux.resources.memory.kernelTCP: ignored on cgroup v2"));
        assertTrue(p.warnings().get(2).startsWith("linux.resources.memory.swappiness: ignored on cgroup v2"));
        assertTrue(p.warnings().get(3).startsWith("linux.resources.memory.disableOOMKiller: ignored on cgroup v2"));
        assertTrue(p.warnings().get(4).startsWith("linux.resources.memory.useHierarchy: ignored on cgroup v2"));
        assertEquals(List.of(), plan("{\"memory\":{\"disableOOMKiller\":false,\"useHierarchy\":true}}").warnings());
    }

    @Test
    void checkBeforeUpdate() {
        ResourcePlan p = plan("{\"memory\":{\"limit\":1000000,\"swap\":2000000,\"checkBeforeUpdate\":true}}");
        assertEquals(new ResourcePlan.MemoryCheck(1000000, 2000000), p.memoryCheck());
        assertNull(plan("{\"memory\":{\"limit\":-1,\"checkBeforeUpdate\":true}}").memoryCheck());
    }

    @Test
    void cpu() {
        ResourcePlan p = plan("{\"cpu\":{\"shares\":1024,\"quota\":50000,\"period\":100000,\"burst\":10000,"
                + "\"idle\":0,\"cpus\":\"0-1\",\"mems\":\"0\"}}");
        assertEquals(List.of("cpu.idle=0", "cpu.weight=39", "cpu.max.burst=10000", "cpu.max=50000 100000",
                "cpuset.cpus=0-1", "cpuset.mems=0"), writes(p));
        assertEquals(Set.of("cpu", "cpuset"), p.controllers());
        ResourcePlan.Write burst = (ResourcePlan.Write) p.steps().get(2);
        assertEquals("cpu.max", burst.retryAfter());
    }

    @Test
    void cpuMaxDefaultsAndUnlimited() {
        // runc: quota <= 0 is "max"; period 0 is the kernel's default 100000.
        assertEquals(List.of("cpu.max=max 100000"), writes(plan("{\"cpu\":{\"quota\":-1}}")));
        assertEquals(List.of("cpu.max=max 250000"), writes(plan("{\"cpu\":{\"period\":250000}}")));
        assertEquals(List.of("cpu.max=20000 100000"), writes(plan("{\"cpu\":{\"quota\":20000}}")));
        assertEquals(List.of(), writes(plan("{\"cpu\":{\"quota\":0,\"period\":0,\"shares\":0}}")));
        ResourcePlan.Write burstAlone = (ResourcePlan.Write) plan("{\"cpu\":{\"burst\":0}}").steps().get(0);
        assertNull(burstAlone.retryAfter());
    }

    @Test
    void cpuSharesOutsideTheKernelsRangeAreClampedWithAWarning() {
        ResourcePlan p = plan("{\"cpu\":{\"shares\":1}}");
        assertEquals(List.of("cpu.weight=1"), writes(p));
        assertTrue(p.warnings().get(0).startsWith("linux.resources.cpu.shares: 1 is outside [2, 262144]"));
        assertEquals(List.of("cpu.weight=10000"), writes(plan("{\"cpu\":{\"shares\":1000000}}")));
    }

    @Test
    void cpuErrors() {
        String msg = error("{\"cpu\":{\"realtimeRuntime\":950000,\"realtimePeriod\":1000000,\"quota\":500,"
                + "\"period\":10,\"idle\":3}}").getMessage();
        assertEquals(String.join("\n",
                "linux.resources.cpu.realtimeRuntime: not supported on cgroup v2: its cpu controller has no realtime "
                        + "bandwidth (cpu.rt_runtime_us is cgroup v1 only); remove the field",
                "linux.resources.cpu.realtimePeriod: not supported on cgroup v2: its cpu controller has no realtime "
                        + "bandwidth (cpu.rt_period_us is cgroup v1 only); remove the field",
                "linux.resources.cpu.idle: must be 0 or 1, not 3",
                "linux.resources.cpu.period: must be between 1000 and 1000000 microseconds, not 10",
                "linux.resources.cpu.quota: must be at least 1000 microseconds (or -1 for no limit), not 500"), msg);
        assertEquals("linux.resources.cpu.burst: 60000 must not exceed quota 50000",
                error("{\"cpu\":{\"quota\":50000,\"burst\":60000}}").getMessage());
    }

    @Test
    void pidsFollowsRuntimeSpec13() {
        assertEquals(List.of("pids.max=32"), writes(plan("{\"pids\":{\"limit\":32}}")));
        assertEquals(List.of("pids.max=max"), writes(plan("{\"pids\":{\"limit\":-1}}")));
        assertEquals(List.of("pids.max=0"), writes(plan("{\"pids\":{\"limit\":0}}")));
        assertEquals(List.of(), writes(plan("{\"pids\":{}}")));
    }

    @Test
    void blockIo() {
        ResourcePlan p = plan("""
                {"blockIO":{"weight":500,"leafWeight":300,
                  "weightDevice":[{"major":8,"minor":0,"weight":600,"leafWeight":300},{"major":8,"minor":16,"leafWeight":10}],
                  "throttleReadBpsDevice":[{"major":8,"minor":0,"rate":600}],
                  "throttleWriteBpsDevice":[{"major":8,"minor":0,"rate":700}],
                  "throttleReadIOPSDevice":[{"major":8,"minor":16,"rate":300}],
                  "throttleWriteIOPSDevice":[{"major":8,"minor":16,"rate":18446744073709551615}]}}
                """);
        assertEquals(List.of("io-weight(null)=500", "io-weight(8:0)=600", "io.max=8:0 rbps=600", "io.max=8:0 wbps=700",
                "io.max=8:16 riops=300", "io.max=8:16 wiops=18446744073709551615"), writes(p));
        assertEquals(Set.of("io"), p.controllers());
        assertEquals(3, p.warnings().size(), "every leafWeight is named: " + p.warnings());
        assertTrue(p.warnings().get(2).startsWith("linux.resources.blockIO.weightDevice[1].leafWeight"));
        assertEquals("linux.resources.blockIO.weight: must be between 10 and 1000, not 5",
                error("{\"blockIO\":{\"weight\":5}}").getMessage());
    }

    @Test
    void hugepagesAndRdma() {
        ResourcePlan p = plan("{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":209715200}],"
                + "\"rdma\":{\"mlx5_1\":{\"hcaHandles\":3,\"hcaObjects\":10000},\"rxe3\":{\"hcaObjects\":100}}}");
        assertEquals(List.of("hugetlb.2MB.max=209715200", "hugetlb.2MB.rsvd.max=209715200",
                "rdma.max=mlx5_1 hca_handle=3 hca_object=10000", "rdma.max=rxe3 hca_object=100"), writes(p));
        assertEquals(Set.of("hugetlb", "rdma"), p.controllers());
        assertEquals("linux.resources.hugepageLimits[0].pageSize: \"64KB\" is not a huge page size of this kernel "
                        + "(it has 2MB, 1GB)",
                error("{\"hugepageLimits\":[{\"pageSize\":\"64KB\",\"limit\":1}]}").getMessage());
        assertEquals("linux.resources.rdma.mlx5_1: give hcaHandles, hcaObjects or both",
                error("{\"rdma\":{\"mlx5_1\":{}}}").getMessage());
    }

    @Test
    void unified() {
        ResourcePlan p = plan("{\"unified\":{\"memory.high\":\"1000000\",\"io.max\":\"259:0 rbps=2097152\\n253:0 "
                + "rbps=2097152\\n\",\"cgroup.max.depth\":\"3\"}}");
        assertEquals(List.of("memory.high=1000000", "io.max=259:0 rbps=2097152", "io.max=253:0 rbps=2097152",
                "cgroup.max.depth=3"), writes(p));
        assertEquals(Set.of("memory", "io"), p.controllers());
    }

    @Test
    void unifiedKeyErrors() {
        assertEquals("linux.resources.unified[\"../memory.max\"]: the key must be the name of a file in the cgroup "
                + "directory (no slashes)", error("{\"unified\":{\"../memory.max\":\"1\"}}").getMessage());
        assertEquals("linux.resources.unified.foo: the key must have the form CONTROLLER.PARAMETER, e.g. "
                + "\"memory.high\"", error("{\"unified\":{\"foo\":\"1\"}}").getMessage());
        String msg = error("{\"unified\":{\"nosuch.max\":\"1\"}}").getMessage();
        assertEquals("linux.resources.unified[\"nosuch.max\"]: needs the cgroup v2 \"nosuch\" controller, which is "
                + "not available: /sys/fs/cgroup/cgroup.controllers lists only \"cpu cpuset hugetlb io memory misc "
                + "pids rdma\"", msg);
    }

    @Test
    void aMissingControllerNamesTheFieldsTheControllerAndWhereItLooked() {
        CgroupException e = assertThrows(CgroupException.class, () -> ResourcePlan.of(new CgroupConfig(
                resources("{\"memory\":{\"limit\":67108864,\"swap\":134217728},\"pids\":{\"limit\":10},"
                        + "\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":2097152}]}"), null), HYBRID));
        assertEquals(String.join("\n",
                "linux.resources.pids.limit: needs the cgroup v2 \"pids\" controller, which is not available: "
                        + "/sys/fs/cgroup/unified/cgroup.controllers lists only \"hugetlb\" (this host binds \"pids\" "
                        + "to the cgroup v1 hierarchy at /sys/fs/cgroup/pids, which jrun does not use; it needs a "
                        + "cgroup v2 host for this limit)",
                "linux.resources.memory.limit, linux.resources.memory.swap: needs the cgroup v2 \"memory\" "
                        + "controller, which is not available: /sys/fs/cgroup/unified/cgroup.controllers lists only "
                        + "\"hugetlb\" (this host binds \"memory\" to the cgroup v1 hierarchy at /sys/fs/cgroup/memory, "
                        + "which jrun does not use; it needs a cgroup v2 host for this limit)"), e.getMessage());
    }

    @Test
    void emptyControllersFile() {
        ResourcePlan.Environment none = new ResourcePlan.Environment(Set.of(), CONTROLLERS_FILE, List.of(), Map.of());
        CgroupException e = assertThrows(CgroupException.class,
                () -> ResourcePlan.of(new CgroupConfig(resources("{\"cpu\":{\"shares\":512}}"), null), none));
        assertEquals("linux.resources.cpu.shares: needs the cgroup v2 \"cpu\" controller, which is not available: "
                + "/sys/fs/cgroup/cgroup.controllers is empty", e.getMessage());
    }

    @Test
    void networkIsV1OnlyAndAnErrorPerTheSpec() {
        assertEquals(String.join("\n",
                "linux.resources.network.classID: net_cls is cgroup v1 only; cgroup v2 has no class id to set",
                "linux.resources.network.priorities: net_prio is cgroup v1 only; cgroup v2 has no interface priorities"),
                error("{\"network\":{\"classID\":1048577,\"priorities\":[{\"name\":\"eth0\",\"priority\":500}]}}")
                        .getMessage());
        assertEquals(List.of(), writes(plan("{\"network\":{}}")));
    }

    @Test
    void everyErrorIsReportedAtOnceBeforeAnythingIsWritten() {
        String msg = error("{\"memory\":{\"limit\":-7},\"cpu\":{\"idle\":2},\"devices\":[{\"allow\":true,\"access\":\"\"}]}")
                .getMessage();
        assertEquals(3, msg.split("\n").length, msg);
        assertTrue(msg.contains("linux.resources.devices[0].access"), msg);
    }

    @Test
    void devicesHolePunchingIsAnErrorNamingTheRule() {
        String msg = error("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\","
                + "\"access\":\"rwm\"},{\"allow\":false,\"type\":\"c\",\"major\":1,\"minor\":9,\"access\":\"r\"}]}")
                .getMessage();
        assertTrue(msg.startsWith("linux.resources.devices[2]: the rule \"c 1:9 r\" cannot be honoured"), msg);
    }

    @Test
    void devicesProgramIsCompiledFromConfigThenDefaults() {
        ResourcePlan p = plan("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},"
                + "{\"allow\":true,\"type\":\"c\",\"major\":10,\"minor\":229,\"access\":\"rwm\"}]}");
        assertNotNull(p.devices());
        List<DeviceRule> expected = new ArrayList<>();
        expected.add(new DeviceRule('a', -1, -1, DeviceRule.RWM, false));
        expected.add(new DeviceRule('c', 10, 229, DeviceRule.RWM, true));
        DeviceRules.RUNC_DEFAULTS.forEach(d -> expected.add(d.rule()));
        assertEquals(DeviceFilter.compile(expected), p.devices());
        assertTrue(p.devices().listing().contains("JNEImm dst: r5 off: 2 imm: 229"), p.devices().listing());
    }
}
