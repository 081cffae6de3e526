package io.jrun.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.CreateOptions;
import io.jrun.api.JrunException;
import io.jrun.api.RuntimeOptions;
import io.jrun.api.Status;
import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.FakeCgroupFs;
import io.jrun.core.cgroups.V1Cgroups;
import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.state.ContainerRecord;
import io.jrun.core.state.StateStore;
import io.jrun.sys.Errno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * create, pause, delete and their failures on a hybrid host's cgroup v1 hierarchies
 * ({@link FakeCgroupFs#hybrid}), with the lifecycle's other fakes as in {@link LifecycleFailureTest}:
 * the init is cloned outside the container's cgroups and moved into every hierarchy before it goes
 * on, and whatever fails removes the directories of every hierarchy.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleV1Test {
    private static final int PID = 4242;
    /** The hierarchies of FakeCgroupFs.V1_MOUNTS, and the hybrid host's v2 one. */
    private static final List<String> MOUNTS = List.of("cpuset", "devices", "memory", "cpu,cpuacct", "pids", "blkio",
            "hugetlb", "net_cls,net_prio", "perf_event", "freezer", "systemd", "unified");

    @TempDir
    Path tmp;

    private Path cgroupRoot;
    private FakeCgroupFs cgroupFs;
    private FakeHostKernel kernel;
    private FakeChildStage stage;
    private Path stateRoot;
    private Path bundle;
    private Lifecycle lifecycle;

    @BeforeEach
    void setUp() throws Exception {
        cgroupRoot = Files.createDirectory(tmp.resolve("cgroup"));
        cgroupFs = FakeCgroupFs.hybrid(cgroupRoot);
        V1Cgroups cgroups = cgroupFs.v1Cgroups(tmp.resolve("no-hugepages"));
        cgroupFs.killsToDie.put(PID, 1); // a SIGKILL ends the init, and takes it out of every cgroup.procs
        kernel = new FakeHostKernel(cgroupFs::close);
        stage = new FakeChildStage(kernel);
        stateRoot = tmp.resolve("state");
        bundle = Files.createDirectory(tmp.resolve("bundle"));
        Files.createDirectory(bundle.resolve("rootfs"));
        Files.writeString(bundle.resolve("config.json"), """
                {"ociVersion": "1.2.0",
                 "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"},
                 "linux": {"cgroupsPath": "/jrun/c1",
                           "resources": {"pids": {"limit": 16}, "cpu": {"shares": 512}},
                           "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "cgroup"}]}}
                """);
        lifecycle = new Lifecycle(new RuntimeOptions(stateRoot, false, "auto"), () -> stage, kernel,
                CgroupManagers.v1(() -> cgroups));
    }

    private void create() {
        lifecycle.create("c1", bundle, CreateOptions.defaults());
    }

    private Path dir(String mount) {
        return cgroupRoot.resolve(mount).resolve("jrun/c1");
    }

    private static List<Integer> procs(Path dir) {
        try {
            return Files.readString(dir.resolve("cgroup.procs")).lines().map(Integer::parseInt).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every directory below a hierarchy's root that jrun made: none once the container is gone. */
    private List<Path> left() throws IOException {
        List<Path> left = new ArrayList<>();
        for (String m : MOUNTS) {
            try (Stream<Path> s = Files.list(cgroupRoot.resolve(m))) {
                left.addAll(s.filter(Files::isDirectory).toList());
            }
        }
        return left;
    }

    private void assertNothingLeft() throws IOException {
        assertFalse(Files.exists(stateRoot.resolve("c1")), "the state directory is removed");
        assertEquals(List.of(), left(), "no cgroup left in any hierarchy");
        assertEquals(List.of(), kernel.openFds(), "every fd closed");
    }

    @Test
    void theInitIsClonedOutsideAndMovedIntoEveryHierarchyBeforeItGoesOn() throws Exception {
        List<String> atProceed = new ArrayList<>();
        stage.onProceed = (child, at) -> {
            if (at == SyncProtocol.CGROUP) {
                for (String m : MOUNTS) {
                    if (!procs(dir(m)).contains(child.pid())) {
                        atProceed.add(m);
                    }
                }
            }
        };

        create();

        assertEquals(-1, stage.clones.getFirst().cgroupFd(), "no CLONE_INTO_CGROUP on v1");
        FakeChildStage.Child init = stage.children.getFirst();
        assertEquals(SyncProtocol.CGROUP, init.awaited.getFirst(), "the first sync point: before anything else");
        assertEquals(List.of(), atProceed, "hierarchies the init was not in when let go");
        assertEquals("16", Files.readString(dir("pids").resolve("pids.max")).strip());
        assertEquals("512", Files.readString(dir("cpu,cpuacct").resolve("cpu.shares")).strip());

        ContainerRecord r;
        try (StateStore.Handle h = new StateStore(stateRoot).open("c1")) {
            r = h.read();
        }
        assertNull(r.cgroup(), "no v2 record");
        assertNotNull(r.cgroupV1());
        assertEquals(dir("pids").toString(), r.cgroupV1().subsystems().get("pids").path());
        assertEquals(2, r.cgroupV1().subsystems().get("pids").createdDepth(), "jrun and c1 were made");
        assertEquals(dir("unified").toString(), r.cgroupV1().unified().path());
        assertTrue(Files.readString(stateRoot.resolve("c1/state.json")).contains("\"cgroupV1\""));
        assertEquals(Status.CREATED, lifecycle.state("c1").status());
    }

    @Test
    void pauseAndResumeGoThroughTheFreezerHierarchy() throws Exception {
        create();

        lifecycle.pause("c1");
        assertEquals("FROZEN", Files.readString(dir("freezer").resolve("freezer.state")).strip());
        assertEquals(Status.PAUSED, lifecycle.state("c1").status());

        lifecycle.resume("c1");
        assertEquals("THAWED", Files.readString(dir("freezer").resolve("freezer.state")).strip());
        assertEquals(Status.CREATED, lifecycle.state("c1").status());
        assertEquals(List.of(PID), lifecycle.ps("c1"));
    }

    @Test
    void deleteForceRemovesTheDirectoriesOfEveryHierarchy() throws Exception {
        create();

        lifecycle.delete("c1", true);

        assertNull(kernel.stat(PID), "killed and reaped");
        assertNothingLeft();
    }

    @Test
    void aWriteThatFailsInOneHierarchyRemovesEverythingAndStartsNoProcess() throws Exception {
        cgroupFs.failWrites.put("pids.max", -Errno.EINVAL);

        CgroupException e = assertThrows(CgroupException.class, this::create);

        assertTrue(e.getMessage().contains("pids.max"), e.getMessage());
        assertTrue(stage.children.isEmpty(), "no child was started");
        assertNothingLeft();
    }

    @Test
    void aChildThatFailsAfterTheMoveLeavesNoCgroupInAnyHierarchy() throws Exception {
        stage.failAt = SyncProtocol.READY;
        stage.failure = new ChildFailure("mount proc on /proc", Errno.EPERM);

        JrunException e = assertThrows(JrunException.class, this::create);

        assertEquals("mount proc on /proc: operation not permitted", e.getMessage());
        FakeChildStage.Child child = stage.children.getFirst();
        assertTrue(child.killed && child.closed, "the child is killed and its channel closed");
        assertNothingLeft();
    }

    @Test
    void aMoveThatFailsKillsTheChildAndRemovesEverything() throws Exception {
        cgroupFs.failWrites.put(dir("cpu,cpuacct").resolve("cgroup.procs").toString(), -Errno.ENOSPC);

        CgroupException e = assertThrows(CgroupException.class, this::create);

        assertTrue(e.getMessage().contains("cgroup.procs"), e.getMessage());
        FakeChildStage.Child child = stage.children.getFirst();
        assertTrue(child.killed, "the child is killed");
        assertEquals(List.of(SyncProtocol.CGROUP), child.awaited, "it never got past the move");
        assertNothingLeft();
    }

    @Test
    void anInvalidResourceIsReportedByFieldBeforeAnythingIsMade() throws Exception {
        Files.writeString(bundle.resolve("config.json"), Files.readString(bundle.resolve("config.json"))
                .replace("\"shares\": 512", "\"shares\": 1"));

        JrunException e = assertThrows(JrunException.class, this::create);

        assertTrue(e.getMessage().contains("linux.resources.cpu.shares"), e.getMessage());
        assertFalse(Files.exists(stateRoot.resolve("c1")));
        assertEquals(List.of(), left());
    }
}
