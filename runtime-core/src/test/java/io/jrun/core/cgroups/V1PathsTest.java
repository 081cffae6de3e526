package io.jrun.core.cgroups;

import static io.jrun.core.cgroups.LayoutSamples.BUILD_MACHINE;
import static io.jrun.core.cgroups.LayoutSamples.BUILD_MACHINE_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.CENTOS7;
import static io.jrun.core.cgroups.LayoutSamples.CENTOS7_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.DOCKER_V1;
import static io.jrun.core.cgroups.LayoutSamples.DOCKER_V1_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.PURE_V2;
import static io.jrun.core.cgroups.LayoutSamples.PURE_V2_CGROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class V1PathsTest {
    static final CgroupLayout BUILD = CgroupLayoutTest.parse(BUILD_MACHINE, BUILD_MACHINE_CGROUP);
    static final CgroupLayout CENTOS = CgroupLayoutTest.parse(CENTOS7, CENTOS7_CGROUP);
    static final String MEMORY_OWN = "/sys/fs/cgroup/memory/process_api/0123456789abcdef0123456789abcdef";

    /** The build machine's subsystems in runc's order → directories: memory's, and the others' below their mount. */
    static Map<String, Path> buildMachine(String memoryDir, String otherDir) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (String s : List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids", "blkio", "freezer")) {
            m.put(s, Path.of((s.equals("memory") ? memoryDir : "/sys/fs/cgroup/" + s + otherDir)));
        }
        m.put("name=systemd", Path.of("/sys/fs/cgroup/systemd" + otherDir));
        return m;
    }

    @Test
    void absolutePathIsBelowEachMountPoint() {
        V1Paths p = V1Paths.of(BUILD, "/jrun/c1", "c1");
        assertEquals(buildMachine("/sys/fs/cgroup/memory/jrun/c1", "/jrun/c1"), p.subsystems());
        assertEquals(List.copyOf(buildMachine("", "").keySet()), List.copyOf(p.subsystems().keySet()), "runc's order");
        // runc joins the hybrid host's v2 hierarchy too.
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/jrun/c1")), p.unified());
    }

    @Test
    void relativePathIsBelowTheCallersOwnCgroupInEachHierarchy() {
        // GetOwnCgroupPath: the caller's cgroup itself, not its parent (fs2's rule); the memory
        // cgroup of the build machine's process is /process_api/ID, its others are /.
        V1Paths p = V1Paths.of(BUILD, "jrun/c1", "c1");
        assertEquals(buildMachine(MEMORY_OWN + "/jrun/c1", "/jrun/c1"), p.subsystems());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/jrun/c1")), p.unified());
        // No cgroupsPath: the container id, relative.
        assertEquals(buildMachine(MEMORY_OWN + "/c1", "/c1"), V1Paths.of(BUILD, null, "c1").subsystems());
        assertEquals(V1Paths.of(BUILD, null, "c1"), V1Paths.of(BUILD, "", "c1"));
    }

    @Test
    void theUnifiedDirectoryIgnoresTheCallersV2Cgroup() {
        // For the "" group runc's GetOwnCgroupPath returns /sys/fs/cgroup/unified itself.
        String cgroup = BUILD_MACHINE_CGROUP.replace("0::/", "0::/user.slice/user-1000.slice/session-1.scope");
        CgroupLayout l = CgroupLayoutTest.parse(BUILD_MACHINE, cgroup);
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/c1")), V1Paths.of(l, null, "c1").unified());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/a/c1")), V1Paths.of(l, "/a/c1", "c1").unified());
    }

    @Test
    void coMountedSubsystemsShareADirectory() {
        V1Paths p = V1Paths.of(CENTOS, null, "c1");
        Path cpu = Path.of("/sys/fs/cgroup/cpu,cpuacct/user.slice/c1");
        Path net = Path.of("/sys/fs/cgroup/net_cls,net_prio/c1");
        assertEquals(cpu, p.subsystems().get("cpu"));
        assertEquals(cpu, p.subsystems().get("cpuacct"));
        assertEquals(net, p.subsystems().get("net_cls"));
        assertEquals(net, p.subsystems().get("net_prio"));
        assertEquals(Path.of("/sys/fs/cgroup/systemd/user.slice/user-1000.slice/session-1.scope/c1"),
                p.subsystems().get("name=systemd"));
        assertEquals(Optional.empty(), p.unified());
        assertEquals(List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids", "blkio", "hugetlb", "net_cls",
                "net_prio", "perf_event", "freezer", "name=systemd"), List.copyOf(p.subsystems().keySet()));
        assertEquals(13, p.subsystems().size());
        assertEquals(11, p.directories().size(), "one a hierarchy");
        assertEquals(Path.of("/sys/fs/cgroup/cpuset/c1"), p.directories().iterator().next());
    }

    @Test
    void anAbsolutePathIsBelowEachMountPointWhateverTheCallersCgroups() {
        // A systemd unit's cgroup: the caller's memory cgroup (/process_api/ID) plays no part.
        V1Paths p = V1Paths.below(BUILD, "/system.slice/docker-c1.scope");
        assertEquals(buildMachine("/sys/fs/cgroup/memory/system.slice/docker-c1.scope", "/system.slice/docker-c1.scope"),
                p.subsystems());
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/system.slice/docker-c1.scope")), p.unified());
        assertEquals(V1Paths.of(BUILD, "/system.slice/docker-c1.scope", "c1"), p);
        CgroupLayout v2 = CgroupLayoutTest.parse(PURE_V2, PURE_V2_CGROUP);
        assertTrue(assertThrows(CgroupException.class, () -> V1Paths.below(v2, "/x")).getMessage()
                .contains("this host is unified"));
    }

    @Test
    void insideAContainerPathsAreRelativeToTheMountedCgroup() {
        // The mount's root is the container's cgroup, which /proc/self/cgroup names by its host
        // path: relative paths go below the mount point itself (getCgroupPathHelper's Rel).
        CgroupLayout l = CgroupLayoutTest.parse(DOCKER_V1, DOCKER_V1_CGROUP);
        V1Paths relative = V1Paths.of(l, null, "c1");
        assertEquals(Path.of("/sys/fs/cgroup/memory/c1"), relative.subsystems().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct/c1"), relative.subsystems().get("cpu"));
        assertEquals(Path.of("/sys/fs/cgroup/systemd/c1"), relative.subsystems().get("name=systemd"));
        V1Paths absolute = V1Paths.of(l, "/foo/c1", "c1");
        assertEquals(Path.of("/sys/fs/cgroup/memory/foo/c1"), absolute.subsystems().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/net_cls,net_prio/foo/c1"), absolute.subsystems().get("net_prio"));
    }

    @Test
    void pathsCannotLeaveTheMounts() {
        // runc's TestInvalidCgroupPath (fs/paths_test.go): whatever the path or the name, the
        // devices directory is below the devices mount. Cleaning drops the "..": a relative path
        // stays below the caller's cgroup, an absolute one below the mount point.
        String up = "../../../../../../../../../../some/path";
        for (String[] pathAndId : new String[][] {{up, "c1"}, {null, up}}) {
            V1Paths p = V1Paths.of(BUILD, pathAndId[0], pathAndId[1]);
            assertEquals(buildMachine(MEMORY_OWN + "/some/path", "/some/path"), p.subsystems());
            assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/some/path")), p.unified());
        }
        for (String[] pathAndId : new String[][] {{"/" + up, "c1"}, {null, "/" + up}}) {
            V1Paths p = V1Paths.of(BUILD, pathAndId[0], pathAndId[1]);
            assertEquals(buildMachine("/sys/fs/cgroup/memory/some/path", "/some/path"), p.subsystems());
            assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/some/path")), p.unified());
        }
    }

    @Test
    void pathsNamingNoCgroupOfTheirOwnAreRefused() {
        // "/" would be each hierarchy's root, "." the caller's own cgroup.
        for (String p : new String[] {"/", "/..", ".", "a/.."}) {
            CgroupException e = assertThrows(CgroupException.class, () -> V1Paths.of(CENTOS, p, "c1"));
            assertEquals("linux.cgroupsPath: \"" + p + "\" names no cgroup of its own (it cleans to /sys/fs/cgroup/cpuset);"
                    + " give a path such as \"/jrun/<id>\" or \"<id>\"", e.getMessage());
        }
        CgroupException e = assertThrows(CgroupException.class, () -> V1Paths.of(BUILD, null, ".."));
        assertTrue(e.getMessage().startsWith("container id: \"..\" names no cgroup of its own"), e.getMessage());
    }

    @Test
    void aRelativePathNeedsTheCallersCgroupInsideTheMount() {
        // A memory hierarchy of which only /a is mounted, while the caller is in /b.
        String mi = "29 24 0:25 /a /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        CgroupLayout l = CgroupLayoutTest.parse(mi, "4:memory:/b\n");
        CgroupException e = assertThrows(CgroupException.class, () -> V1Paths.of(l, null, "c1"));
        assertTrue(e.getMessage().startsWith("find this process's cgroup in the memory hierarchy: /b"), e.getMessage());
        assertEquals(Map.of("memory", Path.of("/sys/fs/cgroup/memory/c1")), V1Paths.of(l, "/c1", "c1").subsystems());
    }

    @Test
    void onlyRuncsSubsystemsAreJoined() {
        String mi = "42 31 0:39 / /sys/fs/cgroup/misc rw - cgroup cgroup rw,misc\n"
                + "43 31 0:40 / /sys/fs/cgroup/test\\040x rw - cgroup cgroup rw,name=test\n"
                + "44 31 0:41 / /sys/fs/cgroup/with\\040space rw - cgroup cgroup rw,pids\n";
        CgroupLayout l = CgroupLayoutTest.parse(mi, "3:pids:/\n2:name=test:/\n1:misc:/\n");
        assertEquals(Map.of("pids", Path.of("/sys/fs/cgroup/with space/c1")), V1Paths.of(l, null, "c1").subsystems());
        CgroupLayout none = CgroupLayoutTest.parse(mi, "2:name=test:/\n1:misc:/\n");
        CgroupException e = assertThrows(CgroupException.class, () -> V1Paths.of(none, null, "c1"));
        assertTrue(e.getMessage().startsWith("cgroup v1 paths: none of cpuset, devices, "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" is mounted (the v1 hierarchies: misc; name=test)"), e.getMessage());
    }

    @Test
    void aUnifiedHostHasNoV1Paths() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> V1Paths.of(CgroupLayoutTest.parse(PURE_V2, PURE_V2_CGROUP), null, "c1"));
        assertEquals("cgroup v1 paths: this host is unified (cgroup2 at /sys/fs/cgroup), where a container has one"
                + " cgroup directory", e.getMessage());
    }
}
