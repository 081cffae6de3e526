package io.jrun.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HierarchyTest {
    /** This build machine's layout: v1 controllers, and a cgroup2 at /sys/fs/cgroup/unified. */
    static final String HYBRID = LayoutSamples.BUILD_MACHINE;
    static final String HYBRID_CGROUP = LayoutSamples.BUILD_MACHINE_CGROUP;

    static final String V2 = """
            22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw
            25 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;

    @Test
    void hybridHostFindsUnifiedMountAndV1Controllers() {
        Hierarchy h = Hierarchy.parse(HYBRID, "mountinfo", HYBRID_CGROUP, "cgroup");
        assertEquals(Path.of("/sys/fs/cgroup/unified"), h.mountPoint());
        assertEquals("/", h.ownCgroup());
        assertEquals(Path.of("/sys/fs/cgroup/memory"), h.v1Controllers().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu"), h.v1Controllers().get("cpu"));
        assertFalse(h.v1Controllers().containsKey("name=systemd"), "named hierarchies are not controllers");
        assertTrue(h.hybrid());
        assertEquals(Path.of("/sys/fs/cgroup/unified"), h.ownCgroupDir());
    }

    @Test
    void pureV2Host() {
        Hierarchy h = Hierarchy.parse(V2, "mountinfo", "0::/user.slice/user-1001.slice/session-1.scope\n", "cgroup");
        assertEquals(Path.of("/sys/fs/cgroup"), h.mountPoint());
        assertEquals("/user.slice/user-1001.slice/session-1.scope", h.ownCgroup());
        assertFalse(h.hybrid());
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1001.slice/session-1.scope"), h.ownCgroupDir());
    }

    @Test
    void prefersSysFsCgroupOverOtherCgroup2Mounts() {
        String mi = """
                50 1 0:40 / /mnt/other rw - cgroup2 cgroup2 rw
                25 22 0:23 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
                51 1 0:40 / /run/x rw - cgroup2 cgroup2 rw
                """;
        assertEquals(Path.of("/sys/fs/cgroup"), Hierarchy.parse(mi, "m", "0::/\n", "c").mountPoint());
    }

    @Test
    void mountOfASubtreeStripsItsRootFromOwnCgroup() {
        // A container that sees its own cgroup mounted at /sys/fs/cgroup without a cgroup namespace.
        String mi = "25 22 0:23 /machine.slice/c1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
        Hierarchy h = Hierarchy.parse(mi, "m", "0::/machine.slice/c1/init\n", "c");
        assertEquals("/init", h.ownCgroup());
    }

    @Test
    void escapedMountPoint() {
        String mi = "25 22 0:23 / /tmp/with\\040space rw - cgroup2 cgroup2 rw\n";
        assertEquals(Path.of("/tmp/with space"), Hierarchy.parse(mi, "m", "0::/\n", "c").mountPoint());
        assertEquals("a\\b", MountInfo.unescape("a\\134b"));
        assertEquals("end\\04", MountInfo.unescape("end\\04"));
    }

    @Test
    void noCgroup2MountIsAClearError() {
        String v1Only = "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n";
        CgroupException e = assertThrows(CgroupException.class,
                () -> Hierarchy.parse(v1Only, "/proc/self/mountinfo", "1:cpu:/\n0::/\n", "c"));
        assertTrue(e.getMessage().contains("no cgroup2 filesystem is mounted"), e.getMessage());
        assertTrue(e.getMessage().contains("/proc/self/mountinfo"), e.getMessage());
    }

    @Test
    void missingUnifiedLineIsAClearError() {
        // runc's parseCgroupFromReader cases: no "0::" line is an error.
        CgroupException e = assertThrows(CgroupException.class,
                () -> Hierarchy.parse(V2, "m", "2:cpuset:/foo\n1:name=systemd:/\n", "/proc/self/cgroup"));
        assertTrue(e.getMessage().contains("/proc/self/cgroup has no \"0::/...\" line"), e.getMessage());
        assertEquals("/user.slice/user-1001.slice/session-1.scope",
                Hierarchy.parse(V2, "m", "2:cpuset:/foo\n1:name=systemd:/\n0::/user.slice/user-1001.slice/session-1.scope\n", "c")
                        .ownCgroup());
    }

    @Test
    void detectReadsInjectedFiles(@TempDir Path tmp) throws Exception {
        Path mi = Files.writeString(tmp.resolve("mountinfo"), HYBRID);
        Path cg = Files.writeString(tmp.resolve("cgroup"), "0::/jrun-test\n");
        Hierarchy h = Hierarchy.detect(mi, cg);
        assertEquals(Path.of("/sys/fs/cgroup/unified/jrun-test"), h.ownCgroupDir());
        CgroupException e = assertThrows(CgroupException.class, () -> Hierarchy.detect(tmp.resolve("nope"), cg));
        assertTrue(e.getMessage().contains("read " + tmp.resolve("nope") + ": no such file or directory"), e.getMessage());
    }

    @Test
    void thisMachineHasAUnifiedHierarchy() {
        // Every machine jrun runs on has /proc/self/mountinfo; the build machines are hybrid.
        Hierarchy h = Hierarchy.detect();
        assertTrue(h.mountPoint().startsWith("/sys/fs/cgroup"), h.toString());
        assertTrue(h.ownCgroup().startsWith("/"), h.toString());
    }
}
