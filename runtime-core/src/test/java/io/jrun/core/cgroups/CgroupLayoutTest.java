package io.jrun.core.cgroups;

import static io.jrun.core.cgroups.LayoutSamples.BUILD_MACHINE;
import static io.jrun.core.cgroups.LayoutSamples.BUILD_MACHINE_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.CENTOS7;
import static io.jrun.core.cgroups.LayoutSamples.CENTOS7_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.DOCKER_SCOPE;
import static io.jrun.core.cgroups.LayoutSamples.DOCKER_V1;
import static io.jrun.core.cgroups.LayoutSamples.DOCKER_V1_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.PURE_V2;
import static io.jrun.core.cgroups.LayoutSamples.PURE_V2_CGROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    static CgroupLayout parse(String mountinfo, String procCgroup) {
        return CgroupLayout.parse(mountinfo, "mountinfo", procCgroup, "cgroup");
    }

    static V1Hierarchy hierarchy(CgroupLayout layout, String subsystem) {
        for (V1Hierarchy h : layout.v1()) {
            if (h.subsystems().contains(subsystem)) {
                return h;
            }
        }
        throw new AssertionError(subsystem + " not in " + layout);
    }

    @Test
    void buildMachineIsHybrid() {
        CgroupLayout.Hybrid l = assertInstanceOf(CgroupLayout.Hybrid.class, parse(BUILD_MACHINE, BUILD_MACHINE_CGROUP));
        assertEquals("hybrid", l.name());
        assertEquals(Path.of("/sys/fs/cgroup/unified"), l.unified().mountPoint());
        assertEquals("/", l.unified().ownCgroup());
        assertEquals(List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids", "name=systemd"),
                l.v1().stream().map(V1Hierarchy::label).toList());
        V1Hierarchy memory = hierarchy(l, "memory");
        assertEquals(new V1Hierarchy(List.of("memory"), "", Path.of("/sys/fs/cgroup/memory"), "/",
                "/process_api/0123456789abcdef0123456789abcdef"), memory);
        assertEquals("/process_api/0123456789abcdef0123456789abcdef", memory.ownCgroupInMount());
        V1Hierarchy systemd = hierarchy(l, "name=systemd");
        assertEquals(List.of(), systemd.controllers());
        assertEquals("systemd", systemd.name());
        // The v2 view keeps what the v2 code had: v1 controllers, not the named hierarchy.
        Hierarchy h = Hierarchy.of(l, "mountinfo");
        assertEquals(l.unified(), h);
        assertEquals(List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"),
                List.copyOf(h.v1Controllers().keySet()));
    }

    @Test
    void pureV2HostIsUnified() {
        CgroupLayout.Unified l = assertInstanceOf(CgroupLayout.Unified.class, parse(PURE_V2, PURE_V2_CGROUP));
        assertEquals("unified", l.name());
        assertEquals(List.of(), l.v1());
        assertEquals(new Hierarchy(Path.of("/sys/fs/cgroup"), "/user.slice/user-1000.slice/session-3.scope", Map.of()),
                l.unified());
    }

    @Test
    void centos7IsLegacyWithCoMountedControllers() {
        CgroupLayout.Legacy l = assertInstanceOf(CgroupLayout.Legacy.class, parse(CENTOS7, CENTOS7_CGROUP));
        assertEquals("legacy", l.name());
        assertEquals(List.of(), l.unusedCgroup2());
        assertEquals(List.of("name=systemd", "net_prio,net_cls", "cpuacct,cpu", "memory", "devices", "freezer", "blkio",
                "perf_event", "hugetlb", "cpuset", "pids"), l.v1().stream().map(V1Hierarchy::label).toList());
        V1Hierarchy cpu = hierarchy(l, "cpu");
        assertEquals(cpu, hierarchy(l, "cpuacct"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), cpu.mountPoint());
        assertEquals("/user.slice", cpu.ownCgroup());
        // Flags among the super options are not subsystems; "name=systemd" is a name.
        V1Hierarchy systemd = hierarchy(l, "name=systemd");
        assertEquals(new V1Hierarchy(List.of(), "systemd", Path.of("/sys/fs/cgroup/systemd"), "/",
                "/user.slice/user-1000.slice/session-1.scope"), systemd);
        CgroupException e = assertThrows(CgroupException.class, () -> Hierarchy.of(l, "/proc/self/mountinfo"));
        assertEquals("find the cgroup v2 hierarchy: no cgroup2 filesystem is mounted (/proc/self/mountinfo has no"
                + " cgroup2 line); jrun needs the unified hierarchy, at /sys/fs/cgroup or /sys/fs/cgroup/unified",
                e.getMessage());
    }

    @Test
    void insideAContainerTheMountRootIsTheContainersCgroup() {
        // runc's TestGetCgroupMounts (systemdMountinfo): every root is the docker scope.
        CgroupLayout l = parse(DOCKER_V1, DOCKER_V1_CGROUP);
        assertInstanceOf(CgroupLayout.Legacy.class, l);
        assertEquals(9, l.v1().size());
        for (V1Hierarchy h : l.v1()) {
            assertEquals(DOCKER_SCOPE, h.mountRoot(), h.label());
            assertEquals(DOCKER_SCOPE, h.ownCgroup(), h.label());
            assertEquals("/", h.ownCgroupInMount(), h.label());
            assertTrue(h.mountPoint().startsWith("/sys/fs/cgroup/"), h.label());
        }
        // clone_children and release_agent= are flags.
        assertEquals(List.of("cpuset"), hierarchy(l, "cpuset").controllers());
        assertEquals(List.of("perf_event"), hierarchy(l, "perf_event").controllers());
        assertEquals(List.of("net_cls", "net_prio"), hierarchy(l, "net_prio").controllers());
    }

    @Test
    void insideAContainerOnV2TheUnifiedOwnCgroupIsRelativeToTheMount() {
        String mi = "25 22 0:23 " + DOCKER_SCOPE + " /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";
        CgroupLayout.Unified l = assertInstanceOf(CgroupLayout.Unified.class, parse(mi, "0::" + DOCKER_SCOPE + "\n"));
        assertEquals("/", l.unified().ownCgroup());
    }

    @Test
    void aHierarchyMountedTwiceIsTakenFromSysFsCgroupElseFromTheFirstMount() {
        // runc's TestFindCgroupMountpointAndRoot: /foo comes first, but the lookup runc makes for
        // an absolute cgroup path (below the cgroup root /sys/fs/cgroup) finds the second.
        String fake = """
                35 27 0:29 / /foo rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,devices
                35 27 0:29 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,devices
                36 27 0:30 / /mnt/a rw - cgroup cgroup rw,memory
                37 27 0:30 /sub /mnt/b rw - cgroup cgroup rw,memory
                """;
        CgroupLayout l = parse(fake, "2:memory:/\n1:devices:/\n");
        assertEquals(List.of(Path.of("/sys/fs/cgroup/devices"), Path.of("/mnt/a")),
                l.v1().stream().map(V1Hierarchy::mountPoint).toList());
    }

    @Test
    void bedrockStrataMountEveryHierarchyAgain() {
        // Part of runc's bedrockMountinfo (TestGetCgroupMounts): each hierarchy is mounted under
        // /sys/fs/cgroup and again in every stratum; a stratum's mount listed first loses too.
        String mi = """
                120 17 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:16 - tmpfs tmpfs ro,mode=755
                129 124 0:29 / /bedrock/strata/arch/sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd
                125 120 0:29 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd
                128 123 0:29 / /bedrock/strata/fallback/sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd
                150 120 0:34 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:50 - cgroup cgroup rw,cpu,cpuacct
                154 124 0:34 / /bedrock/strata/arch/sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:50 - cgroup cgroup rw,cpu,cpuacct
                153 123 0:34 / /bedrock/strata/fallback/sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:50 - cgroup cgroup rw,cpu,cpuacct
                """;
        CgroupLayout l = parse(mi, "2:cpu,cpuacct:/\n1:name=systemd:/init.scope\n");
        assertEquals(List.of(Path.of("/sys/fs/cgroup/systemd"), Path.of("/sys/fs/cgroup/cpu,cpuacct")),
                l.v1().stream().map(V1Hierarchy::mountPoint).toList());
    }

    @Test
    void subsystemsListedButNotMountedAndMountedButNotListedAreLeftOut() {
        // rdma is in /proc/self/cgroup, not mounted; "misc" is mounted on a hierarchy the
        // process is not listed in (a mountinfo read from another namespace, say).
        String mi = BUILD_MACHINE + "42 31 0:39 / /sys/fs/cgroup/misc rw,relatime - cgroup cgroup rw,misc\n";
        CgroupLayout l = parse(mi, "10:rdma:/\n" + BUILD_MACHINE_CGROUP);
        assertTrue(l.v1().stream().noneMatch(h -> h.subsystems().contains("rdma") || h.subsystems().contains("misc")),
                l.toString());
        assertEquals(9, l.v1().size());
    }

    @Test
    void cgroup2MountedElsewhereOnAV1HostIsUnused() {
        // Cilium mounts a cgroup2 for its programs on any host; runc's IsCgroup2HybridMode looks
        // at /sys/fs/cgroup/unified only.
        String mi = CENTOS7 + "90 23 0:50 / /run/cilium/cgroupv2 rw,relatime shared:40 - cgroup2 none rw\n";
        CgroupLayout.Legacy l = assertInstanceOf(CgroupLayout.Legacy.class, parse(mi, CENTOS7_CGROUP + "0::/\n"));
        assertEquals(List.of(Path.of("/run/cilium/cgroupv2")), l.unusedCgroup2());
        assertEquals(11, l.v1().size());
        CgroupException e = assertThrows(CgroupException.class, () -> Hierarchy.of(l, "/proc/self/mountinfo"));
        assertTrue(e.getMessage().startsWith("find the cgroup v2 hierarchy: the controllers are on cgroup v1, and"
                + " /proc/self/mountinfo has cgroup2 only at /run/cilium/cgroupv2, not at /sys/fs/cgroup/unified"),
                e.getMessage());
    }

    @Test
    void cgroup2AtSysFsCgroupSystemdIsNotANamedHierarchy() {
        // runc's TestIgnoreCgroup2Mount (cgroup2Mountinfo): systemd's "unified-systemd" mode puts
        // a cgroup2 where the name=systemd hierarchy would be; it is neither v1 nor hybrid.
        String mi = """
                25 18 0:23 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,seclabel,mode=755
                26 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup rw
                29 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,cpu,cpuacct
                30 25 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,memory
                """;
        CgroupLayout.Legacy l = assertInstanceOf(CgroupLayout.Legacy.class,
                parse(mi, "3:memory:/\n2:cpu,cpuacct:/\n1:name=systemd:/\n0::/init.scope\n"));
        assertEquals(List.of("cpu,cpuacct", "memory"), l.v1().stream().map(V1Hierarchy::label).toList());
        assertEquals(List.of(Path.of("/sys/fs/cgroup/systemd")), l.unusedCgroup2());
    }

    @Test
    void v1MountsNextToAPureV2RootAreNotUsed() {
        // cgroup2 at /sys/fs/cgroup makes runc's IsCgroup2UnifiedMode true, whatever else is
        // mounted; a v1 net_cls hierarchy some tool mounted stays only as a hint.
        String mi = PURE_V2 + "60 25 0:40 / /run/net_cls rw,relatime - cgroup cgroup rw,net_cls\n";
        CgroupLayout.Unified l = assertInstanceOf(CgroupLayout.Unified.class, parse(mi, "1:net_cls:/\n" + PURE_V2_CGROUP));
        assertEquals(List.of(), l.v1());
        assertEquals(Map.of("net_cls", Path.of("/run/net_cls")), l.unified().v1Controllers());
    }

    @Test
    void namedHierarchiesAloneDoNotHoldControllers() {
        // systemd's hybrid layout booted with cgroup_no_v1=all: the controllers are all on v2.
        String hybridNoV1 = """
                40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                """;
        CgroupLayout.Unified u = assertInstanceOf(CgroupLayout.Unified.class, parse(hybridNoV1, "1:name=systemd:/\n0::/\n"));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), u.unified().mountPoint());
        // Without a cgroup2 it is still v1, if a useless one.
        String namedOnly = "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n";
        CgroupLayout.Legacy l = assertInstanceOf(CgroupLayout.Legacy.class, parse(namedOnly, "1:name=systemd:/\n"));
        assertEquals(List.of("name=systemd"), l.v1().stream().map(V1Hierarchy::label).toList());
    }

    @Test
    void nothingMountedIsAnErrorNamingBothFiles() {
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupLayout.parse(
                "22 1 0:21 / /sys rw - sysfs sysfs rw\n", "/proc/self/mountinfo", "1:cpu:/\n", "/proc/self/cgroup"));
        assertEquals("find the host's cgroup hierarchies: no cgroup filesystem is mounted (/proc/self/mountinfo has no"
                + " cgroup2 line, and no cgroup line for a hierarchy that /proc/self/cgroup lists)", e.getMessage());
    }

    @Test
    void procCgroupIsReadAsRuncReadsIt() {
        // runc's TestParseCgroupString: a CoreOS host whose cgroup paths hold colons.
        String mi = """
                28 24 0:24 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
                29 24 0:25 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
                """;
        String pc = """
                4:cpu,cpuacct:/system.slice/system-sshd.slice/sshd@126-10.240.0.15:22-xxx.yyy.zzz.aaa:33678.service
                3:net_cls,net_prio:/
                2:memory:/system.slice/system-sshd.slice/sshd@126-10.240.0.15:22-xxx.yyy.zzz.aaa:33678.service
                1:name=systemd:/system.slice/system-sshd.slice/sshd@126-10.240.0.15:22-xxx.yyy.zzz.aaa:33678.service
                """;
        CgroupLayout l = parse(mi, pc);
        assertEquals("/system.slice/system-sshd.slice/sshd@126-10.240.0.15:22-xxx.yyy.zzz.aaa:33678.service",
                hierarchy(l, "cpuacct").ownCgroup());
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupLayout.parse(mi, "m", "malformed input\n", "/proc/self/cgroup"));
        assertEquals("read /proc/self/cgroup: invalid cgroup entry \"malformed input\": must contain at least two colons",
                e.getMessage());
    }

    @Test
    void escapedV1MountPoint() {
        String mi = "32 31 0:29 / /sys/fs/cgroup/with\\040space rw - cgroup cgroup rw,cpu\n";
        assertEquals(Path.of("/sys/fs/cgroup/with space"), parse(mi, "1:cpu:/\n").v1().get(0).mountPoint());
    }

    @Test
    void ownCgroupInMountStaysInsideTheMount() {
        Path mnt = Path.of("/sys/fs/cgroup/memory");
        assertEquals("/a/b", new V1Hierarchy(List.of("memory"), "", mnt, "/", "/a/b").ownCgroupInMount());
        assertEquals("/", new V1Hierarchy(List.of("memory"), "", mnt, "/a", "/a").ownCgroupInMount());
        assertEquals("/b", new V1Hierarchy(List.of("memory"), "", mnt, "/a/", "/a/b").ownCgroupInMount());
        // Outside the mounted directory: runc's filepath.Rel would give "../x" and leave the mount.
        CgroupException e = assertThrows(CgroupException.class,
                () -> new V1Hierarchy(List.of("memory"), "", mnt, "/a", "/ab/x").ownCgroupInMount());
        assertEquals("find this process's cgroup in the memory hierarchy: /ab/x (from /proc/self/cgroup) is not below"
                + " the directory /a that is mounted there (mount /sys/fs/cgroup/memory, root /a)", e.getMessage());
        // Above the cgroup namespace's root, where Clean would turn "/.." into "/".
        for (String[] rootOwn : new String[][] {{"/", "/../x"}, {"/..", "/"}}) {
            e = assertThrows(CgroupException.class,
                    () -> new V1Hierarchy(List.of(), "systemd", mnt, rootOwn[0], rootOwn[1]).ownCgroupInMount());
            assertTrue(e.getMessage().contains("lies outside this process's cgroup namespace"), e.getMessage());
        }
    }

    @Test
    void detectReadsInjectedFiles(@TempDir Path tmp) throws Exception {
        Path mi = Files.writeString(tmp.resolve("mountinfo"), CENTOS7);
        Path cg = Files.writeString(tmp.resolve("cgroup"), CENTOS7_CGROUP);
        assertEquals(parse(CENTOS7, CENTOS7_CGROUP), CgroupLayout.detect(mi, cg));
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupLayout.detect(mi, tmp.resolve("nope")));
        assertEquals("find the host's cgroup hierarchies: read " + tmp.resolve("nope") + ": no such file or directory",
                e.getMessage());
    }

    @Test
    void thisHostsLayoutIsFoundOnce() {
        CgroupLayout host = CgroupLayout.host();
        assertTrue(List.of("unified", "hybrid", "legacy").contains(host.name()), host.toString());
        assertEquals(CgroupLayout.detect(), host);
        assertTrue(host == CgroupLayout.host());
    }
}
