package io.jrun.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupPathsTest {
    static final Hierarchy V2_SESSION = new Hierarchy(Path.of("/sys/fs/cgroup"),
            "/user.slice/user-1001.slice/session-1.scope", Map.of());
    static final Hierarchy HYBRID_ROOT = new Hierarchy(Path.of("/sys/fs/cgroup/unified"), "/", Map.of());

    @Test
    void absolutePathIsUnderTheRoot() {
        // runc's TestDefaultDirPath: "/foo/bar" → /sys/fs/cgroup/foo/bar
        assertEquals(Path.of("/sys/fs/cgroup/foo/bar"), CgroupPaths.containerPath(V2_SESSION, "/foo/bar", "c1"));
        assertEquals(Path.of("/sys/fs/cgroup/unified/foo/bar"), CgroupPaths.containerPath(HYBRID_ROOT, "/foo/bar", "c1"));
    }

    @Test
    void relativePathIsUnderTheParentOfOwnCgroup() {
        // runc's TestDefaultDirPath: "foo/bar" → root + Dir(own cgroup) + foo/bar
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1001.slice/foo/bar"),
                CgroupPaths.containerPath(V2_SESSION, "foo/bar", "c1"));
        // Own cgroup "/": its parent is "/" too.
        assertEquals(Path.of("/sys/fs/cgroup/unified/foo/bar"), CgroupPaths.containerPath(HYBRID_ROOT, "foo/bar", "c1"));
    }

    @Test
    void absentPathUsesTheContainerIdAsARelativePath() {
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1001.slice/c1"),
                CgroupPaths.containerPath(V2_SESSION, null, "c1"));
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1001.slice/c1"),
                CgroupPaths.containerPath(V2_SESSION, "", "c1"));
        assertEquals(Path.of("/sys/fs/cgroup/unified/c1"), CgroupPaths.containerPath(HYBRID_ROOT, null, "c1"));
    }

    @Test
    void pathsCannotEscapeTheHierarchy() {
        assertEquals(Path.of("/sys/fs/cgroup/etc"), CgroupPaths.containerPath(V2_SESSION, "/../../../etc", "c1"));
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1001.slice/etc"),
                CgroupPaths.containerPath(V2_SESSION, "../../../etc", "c1"));
        assertEquals(Path.of("/sys/fs/cgroup/a/c"), CgroupPaths.containerPath(V2_SESSION, "//a/./b/../c/", "c1"));
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1001.slice/x"),
                CgroupPaths.containerPath(V2_SESSION, null, "../x"));
    }

    @Test
    void pathsNamingNoCgroupOfTheirOwnAreRefused() {
        for (String p : new String[] {"/", "/..", "..", ".", "a/.."}) {
            CgroupException e = assertThrows(CgroupException.class, () -> CgroupPaths.containerPath(V2_SESSION, p, "c1"));
            assertTrue(e.getMessage().startsWith("linux.cgroupsPath: \"" + p + "\" names no cgroup of its own"),
                    e.getMessage());
        }
    }

    @Test
    void cleanPathIsRuncs() {
        // libcontainer/utils TestCleanPath
        assertEquals("", CgroupPaths.cleanPath(""));
        assertEquals("rootfs", CgroupPaths.cleanPath("rootfs"));
        assertEquals("rootfs", CgroupPaths.cleanPath("../../../var/../rootfs"));
        assertEquals("/", CgroupPaths.cleanPath("/../../../var/.."));
        assertEquals("/var", CgroupPaths.cleanPath("/../../../var"));
        assertEquals("/var", CgroupPaths.cleanPath("/../path/../var"));
        assertEquals("path/var", CgroupPaths.cleanPath("path/../../var/../path/var"));
        assertEquals(".", CgroupPaths.cleanPath("."));
    }

    @Test
    void goClean() {
        assertEquals(".", CgroupPaths.clean(""));
        assertEquals("/", CgroupPaths.clean("//"));
        assertEquals("../a", CgroupPaths.clean("../a"));
        assertEquals("/a", CgroupPaths.clean("/../a"));
        assertEquals("a/c", CgroupPaths.clean("a/b/../c"));
        assertEquals("/", CgroupPaths.dir("/"));
        assertEquals("/", CgroupPaths.dir("/a"));
        assertEquals("/a", CgroupPaths.dir("/a/b"));
    }
}
