package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.core.cgroups.CgroupConfig;
import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.ResourcePlan;
import io.jrun.spec.Json;
import io.jrun.spec.LinuxResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * linux.resources → unit properties and the file plan after them. The oracles are runc's:
 * genV2ResourcesProperties and genV1ResourcesProperties, its integration tests' expected
 * `systemctl show` values (cgroups.bats "resources.unified only" and "resources.unified
 * override", helpers.bash check_cpu_quota) and TestAddCPUQuota; where jrun goes further, the
 * test says so.
 */
class SystemdResourcesTest {
    static final ResourcePlan.Environment V2 = new ResourcePlan.Environment(
            Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"),
            Path.of("/sys/fs/cgroup/cgroup.controllers"), List.of("2MB", "1GB"), Map.of());
    static final ResourcePlan.Environment V1 = new ResourcePlan.Environment(Set.of("cpu", "cpuacct", "cpuset",
            "memory", "pids", "blkio", "hugetlb", "devices", "freezer", "net_cls", "net_prio", "perf_event", "rdma"),
            Path.of("/proc/self/mountinfo"), List.of("2MB", "1GB"), Map.of());
    /** /dev/block/8:0 exists, 8:16 does not; /dev/char has only 1:3. */
    static final Set<String> PATHS = Set.of("/dev/block/8:0", "/dev/char/1:3");

    static SystemdHost host(int version) {
        return new SystemdHost(version, DeviceGroupsTest.GROUPS, PATHS::contains);
    }

    static final SystemdHost HOST = host(255);

    static CgroupConfig config(String resourcesJson) {
        return new CgroupConfig(Json.parse(resourcesJson, LinuxResources.class, "config.json"), null);
    }

    static SystemdResources v2(String json) {
        return SystemdResources.of(config(json), V2, HOST);
    }

    static SystemdResources v1(String json) {
        return SystemdResources.ofV1(config(json), V1, HOST);
    }

    /** The properties after the device ones, as "Name=value". */
    static List<String> resources(SystemdResources r) {
        List<String> out = new ArrayList<>();
        for (UnitProperty p : r.properties()) {
            if (!p.name().startsWith("Device")) {
                out.add(p.toString());
            }
        }
        return out;
    }

    /** The value systemd ends with for a property: the last one of its name. */
    static String last(SystemdResources r, String name) {
        String value = null;
        for (UnitProperty p : r.properties()) {
            if (p.name().equals(name)) {
                value = p.value().text();
            }
        }
        return value;
    }

    static List<String> filesOnly(SystemdResources r) {
        return r.filesOnly().stream().map(SystemdResources.FilesOnly::field).toList();
    }

    /** The file plan's value of a file, its last write. */
    static String file(SystemdResources r, String file) {
        String value = null;
        for (ResourcePlan.Step s : r.files().steps()) {
            if (s instanceof ResourcePlan.Write w && w.file().equals(file)) {
                value = w.value();
            }
        }
        return value;
    }

    static final String RUNC_DEFAULT_DEVICES = "DeviceAllow=[(block-* m), (char-* m), (/dev/char/1:3 rwm), "
            + "(/dev/char/1:5 rwm), (/dev/char/1:7 rwm), (/dev/char/1:8 rwm), (/dev/char/1:9 rwm), (/dev/char/5:0 rwm), "
            + "(/dev/char/5:2 rwm), (/dev/char/10:200 rwm), (char-pts rwm)]";

    @Test
    void devicesAreAStrictAllowListOfRuncsDefaultsAndTheConfigs() {
        // Docker's rules: deny all, then runc's defaults follow. Minimal rules, sorted; the pty
        // slaves (136:*) by their /proc/devices group.
        SystemdResources r = v2("{\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}");
        assertEquals(List.of("DevicePolicy=strict", "DeviceAllow=[]", RUNC_DEFAULT_DEVICES),
                r.properties().stream().map(UnitProperty::toString).toList());
        assertEquals("s", r.properties().get(0).value().signature());
        assertEquals("a(ss)", r.properties().get(1).value().signature());
        assertEquals(List.of(), r.filesOnly());
        // The same without linux.resources at all, and on v1.
        assertEquals(r.properties(), SystemdResources.of(new CgroupConfig(null, null), V2, HOST).properties());
        assertEquals(r.properties(), v1("{}").properties());
        // A block device of the config, with its access letters in systemd's order.
        assertTrue(v2("{\"devices\": [{\"allow\": true, \"type\": \"b\", \"major\": 8, \"minor\": 0, \"access\": \"mwr\"}]}")
                .properties().get(2).toString().contains("(/dev/char/5:2 rwm), (/dev/block/8:0 rwm), (/dev/char/10:200"));
    }

    @Test
    void allowAllIsPolicyAutoWithNoEntries() {
        SystemdResources r = v2("{\"devices\": [{\"allow\": true, \"access\": \"rwm\"}]}");
        assertEquals(List.of("DevicePolicy=auto", "DeviceAllow=[]"),
                r.properties().stream().map(UnitProperty::toString).toList());
        assertEquals(List.of(), r.filesOnly());
    }

    @Test
    void whatDeviceAllowCannotSayIsLeftToTheFiles() {
        // A deny list: systemd gets deny-all, runc's "temporary deny-all rule". (A deny rule for
        // one of runc's defaults would be undone by the default that follows it.)
        SystemdResources deny = v2("{\"devices\": [{\"allow\": true, \"access\": \"rwm\"},"
                + " {\"allow\": false, \"type\": \"b\", \"major\": 8, \"minor\": 0, \"access\": \"rwm\"}]}");
        assertEquals(List.of("DevicePolicy=strict", "DeviceAllow=[]"),
                deny.properties().stream().map(UnitProperty::toString).toList());
        assertEquals(List.of("linux.resources.devices"), filesOnly(deny));
        assertTrue(deny.warnings().get(0).startsWith("linux.resources.devices: systemd has no deny list"));
        // One minor of every major; a major /proc/devices does not name.
        SystemdResources odd = v2("{\"devices\": [{\"allow\": true, \"type\": \"c\", \"minor\": 3, \"access\": \"r\"},"
                + " {\"allow\": true, \"type\": \"c\", \"major\": 250, \"access\": \"rw\"}]}");
        assertEquals(RUNC_DEFAULT_DEVICES, odd.properties().get(2).toString());
        assertEquals(List.of("linux.resources.devices"), filesOnly(odd));
        assertEquals(2, odd.warnings().size());
        assertTrue(odd.warnings().get(0).contains("\"c *:3 r\""), odd.warnings().get(0));
        assertTrue(odd.warnings().get(1).contains("no char device group with major 250"), odd.warnings().get(1));
        // systemd before 240 stats the path: only /dev/char/1:3 exists here.
        SystemdResources old = SystemdResources.of(config("{}"), V2, host(239));
        assertEquals("DeviceAllow=[(block-* m), (char-* m), (/dev/char/1:3 rwm), (char-pts rwm)]",
                old.properties().get(2).toString());
        assertEquals(7, old.warnings().size()); // the seven other single devices of runc's defaults
    }

    @Test
    void memoryOnV2() {
        assertEquals(List.of("MemoryMax=1048576", "MemoryLow=524288", "MemorySwapMax=1048576"),
                resources(v2("{\"memory\": {\"limit\": 1048576, \"reservation\": 524288, \"swap\": 2097152}}")));
        // Unlimited memory, swap unset: unlimited swap too (runc's conversion).
        assertEquals(List.of("MemoryMax=infinity", "MemorySwapMax=infinity"),
                resources(v2("{\"memory\": {\"limit\": -1}}")));
        // memory+swap == memory: no swap, as the file plan writes it (runc sets no property and
        // systemd would write "max" at its next reload).
        SystemdResources noSwap = v2("{\"memory\": {\"limit\": 1048576, \"swap\": 1048576}}");
        assertEquals(List.of("MemoryMax=1048576", "MemorySwapMax=0"), resources(noSwap));
        assertEquals("0", file(noSwap, "memory.swap.max"));
    }

    @Test
    void cpuOnV2() {
        // helpers.bash check_cpu_shares: weight = 1 + ((shares - 2) * 9999) / 262142.
        assertEquals(List.of("CPUWeight=39", "CPUQuotaPeriodUSec=100000", "CPUQuotaPerSecUSec=500000"),
                resources(v2("{\"cpu\": {\"shares\": 1024, \"quota\": 50000, \"period\": 100000}}")));
        // Clamped as the file plan clamps it.
        assertEquals(List.of("CPUWeight=10000"), resources(v2("{\"cpu\": {\"shares\": 1000000}}")));
        // No quota: infinity; a period alone too.
        assertEquals(List.of("CPUQuotaPeriodUSec=50000", "CPUQuotaPerSecUSec=infinity"),
                resources(v2("{\"cpu\": {\"quota\": -1, \"period\": 50000}}")));
        assertEquals(List.of("CPUQuotaPerSecUSec=infinity"), resources(v2("{\"cpu\": {\"quota\": -1}}")));
    }

    @Test
    void aQuotaIsRoundedUpToAPercentAndTheFilesGetTheSame() {
        // TestAddCPUQuota (later runc, which also writes the rounded quota to the files).
        SystemdResources none = v2("{\"cpu\": {\"quota\": 500000, \"period\": 1000000}}");
        assertEquals("500000", last(none, "CPUQuotaPerSecUSec"));
        assertEquals("500000 1000000", file(none, "cpu.max"));
        SystemdResources fraction = v2("{\"cpu\": {\"quota\": 123456}}");
        assertEquals("1240000", last(fraction, "CPUQuotaPerSecUSec"));
        assertEquals("124000 100000", file(fraction, "cpu.max"));
        SystemdResources division = v2("{\"cpu\": {\"quota\": 500000, \"period\": 900000}}");
        assertEquals("560000", last(division, "CPUQuotaPerSecUSec"));
        assertEquals("504000 900000", file(division, "cpu.max"));
        // The same on v1.
        SystemdResources v1 = v1("{\"cpu\": {\"quota\": 123456}}");
        assertEquals("1240000", last(v1, "CPUQuotaPerSecUSec"));
        assertEquals("124000", file(v1, "cpu.cfs_quota_us"));
        // A quota too large for systemd's microseconds per second.
        CgroupException e = assertThrows(CgroupException.class, () -> v2("{\"cpu\": {\"quota\": 9223372036854775}}"));
        assertEquals("linux.resources.cpu.quota: 9223372036854775 microseconds per period is more than systemd's "
                + "CPUQuotaPerSecUSec holds", e.getMessage());
    }

    @Test
    void propertiesOfANewerSystemdAreLeftToTheFilesOnAnOlderOne() {
        SystemdResources r = SystemdResources.of(config(
                "{\"cpu\": {\"quota\": 50000, \"period\": 50000, \"cpus\": \"0-3\", \"mems\": \"0\", \"idle\": 1}}"), V2,
                host(241));
        assertEquals(List.of("CPUQuotaPerSecUSec=1000000"), resources(r));
        assertEquals(List.of("linux.resources.cpu.idle", "linux.resources.cpu.period", "linux.resources.cpu.cpus",
                "linux.resources.cpu.mems"), filesOnly(r));
        assertEquals("CPUQuotaPeriodUSec needs systemd 242, and this is systemd 241", r.filesOnly().get(1).why());
        SystemdResources unknown = SystemdResources.of(config("{\"cpu\": {\"period\": 50000}}"), V2,
                host(SystemdVersion.UNKNOWN));
        // (Not knowing, DeviceAllow's paths must exist too, and most do not here.)
        assertEquals("[linux.resources.devices: rules that DeviceAllow cannot name, linux.resources.cpu.period: "
                + "CPUQuotaPeriodUSec needs systemd 242, and this is of a version not known]",
                unknown.filesOnly().toString());
    }

    @Test
    void idleIsCpuWeightZeroFromSystemd252() {
        SystemdResources r = v2("{\"cpu\": {\"idle\": 1, \"shares\": 1024}}");
        assertEquals(List.of("CPUWeight=0"), resources(r));
        assertEquals(List.of("linux.resources.cpu.shares"), filesOnly(r));
        assertEquals(List.of("CPUWeight=39"), resources(SystemdResources.of(config("{\"cpu\": {\"idle\": 1, \"shares\": "
                + "1024}}"), V2, host(251))));
        // 0 is systemd's own value.
        assertEquals(List.of("CPUWeight=39"), resources(v2("{\"cpu\": {\"idle\": 0, \"shares\": 1024}}")));
    }

    @Test
    void cpusetIsAMask() {
        SystemdResources r = v2("{\"cpu\": {\"cpus\": \"0-3,32-33\", \"mems\": \"1\"}}");
        assertEquals(List.of("AllowedCPUs=[0f 00 00 00 03]", "AllowedMemoryNodes=[02]"), resources(r));
        assertEquals("ay", r.properties().get(3).value().signature());
        CgroupException e = assertThrows(CgroupException.class, () -> v2("{\"cpu\": {\"cpus\": \"1-x\"}}"));
        assertEquals("linux.resources.cpu.cpus: \"1-x\" is not a list of numbers and ranges such as \"0-3,8\": "
                + "\"x\" is not a number", e.getMessage());
    }

    @Test
    void pidsAreTasksMax() {
        // update.bats: --pids-limit 10, then -1 (infinity).
        assertEquals(List.of("TasksMax=10"), resources(v2("{\"pids\": {\"limit\": 10}}")));
        assertEquals(List.of("TasksMax=infinity"), resources(v2("{\"pids\": {\"limit\": -1}}")));
        // runtime-spec 1.3's 0 (no new tasks): systemd takes 1 at least; the file says 0.
        SystemdResources zero = v2("{\"pids\": {\"limit\": 0}}");
        assertEquals(List.of("TasksMax=1"), resources(zero));
        assertEquals("0", file(zero, "pids.max"));
        assertTrue(zero.warnings().get(0).startsWith("linux.resources.pids.limit: systemd's TasksMax cannot be 0"));
    }

    @Test
    void blockIoOnV2GoesBeyondRunc() {
        SystemdResources r = v2("{\"blockIO\": {\"weight\": 500, \"weightDevice\": [{\"major\": 8, \"minor\": 0, "
                + "\"weight\": 100}], \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 1048576}, "
                + "{\"major\": 8, \"minor\": 16, \"rate\": 1}], \"throttleWriteBpsDevice\": [{\"major\": 8, \"minor\": 0, "
                + "\"rate\": 2}], \"throttleReadIOPSDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 3}], "
                + "\"throttleWriteIOPSDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 4}]}}");
        // Weights converted as runc's fs2 converts them for io.weight.
        assertEquals(List.of("IOWeight=4950", "IODeviceWeight=[(/dev/block/8:0 910)]",
                "IOReadBandwidthMax=[(/dev/block/8:0 1048576)]", "IOWriteBandwidthMax=[(/dev/block/8:0 2)]",
                "IOReadIOPSMax=[(/dev/block/8:0 3)]", "IOWriteIOPSMax=[(/dev/block/8:0 4)]"), resources(r));
        assertEquals("a(st)", r.properties().get(4).value().signature());
        // systemd finds a device by its path: 8:16 has none here.
        assertEquals(List.of("linux.resources.blockIO.throttleReadBpsDevice[1].rate"), filesOnly(r));
    }

    @Test
    void hugePagesAndRdmaHaveNoProperties() {
        SystemdResources r = v2("{\"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 1048576}], "
                + "\"rdma\": {\"mlx5_1\": {\"hcaHandles\": 3}}}");
        assertEquals(List.of(), resources(r));
        assertEquals(List.of("linux.resources.hugepageLimits[0]", "linux.resources.rdma.mlx5_1"), filesOnly(r));
        assertEquals("1048576", file(r, "hugetlb.2MB.max"));
    }

    @Test
    void unifiedOnlyGivesRuncsSystemdValues() {
        // cgroups.bats "runc run (cgroup v2 resources.unified only)": MemoryMin 131072, MemoryLow
        // 524288, MemoryHigh 5242880, MemoryMax 10485760, MemorySwapMax 20971520, TasksMax 99,
        // CPUQuotaPerSecUSec 100ms, CPUWeight 42.
        SystemdResources r = v2("{\"unified\": {\"memory.min\": \"131072\", \"memory.low\": \"524288\", "
                + "\"memory.high\": \"5242880\", \"memory.max\": \"10485760\", \"memory.swap.max\": \"20971520\", "
                + "\"pids.max\": \"99\", \"cpu.max\": \"10000 100000\", \"cpu.weight\": \"42\"}}");
        assertEquals(List.of("MemoryMin=131072", "MemoryLow=524288", "MemoryHigh=5242880", "MemoryMax=10485760",
                "MemorySwapMax=20971520", "TasksMax=99", "CPUQuotaPeriodUSec=100000", "CPUQuotaPerSecUSec=100000",
                "CPUWeight=42"), resources(r));
        assertEquals(List.of(), r.filesOnly());
    }

    @Test
    void unifiedOverridesTheRest() {
        // cgroups.bats "runc run (cgroup v2 resources.unified override)": TasksMax 42,
        // CPUQuotaPerSecUSec 100ms (5000 of 50000), CPUWeight 42.
        SystemdResources r = v2("{\"memory\": {\"limit\": 33554432}, \"cpu\": {\"shares\": 3333, \"quota\": 40000, "
                + "\"period\": 100000}, \"unified\": {\"memory.min\": \"131072\", \"memory.max\": \"10485760\", "
                + "\"pids.max\": \"42\", \"cpu.max\": \"5000 50000\", \"cpu.weight\": \"42\"}}");
        assertEquals("10485760", last(r, "MemoryMax"));
        assertEquals("42", last(r, "TasksMax"));
        assertEquals("100000", last(r, "CPUQuotaPerSecUSec"));
        assertEquals("50000", last(r, "CPUQuotaPeriodUSec"));
        assertEquals("42", last(r, "CPUWeight"));
        assertEquals("5000 50000", file(r, "cpu.max"));
    }

    @Test
    void unifiedKeysWithoutAPropertyAndBadValues() {
        SystemdResources r = v2("{\"unified\": {\"io.max\": \"8:0 rbps=1\", \"memory.oom.group\": \"1\", "
                + "\"memory.max\": \"0\", \"memory.low\": \" max \", \"pids.max\": \"0\", \"cpu.max\": \"1234 100000\", "
                + "\"cpu.idle\": \"1\", \"cpu.weight\": \"5\"}}");
        assertEquals(List.of("MemoryLow=infinity", "TasksMax=1", "CPUQuotaPeriodUSec=100000", "CPUQuotaPerSecUSec=20000",
                "CPUWeight=0"), resources(r));
        assertEquals(List.of("linux.resources.unified[\"io.max\"]", "linux.resources.unified[\"memory.oom.group\"]",
                "linux.resources.unified[\"memory.max\"]", "linux.resources.unified[\"cpu.weight\"]"), filesOnly(r));
        // The file gets the quota systemd holds.
        assertEquals("2000 100000", file(r, "cpu.max"));
        CgroupException e = assertThrows(CgroupException.class, () -> v2("{\"unified\": {\"memory.high\": \"x\", "
                + "\"cpu.max\": \"1 2 3\", \"cpu.weight\": \"0\", \"cpuset.cpus\": \"\", \"pids.max\": \"-1\"}}"));
        assertEquals("""
                linux.resources.unified["memory.high"]: "x" is not a number of bytes or "max"
                linux.resources.unified["cpu.max"]: "1 2 3" is not "QUOTA [PERIOD]" with QUOTA a number of microseconds \
                or "max"
                linux.resources.unified["cpu.weight"]: "0" is not a weight from 1 to 10000
                linux.resources.unified["cpuset.cpus"]: "" is not a list of numbers and ranges such as "0-3,8": empty \
                value
                linux.resources.unified["pids.max"]: "-1" is not a number of tasks or "max\"""", e.getMessage());
    }

    @Test
    void theFilePlansErrorsComeFirstThenThePropertiesOnes() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> v2("{\"memory\": {\"limit\": -5}, \"cpu\": {\"cpus\": \"3-1\"}}"));
        assertEquals("linux.resources.memory.limit: must be -1 (unlimited) or a number of bytes, not -5\n"
                + "linux.resources.cpu.cpus: \"3-1\" is not a list of numbers and ranges such as \"0-3,8\": invalid range: "
                + "3-1", e.getMessage());
    }

    @Test
    void v1HasRuncsPropertiesAndTheBlockIoOnesSystemdHas() {
        SystemdResources r = v1("{\"memory\": {\"limit\": 33554432, \"reservation\": 25165824, \"swap\": 67108864, "
                + "\"swappiness\": 10, \"disableOOMKiller\": true}, \"cpu\": {\"shares\": 1024, \"quota\": 50000, "
                + "\"period\": 100000, \"cpus\": \"0-1\", \"realtimeRuntime\": 1000, \"realtimePeriod\": 10000, "
                + "\"burst\": 100}, \"pids\": {\"limit\": 20}, \"blockIO\": {\"weight\": 500, \"leafWeight\": 300, "
                + "\"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 100, \"leafWeight\": 10}, {\"major\": 8, "
                + "\"minor\": 0, \"weight\": 5}], \"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 1}], "
                + "\"throttleWriteBpsDevice\": [{\"major\": 8, \"minor\": 0, \"rate\": 2}], \"throttleReadIOPSDevice\": "
                + "[{\"major\": 8, \"minor\": 0, \"rate\": 3}]}, \"network\": {\"classID\": 1048577, \"priorities\": "
                + "[{\"name\": \"eth0\", \"priority\": 5}]}}");
        // runc's order: MemoryLimit, CPUShares, the quota, BlockIOWeight, TasksMax, AllowedCPUs.
        assertEquals(List.of("MemoryLimit=33554432", "CPUShares=1024", "CPUQuotaPeriodUSec=100000",
                "CPUQuotaPerSecUSec=500000", "BlockIOWeight=500", "BlockIODeviceWeight=[(/dev/block/8:0 100)]",
                "BlockIOReadBandwidth=[(/dev/block/8:0 1)]", "BlockIOWriteBandwidth=[(/dev/block/8:0 2)]",
                "TasksMax=20", "AllowedCPUs=[03]"), resources(r));
        assertEquals(List.of("linux.resources.memory.reservation", "linux.resources.memory.swap",
                "linux.resources.memory.swappiness", "linux.resources.memory.disableOOMKiller",
                "linux.resources.cpu.burst", "linux.resources.cpu.realtimeRuntime", "linux.resources.cpu.realtimePeriod",
                "linux.resources.blockIO.leafWeight", "linux.resources.blockIO.weightDevice[0].leafWeight",
                "linux.resources.blockIO.weightDevice[1].weight",
                "linux.resources.blockIO.throttleReadIOPSDevice[0].rate", "linux.resources.network.classID",
                "linux.resources.network.priorities[0]"), filesOnly(r));
        assertNotNull(r.files());
        assertEquals("33554432", file(r, "memory.limit_in_bytes"));
        // BFQ's weights below 10 are the files' alone: systemd's BlockIOWeight is CFQ's 10 to 1000.
        assertEquals(List.of("linux.resources.blockIO.weight"), filesOnly(v1("{\"blockIO\": {\"weight\": 5}}")));
    }
}
