package io.jrun.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.ContainerState;
import io.jrun.api.CreateOptions;
import io.jrun.api.ExecOptions;
import io.jrun.api.JrunException;
import io.jrun.api.RuntimeOptions;
import io.jrun.api.Status;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.cgroups.FakeCgroupFs;
import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.SyncProtocol;
import io.jrun.sys.Errno;
import io.jrun.sys.Signals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * create, start, kill, state and delete when things go wrong, on fakes: the host's kernel
 * ({@link FakeHostKernel}), the child stage ({@link FakeChildStage}), a cgroup tree in a temp
 * dir ({@link FakeCgroupFs}) and a state root in a temp dir. No root, no clone.
 */
// A wait that never ends (the fakes answer at once, so it would spin) fails instead of hanging.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifecycleFailureTest {
    private static final int PID = 4242;

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
        cgroupFs = new FakeCgroupFs(cgroupRoot, "cpu", "io", "memory", "pids");
        Cgroups cgroups = cgroupFs.cgroups(tmp.resolve("no-hugepages"));
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
                           "resources": {"pids": {"limit": 16}},
                           "namespaces": [{"type": "pid"}, {"type": "mount"}]}}
                """);
        lifecycle = new Lifecycle(new RuntimeOptions(stateRoot, false, "auto"), () -> stage, kernel, () -> cgroups);
    }

    private ContainerState create() {
        return lifecycle.create("c1", bundle, CreateOptions.defaults());
    }

    /** What the init writes on the exec fifo when it is let go: '0', and a failure's record if its exec failed. */
    private void initWrites(byte[] bytes) throws Exception {
        Files.write(stateRoot.resolve("c1/exec.fifo"), bytes);
    }

    private void running() throws Exception {
        create();
        initWrites(new byte[] {'0'});
        lifecycle.start("c1");
        assertEquals(Status.RUNNING, lifecycle.state("c1").status());
    }

    private void assertNothingLeft() {
        assertFalse(Files.exists(stateRoot.resolve("c1")), "the state directory is removed");
        assertFalse(Files.exists(cgroupRoot.resolve("jrun")), "the cgroup and the parent made for it are removed");
        assertEquals(List.of(), kernel.openFds(), "every fd closed");
        assertEquals(0, cgroupFs.openFds, "the cgroup's fd closed");
    }

    @Test
    void aChildThatFailsDuringCreateLeavesNoStateNoCgroupAndNoProcess() {
        stage.failAt = SyncProtocol.READY;
        stage.failure = new ChildFailure("mount proc on /proc", Errno.EPERM);

        JrunException e = assertThrows(JrunException.class, this::create);

        assertEquals("mount proc on /proc: operation not permitted", e.getMessage());
        assertNothingLeft();
        FakeChildStage.Child child = stage.children.getFirst();
        assertTrue(child.killed && child.closed, "the child is killed and its channel closed");
        assertNull(kernel.stat(PID), "and reaped");
    }

    @Test
    void aChildThatCannotBeStartedLeavesNothing() {
        stage.failStart = new ChildFailure("clone3", Errno.EAGAIN);

        JrunException e = assertThrows(JrunException.class, this::create);

        assertEquals("clone3: resource temporarily unavailable", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aFifoThatCannotBeMadeLeavesNothing() {
        kernel.failNext("mkfifo", Errno.ENOSPC, () -> { });

        JrunException e = assertThrows(JrunException.class, this::create);

        assertEquals("create the exec fifo " + stateRoot.resolve("c1/exec.fifo") + ": no space left on device",
                e.getMessage());
        assertNothingLeft();
        assertTrue(stage.children.isEmpty(), "no child was started");
    }

    @Test
    void aSecondCreateWithTheSameIdFailsAndLeavesTheFirstAlone() {
        ContainerState first = create();
        assertEquals(Status.CREATED, first.status());
        assertEquals(PID, first.pid());

        JrunException e = assertThrows(JrunException.class, this::create);

        assertEquals("container with id c1 already exists", e.getMessage());
        assertEquals(1, stage.children.size(), "no second child");
        ContainerState after = lifecycle.state("c1");
        assertEquals(Status.CREATED, after.status());
        assertEquals(PID, after.pid());
        assertTrue(Files.isDirectory(cgroupRoot.resolve("jrun/c1")), "the first one's cgroup is still there");
        assertTrue(Files.exists(stateRoot.resolve("c1/exec.fifo")));
        assertEquals(List.of(), kernel.signals);
    }

    @Test
    void startOfAContainerWhoseProcessIsGoneSaysItStopped() {
        create();
        kernel.exit(PID);
        kernel.reap(PID);

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.start("c1"));

        assertEquals("cannot start a container that has stopped", e.getMessage());
        assertEquals(Status.STOPPED, lifecycle.state("c1").status());
        assertEquals(0, lifecycle.state("c1").pid(), "a stopped container has no pid");
    }

    @Test
    void startWhenTheProcessDiesBeforeItWritesSaysSoAndClosesTheFifo() {
        create();
        kernel.onPoll = () -> kernel.exit(PID);

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.start("c1"));

        assertEquals("the container process " + PID + " exited before it was started", e.getMessage());
        assertEquals(List.of(), kernel.openFds(), "the fifo's fd closed");
    }

    @Test
    void startReportsTheErrnoOfAFailedExec() throws Exception {
        create();
        // what the init writes on the exec fifo: its byte, then a failure record (the instruction's
        // index, then the errno, in native byte order)
        ByteBuffer record = ByteBuffer.allocate(1 + SyncProtocol.RECORD_SIZE).order(ByteOrder.nativeOrder());
        record.put((byte) SyncProtocol.STARTED).put((byte) SyncProtocol.FAILURE).putInt(0).putInt(Errno.ENOENT);
        initWrites(record.array());

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.start("c1"));

        assertEquals("exec sh: no such file or directory", e.getMessage());
        assertFalse(Files.exists(stateRoot.resolve("c1/exec.fifo")), "the fifo is used up");
        assertEquals(List.of(), kernel.openFds());
    }

    @Test
    void startOfAStartedContainerIsRefused() throws Exception {
        running();

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.start("c1"));

        assertEquals("cannot start an already running container", e.getMessage());
    }

    @Test
    void deleteOfARunningContainerWantsForce() throws Exception {
        running();

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.delete("c1", false));

        assertEquals("cannot delete container c1 that is not stopped: running", e.getMessage());
        assertEquals(Status.RUNNING, lifecycle.state("c1").status(), "nothing was done to it");
        assertEquals(List.of(), kernel.signals);
    }

    @Test
    void deleteForceOfARunningContainerKillsItReapsItAndRemovesEverything() throws Exception {
        running();

        lifecycle.delete("c1", true);

        assertEquals(List.of("pidfd_send_signal " + PID + " SIGKILL"), kernel.signals);
        assertNull(kernel.stat(PID), "killed and reaped");
        assertNothingLeft();
    }

    @Test
    void deleteForceWhenTheProcessGoesBeforeTheSignalStillRemovesEverything() throws Exception {
        running();
        // it exits between the pidfd's open and the SIGKILL: pidfd_send_signal says ESRCH
        kernel.failNext("pidfd_send_signal", Errno.ESRCH, () -> kernel.exit(PID));

        lifecycle.delete("c1", true);

        assertEquals(List.of(), kernel.signals);
        assertNothingLeft();
    }

    @Test
    void killWhenTheProcessGoesBeforeTheSignalSaysSo() throws Exception {
        running();
        kernel.failNext("pidfd_send_signal", Errno.ESRCH, () -> kernel.exit(PID));

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.kill("c1", Signals.SIGTERM, false));

        assertEquals("send SIGTERM to the container process " + PID + ": no such process", e.getMessage());
        assertEquals(List.of(), kernel.openFds(), "the pidfd closed");
    }

    @Test
    void aContainerWhosePidWasReusedIsStoppedAndTheNewProcessIsLeftAlone() throws Exception {
        running();
        kernel.exit(PID);
        kernel.reap(PID);
        kernel.spawn(PID, FakeChildStage.startTimeOf(PID) + 1); // someone else's process, same pid

        ContainerState state = lifecycle.state("c1");
        assertEquals(Status.STOPPED, state.status());
        assertEquals(0, state.pid());
        JrunException e = assertThrows(JrunException.class, () -> lifecycle.kill("c1", Signals.SIGKILL, false));
        assertEquals("container not running", e.getMessage());
        lifecycle.delete("c1", false);

        assertEquals(List.of(), kernel.signals, "no signal to the process that has the pid now");
        assertTrue(kernel.stat(PID) != null, "it lives on");
        assertNothingLeft();
    }

    private static ExecOptions exec(String... args) {
        return new ExecOptions(null, List.of(args), null, null, false, null, List.of(), List.of(), false, null, null,
                false, null, null, 0, null, false);
    }

    @Test
    void execInAContainerWhoseProcessIsGoneIsRefused() throws Exception {
        running();
        kernel.exit(PID);
        kernel.reap(PID);

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.exec("c1", exec("true")));

        assertEquals("cannot exec in a stopped container", e.getMessage());
        assertEquals(1, stage.children.size(), "no child started");
    }

    @Test
    void execWhenTheCgroupCannotBeOpenedStartsNothing() throws Exception {
        running();
        kernel.failNext("open", Errno.EACCES, () -> { });

        JrunException e = assertThrows(JrunException.class, () -> lifecycle.exec("c1", exec("true")));

        assertEquals("open the cgroup " + cgroupRoot.resolve("jrun/c1") + ": permission denied", e.getMessage());
        assertEquals(1, stage.children.size(), "no child started");
        assertEquals(Status.RUNNING, lifecycle.state("c1").status());
        lifecycle.delete("c1", true); // the lock was let go
        assertNothingLeft();
    }
}
