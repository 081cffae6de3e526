package io.jrun.core.cgroups.systemd;

import static io.jrun.core.cgroups.LayoutSamples.BUILD_MACHINE;
import static io.jrun.core.cgroups.LayoutSamples.BUILD_MACHINE_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.CENTOS7;
import static io.jrun.core.cgroups.LayoutSamples.CENTOS7_CGROUP;
import static io.jrun.core.cgroups.LayoutSamples.PURE_V2;
import static io.jrun.core.cgroups.LayoutSamples.PURE_V2_CGROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.CgroupLayout;
import io.jrun.core.cgroups.V1Paths;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemdCgroupTest {
    static CgroupLayout layout(String mountinfo, String cgroup) {
        return CgroupLayout.parse(mountinfo, "mountinfo", cgroup, "cgroup");
    }

    static String error(String cgroupsPath) {
        return assertThrows(CgroupException.class, () -> SystemdCgroup.parse(cgroupsPath, "c1")).getMessage();
    }

    @Test
    void slicePrefixAndNameAreSplitAtTheColons() {
        // runc's TestLinuxCgroupSystemd, with a slice name ExpandSlice takes ("parent" fails in
        // runc too, when its manager expands it; here at once, see below).
        SystemdCgroup c = SystemdCgroup.parse("parent.slice:scopeprefix:name", "c1");
        assertEquals(new SystemdCgroup("parent.slice", "scopeprefix", "name"), c);
        assertEquals("scopeprefix-name.scope", c.unitName());
        assertEquals("Scope", c.unitType());
        assertFalse(c.isSlice());
        assertEquals("/parent.slice/scopeprefix-name.scope", c.cgroup(false));
        // Docker's.
        SystemdCgroup docker = SystemdCgroup.parse("system.slice:docker:4f2a", "4f2a");
        assertEquals("docker-4f2a.scope", docker.unitName());
        assertEquals("/system.slice/docker-4f2a.scope", docker.cgroup(false));
        // The kubelet's pods: the slice is expanded.
        assertEquals("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod12.slice/cri-containerd-ab.scope",
                SystemdCgroup.parse("kubepods-burstable-pod12.slice:cri-containerd:ab", "ab").cgroup(false));
    }

    @Test
    void anEmptyPathIsTheIdInTheDefaultSliceWithPrefixRunc() {
        // runc's TestLinuxCgroupSystemdWithEmptyPath: Parent "", ScopePrefix "runc", Name the id;
        // the managers take system.slice for the empty Parent, user.slice when rootless.
        SystemdCgroup c = SystemdCgroup.parse("", "ContainerID");
        assertEquals(new SystemdCgroup("", "runc", "ContainerID"), c);
        assertEquals(c, SystemdCgroup.parse(null, "ContainerID"));
        assertEquals("runc-ContainerID.scope", c.unitName());
        assertEquals("system.slice", c.parentSlice(false));
        assertEquals("user.slice", c.parentSlice(true));
        assertEquals("/system.slice/runc-ContainerID.scope", c.cgroup(false));
        assertEquals("/user.slice/runc-ContainerID.scope", c.cgroup(true));
        // An empty slice in the path is the default too; empty prefix and name are as runc
        // joins them.
        SystemdCgroup empty = SystemdCgroup.parse(":p:", "c1");
        assertEquals("p-.scope", empty.unitName());
        assertEquals("/system.slice/p-.scope", empty.cgroup(false));
        assertEquals("-n.scope", SystemdCgroup.parse("::n", "c1").unitName());
    }

    @Test
    void aPathNotOfThreePartsIsRefusedInRuncsWords() {
        // runc's TestLinuxCgroupSystemdWithInvalidPath.
        assertEquals("linux.cgroupsPath: expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, "
                + "got \"/user/cgroups/path/id\" instead", error("/user/cgroups/path/id"));
        assertTrue(error("system.slice:docker").contains("got \"system.slice:docker\" instead"));
        assertTrue(error("a.slice:b:c:d").contains("got \"a.slice:b:c:d\" instead"));
    }

    @Test
    void aBadSliceIsRefusedAtOnce() {
        assertEquals("linux.cgroupsPath: \"parent:scopeprefix:name\": invalid slice name: parent",
                error("parent:scopeprefix:name"));
        assertEquals("linux.cgroupsPath: \"a--b.slice:p:n\": invalid slice name: a--b.slice", error("a--b.slice:p:n"));
    }

    @Test
    void aUnitNameSystemdRefusesIsRefusedAtOnce() {
        assertEquals("linux.cgroupsPath: \"system.slice:docker:a/b\": the unit name \"docker-a/b.scope\" is not one "
                + "systemd takes: it has \"/\", and a unit name is made of letters, digits and \":-_.\\@\"",
                error("system.slice:docker:a/b"));
        assertTrue(error("system.slice:docker:a+b").contains("it has \"+\""));
        assertTrue(error("system.slice:docker:" + "x".repeat(250))
                .endsWith("it has 263 characters, more than systemd's 255"));
        // From the container id, the error names it.
        CgroupException e = assertThrows(CgroupException.class, () -> SystemdCgroup.parse("", "a+b"));
        assertTrue(e.getMessage().startsWith("container id: \"a+b\": the unit name \"runc-a+b.scope\""), e.getMessage());
        // What systemd takes: escapes, underscores, instances.
        assertEquals("p-a\\x2dc_d@e.scope", SystemdCgroup.parse("system.slice:p:a\\x2dc_d@e", "c1").unitName());
    }

    @Test
    void aNameEndingInSliceMakesThatSliceInItsParent() {
        // runc's TestPodSkipDevicesUpdate pod: Parent system.slice, Name system-runc_test_pod.slice.
        SystemdCgroup pod = SystemdCgroup.parse("system.slice:ignored:system-runc_test_pod.slice", "c1");
        assertTrue(pod.isSlice());
        assertEquals("system-runc_test_pod.slice", pod.unitName());
        assertEquals("Slice", pod.unitType());
        assertEquals("/system.slice/system-runc_test_pod.slice", pod.cgroup(false));
        assertEquals("/kubepods.slice", SystemdCgroup.parse("-.slice::kubepods.slice", "c1").cgroup(false));
        // systemd places a slice by its name: runc would compute /system.slice/pods.slice, where
        // systemd makes /pods.slice.
        assertEquals("linux.cgroupsPath: \"system.slice::pods.slice\": systemd puts the slice pods.slice in -.slice "
                + "(a slice's name says its parent), not in system.slice; name it system-NAME.slice to have it there",
                error("system.slice::pods.slice"));
        assertTrue(error("::kubepods.slice").contains("not in system.slice"));
        assertTrue(error("-.slice::a-b.slice").endsWith("name it NAME.slice to have it there"));
        assertTrue(error("system.slice::-.slice").endsWith("the root slice -.slice has no parent"));
    }

    @Test
    void onV2TheUnitIsBelowTheMountPoint() {
        CgroupLayout.Unified v2 = (CgroupLayout.Unified) layout(PURE_V2, PURE_V2_CGROUP);
        // runc's initPath: the caller's own cgroup (a login session here) plays no part.
        assertEquals(Path.of("/sys/fs/cgroup/system.slice/docker-4f2a.scope"),
                SystemdCgroup.parse("system.slice:docker:4f2a", "4f2a").unifiedDir(v2));
        assertEquals(Path.of("/sys/fs/cgroup/kubepods.slice/kubepods-pod1.slice/crio-ab.scope"),
                SystemdCgroup.parse("kubepods-pod1.slice:crio:ab", "ab").unifiedDir(v2));
        assertEquals(Path.of("/sys/fs/cgroup/runc-c1.scope"), SystemdCgroup.parse("-.slice:runc:c1", "c1").unifiedDir(v2));
        // Under a user manager: its ControlGroup, then user.slice by default (podman rootless).
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-ab.scope"),
                new SystemdCgroup("", "libpod", "ab").unifiedDir(v2, "/user.slice/user-1000.slice/user@1000.service"));
    }

    @Test
    void onV1TheUnitIsBelowEachMountPoint() {
        SystemdCgroup c = SystemdCgroup.parse("system.slice:docker:4f2a", "4f2a");
        // The build machine (hybrid): the memory cgroup of the caller plays no part, and the
        // unified hierarchy has the unit too.
        V1Paths build = c.legacyDirs(layout(BUILD_MACHINE, BUILD_MACHINE_CGROUP));
        assertEquals(Path.of("/sys/fs/cgroup/memory/system.slice/docker-4f2a.scope"), build.subsystems().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/devices/system.slice/docker-4f2a.scope"), build.subsystems().get("devices"));
        assertEquals(Path.of("/sys/fs/cgroup/systemd/system.slice/docker-4f2a.scope"),
                build.subsystems().get("name=systemd"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/system.slice/docker-4f2a.scope")), build.unified());
        // CentOS 7 (legacy): co-mounted hierarchies share a directory; a login session's cgroup
        // plays no part either.
        V1Paths centos = c.legacyDirs(layout(CENTOS7, CENTOS7_CGROUP));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct/system.slice/docker-4f2a.scope"), centos.subsystems().get("cpu"));
        assertEquals(centos.subsystems().get("cpu"), centos.subsystems().get("cpuacct"));
        assertEquals(Optional.empty(), centos.unified());
        assertEquals(List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids", "blkio", "hugetlb", "net_cls",
                "net_prio", "perf_event", "freezer", "name=systemd"), List.copyOf(centos.subsystems().keySet()));
        CgroupException e = assertThrows(CgroupException.class, () -> c.legacyDirs(layout(PURE_V2, PURE_V2_CGROUP)));
        assertTrue(e.getMessage().contains("this host is unified"), e.getMessage());
    }
}
