package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import io.jrun.spec.Json;
import io.jrun.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.jrun.core.cgroups.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v1 manager on fake v1 hierarchies in a temp dir (no root needed): create, write, join,
 * list, destroy; freeze, kill, stats and OOM events.
 */
class V1CgroupFakeTreeTest {
    @TempDir
    Path tmp;

    Path root;
    Path huge;
    FakeCgroupFs fs;
    V1Cgroups cgroups;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.resolve("cgroup"));
        huge = Files.createDirectories(tmp.resolve("hugepages/hugepages-2048kB")).getParent();
        fs = FakeCgroupFs.legacy(root);
        cgroups = fs.v1Cgroups(huge);
    }

    static ResourcePlan plan(ResourcePlan.Write... writes) {
        return new ResourcePlan(List.of(writes), Set.of(), null, null, List.of());
    }

    static ResourcePlan.Write write(String file, String value, String field) {
        return new ResourcePlan.Write(file, value, field);
    }

    /** The fake's mkdirs (or rmdirs), relative to the root of the fake's mounts. */
    private List<String> calls(String op) {
        return fs.log.stream().filter(c -> c.op().equals(op)).map(c -> root.relativize(c.path()).toString()).toList();
    }

    private V1Cgroup create(String cgroupsPath) {
        return cgroups.create(cgroups.paths(cgroupsPath, "c1"), plan());
    }

    /** Every directory below the mounts, relative to the root. */
    private List<String> cgroupDirs() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path mount : fs.v1Mounts.keySet()) {
            try (var walk = Files.walk(mount)) {
                walk.filter(Files::isDirectory).filter(d -> !d.equals(mount)).forEach(d -> out.add(root.relativize(d).toString()));
            }
        }
        return out;
    }

    @Test
    void createMakesTheDirectoryOfEveryHierarchyInRuncsOrder() {
        V1Cgroup cg = create("/jrun/c1");
        List<String> mkdirs = new ArrayList<>();
        for (String h : List.of("cpuset", "devices", "memory", "cpu,cpuacct", "pids", "blkio", "hugetlb",
                "net_cls,net_prio", "perf_event", "freezer", "systemd")) {
            mkdirs.add(h + "/jrun");
            mkdirs.add(h + "/jrun/c1");
        }
        assertEquals(mkdirs, calls("mkdir"), "cpuset first, co-mounted hierarchies once, name=systemd last");
        assertEquals(List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids", "blkio", "hugetlb", "net_cls",
                "net_prio", "perf_event", "freezer", "name=systemd"), List.copyOf(cg.ref().subsystems().keySet()));
        assertEquals(new CgroupRef(root.resolve("cpu,cpuacct/jrun/c1").toString(), 2), cg.ref().subsystems().get("cpu"));
        assertEquals(cg.ref().subsystems().get("cpu"), cg.ref().subsystems().get("cpuacct"));
        assertNull(cg.ref().unified());
        assertEquals(root.resolve("memory/jrun/c1"), cg.path("memory").orElseThrow());
        assertTrue(cg.path("rdma").isEmpty(), "not mounted here");
        assertEquals(OptionalInt.empty(), cg.openFd(), "no CLONE_INTO_CGROUP on v1");
        assertTrue(cg.exists());
    }

    @Test
    void cpusetLevelsTakeTheirParentsCpusAndMemsSoThatAProcessCanJoin() throws IOException {
        // An existing parent with CPUs of its own keeps them, and its child takes those.
        fs.mkdir(root.resolve("cpuset/pod"));
        Files.writeString(root.resolve("cpuset/pod/cpuset.cpus"), "1\n");
        V1Cgroup cg = create("/pod/jrun/c1");
        for (String level : List.of("pod", "pod/jrun", "pod/jrun/c1")) {
            assertEquals("0", Files.readString(root.resolve("cpuset/" + level + "/cpuset.mems")).strip(), level);
        }
        assertEquals("1", Files.readString(root.resolve("cpuset/pod/jrun/cpuset.cpus")).strip());
        assertEquals("1", Files.readString(root.resolve("cpuset/pod/jrun/c1/cpuset.cpus")).strip());
        cg.addProcess(42);
        assertEquals(List.of(42), CgroupProcesses.read(root.resolve("cpuset/pod/jrun/c1")));
    }

    @Test
    void withoutCpusAProcessCannotJoinACpusetCgroup() throws IOException {
        // What the inheritance is for: the fake refuses as the kernel does.
        fs.mkdir(root.resolve("cpuset/bare"));
        assertEquals(-Errno.ENOSPC, fs.write(root.resolve("cpuset/bare/cgroup.procs"), "42"));
    }

    @Test
    void withoutADevicesHierarchyNothingIsCreated() {
        List<String> mounts = new ArrayList<>(FakeCgroupFs.V1_MOUNTS);
        mounts.remove("devices");
        FakeCgroupFs noDevices = FakeCgroupFs.v1(tmp.resolve("cgroup"), false, mounts);
        V1Cgroups c = noDevices.v1Cgroups(huge);
        CgroupException e = assertThrows(CgroupException.class, () -> c.create(c.paths("/c1", "c1"), plan()));
        assertEquals("create cgroup: cgroup: subsystem does not exist: devices (this host mounts no devices hierarchy,"
                + " and without it the container's device access cannot be restricted)", e.getMessage());
        assertTrue(noDevices.log.isEmpty(), noDevices.log.toString());
    }

    @Test
    void aFailedMkdirInTheThirdHierarchyRemovesTheFirstTwo() throws IOException {
        CgroupKernel failing = new CgroupFakeTreeTest.DelegatingKernel(fs) {
            @Override
            public int mkdir(Path dir) {
                return dir.startsWith(root.resolve("memory")) ? -Errno.EACCES : super.mkdir(dir);
            }
        };
        V1Cgroups c = fs.v1Cgroups(huge, failing);
        CgroupException e = assertThrows(CgroupException.class, () -> c.create(c.paths("/jrun/c1", "c1"), plan()));
        assertEquals("create cgroup " + root.resolve("memory/jrun/c1") + ": mkdir " + root.resolve("memory/jrun")
                + ": permission denied", e.getMessage());
        assertEquals(List.of(), cgroupDirs(), "cpuset's and devices' levels removed again");
        assertEquals(List.of("devices/jrun/c1", "devices/jrun", "cpuset/jrun/c1", "cpuset/jrun"), calls("rmdir"),
                "the later hierarchy first, each from the bottom up");
    }

    @Test
    void nameSystemdAndTheUnifiedDirectoryAreJoinedBestEffort() throws IOException {
        fs = FakeCgroupFs.hybrid(root);
        cgroups = fs.v1Cgroups(huge);
        V1Cgroup cg = create("/jrun/c1");
        assertEquals(new CgroupRef(root.resolve("unified/jrun/c1").toString(), 2), cg.ref().unified());
        cg.addProcess(42);
        assertEquals(List.of(42), CgroupProcesses.read(root.resolve("unified/jrun/c1")), "runc's \"\" group");
        assertEquals(List.of(42), CgroupProcesses.read(root.resolve("systemd/jrun/c1")));
        fs.killsToDie.put(42, 1);
        cg.killAll();
        cg.destroy();
        assertFalse(Files.exists(root.resolve("unified/jrun")));

        // Neither can be made: the container goes without them.
        CgroupKernel failing = new CgroupFakeTreeTest.DelegatingKernel(fs) {
            @Override
            public int mkdir(Path dir) {
                return dir.startsWith(root.resolve("systemd")) || dir.startsWith(root.resolve("unified"))
                        ? -Errno.EROFS : super.mkdir(dir);
            }
        };
        V1Cgroups c = fs.v1Cgroups(huge, failing);
        V1Cgroup without = c.create(c.paths("/jrun/c2", "c2"), plan());
        assertFalse(without.ref().subsystems().containsKey("name=systemd"));
        assertNull(without.ref().unified());
        // Joining them fails quietly too.
        fs.mkdir(root.resolve("systemd/jrun"));
        fs.mkdir(root.resolve("systemd/jrun/c2"));
        fs.failWrites.put(root.resolve("systemd/jrun/c2/cgroup.procs").toString(), -Errno.EACCES);
        Map<String, CgroupRef> subsystems = new LinkedHashMap<>(without.ref().subsystems());
        subsystems.put("name=systemd", new CgroupRef(root.resolve("systemd/jrun/c2").toString(), 0));
        c.open(new V1CgroupRef(subsystems, null)).addProcess(43);
        assertEquals(List.of(43), CgroupProcesses.read(root.resolve("devices/jrun/c2")));
    }

    @Test
    void writesGoToTheDirectoryOfTheSubsystemTheirFileNames() {
        V1Cgroup cg = cgroups.create(cgroups.paths("/c1", "c1"), plan(
                write("cpuset.cpus", "0-1", "linux.resources.cpu.cpus"),
                write("devices.deny", "a", "linux.resources.devices"),
                write("memory.limit_in_bytes", "1048576", "linux.resources.memory.limit"),
                write("cpu.shares", "512", "linux.resources.cpu.shares"),
                write("pids.max", "16", "linux.resources.pids.limit"),
                write("blkio.weight", "300", "linux.resources.blockIO.weight"),
                write("hugetlb.2MB.limit_in_bytes", "4194304", "linux.resources.hugepageLimits[0].limit"),
                write("net_cls.classid", "1048577", "linux.resources.network.classID"),
                write("net_prio.ifpriomap", "eth0 5", "linux.resources.network.priorities[0]")));
        List<String> values = fs.writes().stream().filter(w -> !w.contains("/cpuset.cpus=0-3")
                && !w.contains("/cpuset.mems=")).toList();
        assertEquals(List.of("cpuset/c1/cpuset.cpus=0-1", "devices/c1/devices.deny=a",
                "memory/c1/memory.limit_in_bytes=1048576", "cpu,cpuacct/c1/cpu.shares=512", "pids/c1/pids.max=16",
                "blkio/c1/blkio.weight=300", "hugetlb/c1/hugetlb.2MB.limit_in_bytes=4194304",
                "net_cls,net_prio/c1/net_cls.classid=1048577", "net_cls,net_prio/c1/net_prio.ifpriomap=eth0 5"), values);
        fs.log.clear();
        cg.configure(plan(write("pids.max", "32", "linux.resources.pids.limit")));
        assertEquals(List.of("pids/c1/pids.max=32"), fs.writes());
    }

    @Test
    void aConfigIsPlannedAsRuncsFsDriverAndWritten() throws IOException {
        V1Cgroup cg = cgroups.create(cgroups.paths("/c1", "c1"), config("{\"memory\":{\"limit\":1048576,\"swap\":2097152},"
                + "\"cpu\":{\"shares\":512},\"pids\":{\"limit\":16},\"blockIO\":{\"weight\":300}}"));
        List<String> writes = fs.writes().stream().filter(w -> !w.startsWith("cpuset/")).toList();
        // devices: from the allow-all a new cgroup inherits, deny-all, then runc's default rules
        assertEquals("devices/c1/devices.deny=a *:* rwm", writes.get(0));
        assertTrue(writes.contains("devices/c1/devices.allow=c 1:3 rwm"), writes.toString());
        assertEquals(List.of("memory/c1/memory.limit_in_bytes=1048576", "memory/c1/memory.memsw.limit_in_bytes=2097152",
                "cpu,cpuacct/c1/cpu.shares=512", "pids/c1/pids.max=16", "blkio/c1/blkio.weight=300"),
                writes.stream().filter(w -> !w.startsWith("devices/")).toList());
        String rules = Files.readString(root.resolve("devices/c1/devices.list"));
        assertFalse(rules.contains("a *:* rwm"), rules);

        // update: only what changed, so that the devices are never all denied in between; a BFQ
        // kernel's blkio (no blkio.weight) takes blkio.bfq.weight
        Files.delete(root.resolve("blkio/c1/blkio.weight"));
        Files.writeString(root.resolve("blkio/c1/blkio.bfq.weight"), "100\n");
        fs.log.clear();
        cg.update(config("{\"devices\":[{\"allow\":true,\"type\":\"c\",\"major\":188,\"minor\":0,"
                + "\"access\":\"rwm\"}],\"blockIO\":{\"weight\":300}}"));
        assertEquals(List.of("devices/c1/devices.allow=c 188:0 rwm", "blkio/c1/blkio.bfq.weight=300"), fs.writes());
        assertEquals(rules + "c 188:0 rwm\n", Files.readString(root.resolve("devices/c1/devices.list")));
    }

    @Test
    void aConfigIsCheckedBeforeAnythingIsMade() {
        CgroupException e = assertThrows(CgroupException.class, () -> cgroups.create(cgroups.paths("/c1", "c1"),
                config("{\"unified\":{\"memory.max\":\"1000\"}}")));
        assertEquals("linux.resources.unified: invalid configuration: cannot use unified on cgroup v1 (its keys are"
                + " cgroup v2 files)", e.getMessage());
        assertTrue(fs.log.isEmpty(), fs.log.toString());
    }

    @Test
    void inAUserNamespaceTheDeviceRulesAreNotWritten() throws IOException {
        // runc's devices Set does nothing there: the kernel refuses devices.allow and devices.deny
        V1Cgroups userns = new V1Cgroups(fs.layout(), fs, huge, Duration.ofMillis(300), Duration.ofMillis(300), true);
        userns.create(userns.paths("/c1", "c1"), config("{\"pids\":{\"limit\":16}}"));
        assertEquals(List.of("pids/c1/pids.max=16"), fs.writes().stream().filter(w -> !w.startsWith("cpuset/")).toList());
        Path uidMap = tmp.resolve("uid_map");
        Files.writeString(uidMap, "         0          0 4294967295\n");
        assertFalse(V1Cgroups.inUserNamespace(uidMap), "the initial namespace maps every uid");
        Files.writeString(uidMap, "         0       1000          1\n");
        assertTrue(V1Cgroups.inUserNamespace(uidMap));
        assertFalse(V1Cgroups.inUserNamespace(tmp.resolve("none")), "a kernel without user namespaces");
    }

    @Test
    void aFailedWriteNamesFieldFileAndValueAndCleansUp() throws IOException {
        fs.failWrites.put("cpu.shares", -Errno.EINVAL);
        CgroupException e = assertThrows(CgroupException.class, () -> cgroups.create(cgroups.paths("/jrun/c1", "c1"),
                plan(write("memory.limit_in_bytes", "1048576", "linux.resources.memory.limit"),
                        write("cpu.shares", "1", "linux.resources.cpu.shares"))));
        assertEquals("linux.resources.cpu.shares: write \"1\" to " + root.resolve("cpu,cpuacct/jrun/c1/cpu.shares")
                + ": invalid argument", e.getMessage());
        assertEquals(List.of(), cgroupDirs(), "every hierarchy's directories removed");
    }

    @Test
    void aMissingFileOrABusyMemoryLimitIsExplained() throws IOException {
        V1Cgroup cg = create("/c1");
        Path memory = cg.path("memory").orElseThrow();
        Files.delete(memory.resolve("memory.memsw.limit_in_bytes"));
        CgroupException missing = assertThrows(CgroupException.class,
                () -> cg.configure(plan(write("memory.memsw.limit_in_bytes", "2097152", "linux.resources.memory.swap"))));
        assertEquals("linux.resources.memory.swap: write \"2097152\" to " + memory.resolve("memory.memsw.limit_in_bytes")
                + ": no such file or directory (this kernel has no memory.memsw.limit_in_bytes in the \"memory\""
                + " hierarchy)", missing.getMessage());
        // runc's setMemory: EBUSY is a limit below what the cgroup uses and cannot give back.
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "5000000\n");
        Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "6000000\n");
        fs.failWrites.put("memory.limit_in_bytes", -Errno.EBUSY);
        CgroupException busy = assertThrows(CgroupException.class,
                () -> cg.configure(plan(write("memory.limit_in_bytes", "1048576", "linux.resources.memory.limit"))));
        assertEquals("linux.resources.memory.limit: write \"1048576\" to " + memory.resolve("memory.limit_in_bytes")
                + ": device or resource busy: unable to set memory limit to 1048576 (current usage: 5000000, peak usage:"
                + " 6000000)",
                busy.getMessage());
    }

    @Test
    void optionalFilesAndRetriesWorkAsOnV2() throws IOException {
        V1Cgroup cg = create("/c1");
        Files.delete(cg.path("memory").orElseThrow().resolve("memory.memsw.limit_in_bytes"));
        fs.log.clear();
        // memory+swap below the current memory limit: EINVAL until memory.limit_in_bytes is lowered
        CgroupKernel kernel = new CgroupFakeTreeTest.DelegatingKernel(fs) {
            boolean lowered;

            @Override
            public int write(Path file, String value) {
                String name = file.getFileName().toString();
                if (name.equals("memory.kmem.limit_in_bytes") && !lowered) {
                    super.write(file, value);
                    return -Errno.EINVAL;
                }
                lowered |= name.equals("memory.limit_in_bytes");
                return super.write(file, value);
            }
        };
        fs.v1Cgroups(huge, kernel).open(cg.ref()).configure(plan(
                new ResourcePlan.Write("memory.memsw.limit_in_bytes", "4096", "linux.resources.memory.swap", true, null),
                new ResourcePlan.Write("memory.kmem.limit_in_bytes", "2048", "linux.resources.memory.kernel", false,
                        "memory.limit_in_bytes"),
                write("memory.limit_in_bytes", "1024", "linux.resources.memory.limit")));
        assertEquals(List.of("memory/c1/memory.memsw.limit_in_bytes=4096", "memory/c1/memory.kmem.limit_in_bytes=2048",
                "memory/c1/memory.limit_in_bytes=1024", "memory/c1/memory.kmem.limit_in_bytes=2048"), fs.writes());
    }

    @Test
    void aStepWhoseHierarchyIsNotMountedIsABugOfThePlanner() throws IOException {
        CgroupException e = assertThrows(CgroupException.class, () -> cgroups.create(cgroups.paths("/c1", "c1"),
                plan(write("rdma.max", "mlx4_0 hca_handle=2", "linux.resources.rdma"))));
        assertEquals("linux.resources.rdma: cannot set rdma limit: container could not join or create cgroup (no \"rdma\""
                + " hierarchy is mounted on this host, so rdma.max has nowhere to go; a bug: the v1 planner should have"
                + " refused this field)", e.getMessage());
        assertEquals(List.of(), cgroupDirs());
        ResourcePlan v2 = new ResourcePlan(List.of(new ResourcePlan.IoWeight(null, 500, "linux.resources.blockIO.weight")),
                Set.of(), null, null, List.of());
        CgroupException io = assertThrows(CgroupException.class, () -> cgroups.create(cgroups.paths("/c1", "c1"), v2));
        assertTrue(io.getMessage().startsWith("linux.resources.blockIO.weight: cannot apply IoWeight["), io.getMessage());
    }

    @Test
    void anExistingCgroupIsUsedIfEmptyAndNotFrozen() throws IOException {
        fs.mkdir(root.resolve("devices/pod"));
        fs.mkdir(root.resolve("freezer/pod"));
        Files.writeString(root.resolve("devices/pod/cgroup.procs"), "4242\n");
        V1Paths paths = cgroups.paths("/pod", "pod");
        CgroupException busy = assertThrows(CgroupException.class, () -> cgroups.create(paths, plan()));
        assertEquals("cgroup " + root.resolve("devices/pod") + " is not empty: 1 process(es) found [4242]",
                busy.getMessage());
        assertTrue(Files.isDirectory(root.resolve("devices/pod")), "what existed stays");
        assertFalse(Files.exists(root.resolve("memory/pod")), "what create made is gone");
        Files.writeString(root.resolve("devices/pod/cgroup.procs"), "");
        fs.write(root.resolve("freezer/pod/freezer.state"), "FROZEN");
        CgroupException frozen = assertThrows(CgroupException.class, () -> cgroups.create(paths, plan()));
        assertEquals("cgroup " + root.resolve("freezer/pod") + " is frozen (freezer.state is FROZEN)", frozen.getMessage());
        fs.write(root.resolve("freezer/pod/freezer.state"), "THAWED");
        V1Cgroup cg = cgroups.create(paths, plan());
        assertEquals(0, cg.ref().subsystems().get("devices").createdDepth());
        assertEquals(1, cg.ref().subsystems().get("memory").createdDepth());
    }

    @Test
    void theReferenceSurvivesStateJsonAndReopens() {
        V1Paths paths = cgroups.paths("/jrun/c1", "c1");
        V1CgroupRef before = cgroups.refBeforeCreate(paths);
        assertEquals(new CgroupRef(root.resolve("memory/jrun/c1").toString(), 2), before.subsystems().get("memory"));
        V1Cgroup cg = cgroups.create(paths, plan());
        assertEquals(before, cg.ref(), "refBeforeCreate foresaw what create made");
        String json = Json.toJson(cg.ref());
        assertTrue(json.startsWith("{\"subsystems\":{\"cpuset\":{\"path\":\"" + root.resolve("cpuset/jrun/c1")
                + "\",\"createdDepth\":2},"), json);
        assertFalse(json.contains("unified"), "absent on a legacy host: " + json);
        V1CgroupRef read = Json.parse(json, V1CgroupRef.class, "state.json");
        assertEquals(cg.ref(), read);
        assertEquals(List.copyOf(cg.ref().subsystems().keySet()), List.copyOf(read.subsystems().keySet()));
        assertEquals(cg.paths(), cgroups.open(read).paths());
    }

    @Test
    void openRefusesADirectoryOutsideItsHierarchy() {
        Map<String, CgroupRef> subsystems = Map.of("memory", new CgroupRef(root.resolve("cpuset/c1").toString(), 1));
        CgroupException e = assertThrows(CgroupException.class, () -> cgroups.open(new V1CgroupRef(subsystems, null)));
        assertEquals("cgroup " + root.resolve("cpuset/c1") + " is not a directory below the mount point of the \"memory\""
                + " hierarchy " + root.resolve("memory"), e.getMessage());
        Map<String, CgroupRef> rdma = Map.of("rdma", new CgroupRef("/sys/fs/cgroup/rdma/c1", 1));
        assertThrows(CgroupException.class, () -> cgroups.open(new V1CgroupRef(rdma, null)));
    }

    @Test
    void aProcessJoinsEveryHierarchyAndIsListedFromDevices() throws IOException {
        V1Cgroup cg = create("/c1");
        fs.log.clear();
        cg.addProcess(42);
        assertEquals(List.of("cpuset", "devices", "memory", "cpu,cpuacct", "pids", "blkio", "hugetlb", "net_cls,net_prio",
                "perf_event", "freezer", "systemd"), fs.writes().stream()
                .map(w -> w.substring(0, w.indexOf("/c1/cgroup.procs=42"))).toList(), "each directory once, in order");
        fs.mkdir(root.resolve("devices/c1/sub"));
        fs.write(root.resolve("devices/c1/sub/cgroup.procs"), "43");
        assertEquals(List.of(42), cg.pids());
        assertEquals(List.of(42, 43), cg.allPids());
        assertFalse(cg.isEmpty());
    }

    @Test
    void destroyRemovesEveryDirectoryAndTheParentsItMadeWhileEmpty() throws IOException {
        V1Cgroup c1 = create("/jrun/c1");
        V1Cgroup c2 = cgroups.create(cgroups.paths("/jrun/c2", "c2"), plan());
        fs.mkdir(root.resolve("memory/jrun/c1/nested")); // the container made a cgroup of its own
        c1.destroy();
        assertEquals(List.of("cpuset/jrun", "cpuset/jrun/c2"), cgroupDirs().subList(0, 2), "jrun/ still holds c2");
        assertFalse(cgroupDirs().contains("memory/jrun/c1"));
        c2.destroy();
        assertTrue(cgroupDirs().contains("memory/jrun"), "c2 did not create jrun/");
        cgroups.open(c1.ref()).destroy(); // gone already: fine, and c1's ref says it made jrun/
        assertEquals(List.of(), cgroupDirs());
    }

    @Test
    void destroyRetriesWhileBusy() {
        V1Cgroup cg = create("/c1");
        AtomicInteger busy = new AtomicInteger(3);
        CgroupKernel exiting = new CgroupFakeTreeTest.DelegatingKernel(fs) {
            @Override
            public int rmdir(Path dir) {
                // tasks that have exited but are not released yet: EBUSY for a moment
                if (dir.equals(root.resolve("memory/c1")) && busy.getAndDecrement() > 0) {
                    return -Errno.EBUSY;
                }
                return super.rmdir(dir);
            }
        };
        fs.v1Cgroups(huge, exiting).open(cg.ref()).destroy();
        assertEquals(-1, busy.get(), "three refusals, then removed");
        assertFalse(Files.exists(root.resolve("memory/c1")));
    }

    @Test
    void destroyOfABusyCgroupRemovesWhatItCanAndNamesTheRest() throws IOException {
        V1Cgroup cg = create("/c1");
        Files.writeString(root.resolve("devices/c1/cgroup.procs"), "77\n");
        Files.writeString(root.resolve("memory/c1/cgroup.procs"), "77\n");
        long t0 = System.nanoTime();
        CgroupException e = assertThrows(CgroupException.class, cg::destroy);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "one bound (300 ms here) for all");
        assertEquals("remove cgroup " + root.resolve("memory/c1") + ": device or resource busy for 300ms (processes"
                + " left: [77]); remove cgroup " + root.resolve("devices/c1") + ": device or resource busy for 300ms"
                + " (processes left: [77])", e.getMessage());
        assertEquals(List.of("devices/c1", "memory/c1"), cgroupDirs());
    }

    private Path dir(String hierarchy) {
        return root.resolve(hierarchy + "/c1");
    }

    private List<String> freezerWrites() {
        return fs.writes().stream().filter(w -> w.contains("freezer.state")).map(w -> w.substring(w.indexOf('=') + 1))
                .toList();
    }

    /** The container /c1, created with nothing to write, the fake's log cleared. */
    private V1Cgroup container() {
        V1Cgroup cg = create("/c1");
        fs.log.clear();
        return cg;
    }

    /** A v1 host without the named hierarchies. */
    private V1Cgroup without(String... hierarchies) {
        List<String> mounts = new ArrayList<>(FakeCgroupFs.V1_MOUNTS);
        mounts.removeAll(List.of(hierarchies));
        Path other = tmp.resolve("other");
        FakeCgroupFs partial = FakeCgroupFs.v1(other, false, mounts);
        V1Cgroups c = partial.v1Cgroups(huge);
        return c.create(c.paths("/c1", "c1"), plan());
    }

    // ---- freezer ---------------------------------------------------------------------------

    @Test
    void freezeWritesFrozenUntilItReadsBack() {
        V1Cgroup cg = container();
        fs.freezingWrites = 3; // FREEZING three times, as while processes keep forking
        cg.freeze();
        assertEquals(List.of("FROZEN", "FROZEN", "FROZEN", "FROZEN"), freezerWrites());
        assertEquals(FreezerState.FROZEN, cg.freezerState());
        cg.thaw();
        assertEquals(FreezerState.THAWED, cg.freezerState());
    }

    @Test
    void aFreezeThatNeverCompletesIsThawedAndReported() {
        V1Cgroup cg = container();
        fs.freezingWrites = Integer.MAX_VALUE;
        CgroupException e = assertThrows(CgroupException.class, cg::freeze);
        assertEquals("freeze cgroup " + dir("freezer") + ": unable to freeze: " + dir("freezer").resolve("freezer.state")
                + " still said FREEZING after 1000 attempts (0 processes; a process in an uninterruptible sleep, D, is"
                + " not frozen until it leaves it); thawed it again", e.getMessage());
        List<String> writes = freezerWrites();
        assertEquals(1000, writes.stream().filter("FROZEN"::equals).count());
        assertEquals(20 + 1, writes.stream().filter("THAWED"::equals).count(), "every 50th attempt, and at the end");
        assertEquals("THAWED", writes.getLast());
        assertEquals(FreezerState.THAWED, cg.freezerState());
    }

    @Test
    void aFreezerStuckInFreezingIsReportedAfterTheBound() throws IOException {
        V1Cgroup cg = container();
        Files.writeString(dir("freezer").resolve("freezer.state"), "FREEZING\n");
        CgroupException e = assertThrows(CgroupException.class, cg::freezerState);
        assertEquals("read the freezer state of " + dir("freezer") + ": " + dir("freezer").resolve("freezer.state")
                + " has said FREEZING for 300ms", e.getMessage());
    }

    @Test
    void aCgroupFrozenByAnAncestorIsNotPaused() throws IOException {
        V1Cgroup cg = container();
        // runc's GetState: FROZEN, but not by itself (freezer.self_freezing 0)
        Files.writeString(dir("freezer").resolve("freezer.state"), "FROZEN\n");
        assertEquals(FreezerState.THAWED, cg.freezerState());
        Files.writeString(dir("freezer").resolve("freezer.self_freezing"), "2\n");
        CgroupException e = assertThrows(CgroupException.class, cg::freezerState);
        assertEquals("read the freezer state of " + dir("freezer") + ": unknown \"freezer.self_freezing\" state: \"2\" ("
                + dir("freezer").resolve("freezer.self_freezing") + ")", e.getMessage());
    }

    @Test
    void withoutAFreezerHierarchyFreezingNamesIt() {
        V1Cgroup noFreezer = without("freezer");
        assertEquals(FreezerState.UNDEFINED, noFreezer.freezerState());
        CgroupException e = assertThrows(CgroupException.class, noFreezer::freeze);
        assertEquals("freeze cgroup: cannot toggle freezer: cgroups not configured for container (this host has no"
                + " freezer hierarchy mounted)", e.getMessage());
        assertThrows(CgroupException.class, noFreezer::thaw);
    }

    // ---- kill ------------------------------------------------------------------------------

    @Test
    void signalAllSignalsEveryProcessWithTheCgroupFrozen() throws IOException {
        V1Cgroup cg = container();
        cg.addProcess(11);
        fs.mkdir(dir("devices").resolve("sub"));
        fs.write(dir("devices").resolve("sub/cgroup.procs"), "12");
        List<String> seen = new ArrayList<>();
        CgroupKernel kernel = new CgroupFakeTreeTest.DelegatingKernel(fs) {
            @Override
            public int kill(int pid, int signal) {
                seen.add(pid + ":" + signal + ":" + CgroupFiles.read(dir("freezer").resolve("freezer.state"), "").strip());
                return super.kill(pid, signal);
            }
        };
        V1Cgroup c = fs.v1Cgroups(huge, kernel).open(cg.ref());
        c.signalAll(15);
        assertEquals(List.of("11:15:FROZEN", "12:15:FROZEN"), seen);
        assertEquals(FreezerState.THAWED, c.freezerState(), "thawed after");
        // A paused container stays paused.
        seen.clear();
        c.freeze();
        c.signalAll(10);
        assertEquals(List.of("11:10:FROZEN", "12:10:FROZEN"), seen);
        assertEquals(FreezerState.FROZEN, c.freezerState());
    }

    @Test
    void killAllSignalsUntilEveryProcessIsGone() throws IOException {
        V1Cgroup cg = container();
        cg.addProcess(11);
        cg.addProcess(12);
        fs.killsToDie.put(11, 1);
        fs.killsToDie.put(12, 3); // e.g. a process that forked twice
        cg.killAll();
        assertTrue(cg.isEmpty());
        assertEquals(3, fs.kills.stream().filter(k -> k[0] == 12 && k[1] == 9).count());
        assertEquals(List.of("FROZEN", "THAWED"), freezerWrites(), "the first round frozen, as runc's");
        cg.destroy();
    }

    @Test
    void killAllThawsAPausedContainerAfterTheSignalsForItsProcessesToDie() throws IOException {
        V1Cgroup cg = container();
        cg.addProcess(11);
        fs.killsToDie.put(11, 1);
        cg.freeze();
        cg.killAll();
        assertTrue(cg.isEmpty());
        assertEquals(List.of("FROZEN", "THAWED"), freezerWrites(), "v1 holds a frozen task's SIGKILL until it thaws");
        assertEquals(FreezerState.THAWED, cg.freezerState());
        cg.destroy();
    }

    @Test
    void killAllIsBounded() throws IOException {
        V1Cgroup cg = container();
        cg.addProcess(11); // never dies
        CgroupException e = assertThrows(CgroupException.class, cg::killAll);
        assertTrue(e.getMessage().startsWith("kill the processes of " + dir("devices") + ": 1 process left: 11"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(" after 300ms"), e.getMessage());
    }

    // ---- stats -----------------------------------------------------------------------------

    @Test
    void statsFromTheV1Files() throws IOException {
        V1Cgroup cg = container();
        Files.writeString(dir("cpu,cpuacct").resolve("cpuacct.usage"), "1500000\n");
        Files.writeString(dir("cpu,cpuacct").resolve("cpuacct.stat"), "user 12\nsystem 3\n");
        Files.writeString(dir("cpu,cpuacct").resolve("cpu.stat"), "nr_periods 10\nnr_throttled 2\nthrottled_time 300\n");
        Path memory = dir("memory");
        Files.writeString(memory.resolve("memory.stat"), "cache 1096\nrss 3000\ntotal_cache 1096\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "4096\n");
        Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "8192\n");
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "1048576\n");
        Files.writeString(memory.resolve("memory.failcnt"), "5\n");
        Files.writeString(memory.resolve("memory.memsw.usage_in_bytes"), "4196\n");
        Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "2097152\n");
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(dir("pids").resolve("pids.current"), "3\n");
        Files.writeString(dir("pids").resolve("pids.max"), "16\n");
        Files.writeString(dir("blkio").resolve("blkio.throttle.io_service_bytes_recursive"),
                "8:0 Read 1459200\n8:0 Write 314773504\n8:0 Sync 0\nTotal 316232704\n");
        Files.writeString(dir("blkio").resolve("blkio.throttle.io_serviced_recursive"), "8:0 Read 192\n8:0 Write 353\n"
                + "Total 545\n");
        Files.writeString(dir("hugetlb").resolve("hugetlb.2MB.usage_in_bytes"), "2097152\n");
        Files.writeString(dir("hugetlb").resolve("hugetlb.2MB.max_usage_in_bytes"), "4194304\n");
        Files.writeString(dir("hugetlb").resolve("hugetlb.2MB.failcnt"), "4\n");
        CgroupStats s = cg.stats();
        // cpuacct.stat in USER_HZ ticks (100 a second): 12 ticks are 120 ms
        assertEquals(new CgroupStats.CpuUsage(1_500_000, 30_000_000, 120_000_000), s.cpu().usage());
        assertEquals(new CgroupStats.Throttling(10, 2, 300, 0, 0), s.cpu().throttling());
        assertEquals(new CgroupStats.MemoryEntry(1048576, 4096, 8192, 5), s.memory().usage());
        assertEquals(new CgroupStats.MemoryEntry(2097152, 4196, 0, 0), s.memory().swap());
        assertEquals(1096, s.memory().cache());
        assertEquals(3000L, s.memory().raw().get("rss"));
        assertEquals(0, s.memory().oom());
        assertEquals(2, s.memory().oomKill());
        assertEquals(2, cg.oomKillCount());
        assertEquals(new CgroupStats.Pids(3, 16), s.pids());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 1459200),
                new CgroupStats.BlkioEntry(8, 0, "Write", 314773504), new CgroupStats.BlkioEntry(8, 0, "Sync", 0)),
                s.blkio().ioServiceBytesRecursive());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 192), new CgroupStats.BlkioEntry(8, 0, "Write", 353)),
                s.blkio().ioServicedRecursive());
        assertEquals(new CgroupStats.Hugetlb(2097152, 4194304, 4), s.hugetlb().get("2MB"));
    }

    @Test
    void blkioStatsComeFromRuncsFirstGroupWithData() throws IOException {
        V1Cgroup cg = container();
        Path blkio = dir("blkio");
        // CFQ's recursive tables come before the throttle ones, but only when its first file has data.
        Files.writeString(blkio.resolve("blkio.sectors_recursive"), "8:0 6792\n");
        Files.writeString(blkio.resolve("blkio.io_serviced_recursive"), "8:0 Read 7\n");
        Files.writeString(blkio.resolve("blkio.throttle.io_serviced_recursive"), "8:0 Read 9\n");
        CgroupStats.Blkio cfqStopsEarly = cg.stats().blkio();
        assertEquals(List.of(), cfqStopsEarly.ioServicedRecursive(), "runc stops at CFQ's second file, which is missing");
        for (String f : List.of("io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive",
                "io_queued_recursive", "time_recursive", "io_service_bytes_recursive")) {
            Files.writeString(blkio.resolve("blkio." + f), "8:0 Read 1\n");
        }
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 7)), cg.stats().blkio().ioServicedRecursive());
        Files.writeString(blkio.resolve("blkio.sectors_recursive"), "");
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 9)), cg.stats().blkio().ioServicedRecursive(),
                "an empty first file: the next group");
        Files.writeString(blkio.resolve("blkio.throttle.io_serviced_recursive"), "8:0\n");
        CgroupException e = assertThrows(CgroupException.class, cg::stats);
        assertEquals("parse " + blkio.resolve("blkio.throttle.io_serviced_recursive") + ": line \"8:0\" is not"
                + " \"MAJ:MIN [OP] VALUE\"", e.getMessage());
    }

    @Test
    void statsWithoutHierarchiesAreZero() throws IOException {
        V1Cgroup cg = container();
        V1Cgroup bare = without("memory", "cpu,cpuacct", "pids", "blkio", "hugetlb");
        CgroupStats s = bare.stats();
        assertEquals(new CgroupStats.CpuUsage(0, 0, 0), s.cpu().usage());
        assertEquals(new CgroupStats.MemoryEntry(0, 0, 0, 0), s.memory().usage());
        assertEquals(new CgroupStats.Pids(0, 0), s.pids(), "runc's fs driver counts no processes without pids");
        assertEquals(Map.of(), s.hugetlb());
        assertEquals(0, bare.oomKillCount());
        // A kernel without swap accounting: memsw is zero.
        Files.delete(dir("memory").resolve("memory.memsw.usage_in_bytes"));
        Files.delete(dir("memory").resolve("memory.memsw.limit_in_bytes"));
        assertEquals(new CgroupStats.MemoryEntry(0, 0, 0, 0), cg.stats().memory().swap());
    }

    @Test
    void statsOfARemovedCgroupFail() {
        V1Cgroup cg = container();
        cg.destroy();
        CgroupException e = assertThrows(CgroupException.class, cg::stats);
        assertEquals("read the statistics of " + dir("devices") + ": the cgroup does not exist", e.getMessage());
        assertFalse(cg.exists());
    }

    // ---- OOM -------------------------------------------------------------------------------

    @Test
    void theOomWatcherReportsKillsAndEndsWithTheCgroup() throws Exception {
        V1Cgroup cg = container();
        cg.addProcess(11);
        try (OomWatcher w = cg.watchOom()) {
            assertEquals(1, fs.registrations(), "an eventfd in memory/c1's cgroup.event_control");
            assertEquals(0, w.await(Duration.ofMillis(50)));
            fs.oom(dir("memory"), 2);
            assertEquals(2, w.await(Duration.ofSeconds(5)));
            assertEquals(2, w.total());
            // No kill counted (memory.oom_control's OOM killer disabled): the notification itself.
            fs.oom(dir("memory"), 0);
            assertEquals(1, w.await(Duration.ofSeconds(5)));
            assertEquals(2, w.total());
            // The kernel notifies before the OOM killer counts its kill: the kill is waited for.
            Thread killer = Thread.ofPlatform().start(() -> {
                fs.oom(dir("memory"), 0);
                sleep(30);
                fs.oom(dir("memory"), 1);
            });
            assertEquals(1, w.await(Duration.ofSeconds(5)));
            killer.join();
            assertEquals(3, w.total());
            assertEquals(0, w.await(Duration.ofMillis(50)), "the late kill's own notification was drained");
            // The cgroup removed: the kernel signals once more, and the watch ends.
            Files.writeString(dir("memory").resolve("cgroup.procs"), "");
            fs.rmdir(dir("memory"));
            assertEquals(OomWatcher.ENDED, w.await(Duration.ofSeconds(5)));
        }
        assertEquals(0, fs.openFds, "the eventfd and memory.oom_control closed");
    }

    @Test
    void theOomWatchEndsWhenNoProcessIsLeft() {
        V1Cgroup cg = container();
        try (OomWatcher w = cg.watchOom()) {
            assertEquals(OomWatcher.ENDED, w.await(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aFailedRegistrationIsReportedAndLeavesNoFd() {
        V1Cgroup cg = container();
        fs.failWrites.put("cgroup.event_control", -Errno.EACCES);
        CgroupException e = assertThrows(CgroupException.class, cg::watchOom);
        assertTrue(e.getMessage().startsWith("watch OOM kills in " + dir("memory") + ": write \""), e.getMessage());
        assertTrue(e.getMessage().endsWith("\" to " + dir("memory").resolve("cgroup.event_control")
                + ": permission denied"), e.getMessage());
        assertEquals(0, fs.openFds);
        CgroupException none = assertThrows(CgroupException.class, () -> without("memory").watchOom());
        assertEquals("watch OOM kills: memory controller missing (this host has no memory hierarchy mounted)",
                none.getMessage());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }
}
