package io.jrun.core.lifecycle;

import io.jrun.api.Annotations;
import io.jrun.api.ContainerDirRelease;
import io.jrun.api.ContainerRuntime;
import io.jrun.api.ContainerState;
import io.jrun.api.CreateOptions;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.api.RunOptions;
import io.jrun.api.RuntimeOptions;
import io.jrun.api.Status;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.CloneStage;
import io.jrun.core.hooks.HookRunner;
import io.jrun.core.host.Procfs;
import io.jrun.core.state.StateStore;
import io.jrun.core.terminal.TerminalProxy;
import io.jrun.spec.Spec;
import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.Signals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The runtime's operations in this JVM: the JVM bin/jrun starts, with the flags the container's
 * child needs (bin/jrun.compilecommands), since every container process is cloned from it.
 */
public final class Lifecycle implements ContainerRuntime {
    private static final Log log = Log.of(Lifecycle.class);

    private final RuntimeOptions options;
    private final StateStore store;
    private final java.util.function.Supplier<ChildStage> stages;
    private ChildStage stage;
    private final HostKernel kernel;
    private final CgroupManagers cgroups;

    public Lifecycle(RuntimeOptions options) {
        this(options, CloneStage::new, NativeHostKernel.INSTANCE, CgroupManagers.host());
    }

    /**
     * The stage is made when a command first clones: `state` and `list` never load native code.
     * The cgroup hierarchy is found when a command first needs it. Tests pass fakes of all three;
     * a fake {@code cgroups} is a v2 host's manager.
     */
    Lifecycle(RuntimeOptions options, java.util.function.Supplier<ChildStage> stages, HostKernel kernel,
              java.util.function.Supplier<Cgroups> cgroups) {
        this(options, stages, kernel, CgroupManagers.v2(cgroups));
    }

    /** As above, with the cgroup managers of either kind of host ({@link CgroupManagers#v1} for a v1 fake). */
    Lifecycle(RuntimeOptions options, java.util.function.Supplier<ChildStage> stages, HostKernel kernel,
              CgroupManagers cgroups) {
        this.options = options;
        this.store = new StateStore(options.root());
        this.stages = stages;
        this.kernel = kernel;
        this.cgroups = cgroups;
    }

    @Override
    public RuntimeOptions options() {
        return options;
    }

    private ChildStage stage() {
        if (stage == null) {
            stage = stages.get();
        }
        return stage;
    }

    @Override
    public ContainerState create(String id, Path bundle, CreateOptions create) {
        Create.Created c = new Create(options, store, this::stage, kernel, cgroups).create(id, bundle, create, false);
        c.init().close();
        return c.state();
    }

    @Override
    public void start(String id) {
        try (StateStore.Handle h = store.open(id)) {
            new Start(stage(), kernel).start(load(h));
        }
    }

    @Override
    public int run(String id, Path bundle, RunOptions run) {
        Create.Created c = new Create(options, store, this::stage, kernel, cgroups).create(id, bundle, run.create(), !run.detach());
        int pid = c.init().pid();
        c.init().close();
        if (run.detach()) {
            start(id);
            return 0;
        }
        TerminalProxy tty = c.terminal() >= 0 ? new TerminalProxy(c.terminal()) : null;
        List<Runnable> restore = SignalForwarder.forward(kernel, pid, tty == null);
        OomKills oomKills = OomKills.before(store, id, cgroups);
        int status;
        try {
            if (tty != null) {
                tty.start();
            }
            start(id);
            if (tty == null && run.supervisor() != null) {
                Handover.exec(run.supervisor(), options.root(), id, pid, run.keep(), oomKills);
            }
            status = waitFor(pid);
            oomKills.report(status);
            if (tty != null) {
                tty.close();
            }
        } catch (RuntimeException e) {
            if (tty != null) {
                tty.close();
            }
            restore.forEach(Runnable::run);
            try {
                delete(id, true);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        restore.forEach(Runnable::run);
        if (!run.keep()) {
            delete(id, true);
        }
        return status;
    }

    /**
     * `exec`: a new process in the container. In the foreground, its exit status; detached, 0.
     */
    @Override
    public int exec(String id, io.jrun.api.ExecOptions o) {
        Exec exec = new Exec(stage(), kernel, cgroups);
        Exec.Launch launch;
        try (StateStore.Handle h = store.open(id)) {
            launch = exec.launch(h, o);
        }
        Exec.Started started = exec.finish(launch);
        if (o.detach()) {
            return 0;
        }
        return exec.waitInForeground(started, this::waitFor);
    }

    /** Waits for a child of ours. */
    @FunctionalInterface
    interface Waiter {
        int waitFor(int pid);
    }

    /** Waits for our child {@code pid}; its exit status, or 128+N when signal N killed it. */
    private int waitFor(int pid) {
        WaitingFootprint.releaseOnceSettled(kernel, pid);
        int[] st = new int[1];
        int r;
        while ((r = kernel.waitpid(pid, st, 0)) != pid) {
            if (r != -Errno.EINTR) {
                throw new JrunException("wait for the container process " + pid + ": " + Errno.message(-r));
            }
        }
        int sig = st[0] & 0x7f;
        return sig == 0 ? (st[0] >> 8) & 0xff : 128 + sig;
    }

    private Container load(StateStore.Handle h) {
        return Container.load(h, kernel, cgroups);
    }

    @Override
    public ContainerState state(String id) {
        try (StateStore.Handle h = store.peek(id)) {
            return load(h).state();
        }
    }

    @Override
    public void kill(String id, int signal, boolean all) {
        try (StateStore.Handle h = store.open(id)) {
            Container c = load(h);
            if (c.status() == Status.STOPPED || c.status() == Status.CREATING) {
                throw new JrunException("container not running");
            }
            if (all) {
                c.cgroup().signalAll(signal);
                return;
            }
            signal(c, signal);
        }
    }

    /** Signals the init through a pidfd, checked against its start time: never a reused pid. */
    private void signal(Container c, int signal) {
        int pid = c.record().pid();
        int pidfd = kernel.pidfdOpen(pid);
        if (pidfd < 0) {
            throw new JrunException("container not running");
        }
        try {
            if (!c.alive()) {
                throw new JrunException("container not running");
            }
            int r = kernel.pidfdSendSignal(pidfd, signal);
            if (r != 0) {
                throw new JrunException("send " + Signals.name(signal) + " to the container process " + pid + ": "
                        + Errno.message(-r));
            }
        } finally {
            kernel.close(pidfd);
        }
    }

    @Override
    public void delete(String id, boolean force) {
        if (force && !Files.isDirectory(store.dir(id))) {
            // As runc: engines clean up with `delete --force` after a failed create, or twice
            // (containerd's shim after a `run --rm`); a container already gone is what they asked for.
            log.debug("delete --force: container {} does not exist", id);
            return;
        }
        try (StateStore.Handle h = store.open(id)) {
            Container c;
            try {
                c = load(h);
            } catch (JrunException e) {
                // a create that died half-way left a directory without state: remove it
                log.warn("{}; removing what is left of container {}", e.getMessage(), id);
                h.delete();
                return;
            }
            Status status;
            try {
                status = c.status();
            } catch (io.jrun.core.cgroups.CgroupException e) {
                if (!force) {
                    throw e;
                }
                // a freeze that never completed (the freezer state waits for it, bounded): the
                // processes are there, and --force kills them
                log.warn("delete --force {}: {}", id, e.getMessage());
                status = Status.PAUSED;
            }
            if (status == Status.CREATING) {
                // We hold the lock a create holds throughout: that create is gone, half-way.
                status = Status.STOPPED;
            }
            if (status != Status.STOPPED && status != Status.CREATED && !force) {
                throw new JrunException("cannot delete container " + id + " that is not stopped: " + status);
            }
            if (status != Status.STOPPED) {
                killAndWait(c);
            }
            // In a JVM that created the container (the Java API), its init is our child: reap
            // it, or it stays a zombie for as long as this JVM lives. Elsewhere: ECHILD, nothing.
            if (c.record().pid() > 0) {
                kernel.waitpid(c.record().pid(), new int[1], LibC.WNOHANG);
            }
            if (c.record().hasCgroup()) {
                ContainerCgroup cgroup = c.cgroup();
                cgroup.killAll();
                cgroup.destroy();
            }
            if (c.spec().hooks() != null && !c.record().poststopDone()) {
                new HookRunner(stage()).runWarning("poststop", c.spec().hooks().poststopOrEmpty(),
                        c.ociStateJson(Status.STOPPED), null, -1);
            }
            h.delete();
            releaseContainerDir(c.spec(), id);
        }
    }

    /**
     * A container run from an image: its directory in the image storage, with its overlay, goes
     * with it. The image store releases it ({@link ContainerDirRelease}, found on the class path:
     * the runtime does not depend on its clients).
     */
    private static void releaseContainerDir(Spec spec, String id) {
        String dir = spec.annotationsOrEmpty().get(Annotations.CONTAINER_DIR);
        if (dir == null) {
            return;
        }
        boolean released = false;
        for (ContainerDirRelease release : ServiceLoader.load(ContainerDirRelease.class)) {
            release.release(Path.of(dir), id);
            released = true;
        }
        if (!released) {
            log.warn("{} {} of container {}: no image store (jrun-image) on the class path to release it; its garbage "
                    + "collection will", Annotations.CONTAINER_DIR, dir, id);
        }
    }

    /**
     * SIGKILL to everything of the container, then wait until the init is gone, however long
     * that takes: a SIGKILLed process always exits (runc's delete polls for 10 s and then fails
     * with "container init still running"; on a loaded machine that is not long enough, and a
     * delete that gives up leaves the container half there). Every 10 s the log says it is still
     * waiting, with the process's state (an uninterruptible sleep, "D", lasts as long as the
     * kernel call it is in).
     */
    private void killAndWait(Container c) {
        int pid = c.record().pid();
        int pidfd = kernel.pidfdOpen(pid);
        if (pidfd < 0) {
            return; // gone already
        }
        try {
            if (!c.alive()) {
                return;
            }
            kernel.pidfdSendSignal(pidfd, Signals.SIGKILL);
            if (c.record().hasCgroup()) {
                c.cgroup().killAll();
            }
            // a pidfd polls readable when its process has exited
            long start = System.nanoTime();
            long nextReport = start + REPORT_NANOS;
            while (kernel.alive(pid, c.record().startTime())) {
                kernel.poll(pidfd, LibC.POLLIN, 1000);
                long now = System.nanoTime();
                if (now - nextReport >= 0) {
                    Procfs.Stat st = kernel.stat(pid);
                    log.warn("delete {}: its process {} has not exited {}s after SIGKILL (state {}); still waiting",
                            c.id(), pid, (now - start) / 1_000_000_000L, st == null ? "?" : st.state());
                    nextReport = now + REPORT_NANOS;
                }
            }
        } finally {
            kernel.close(pidfd);
        }
    }

    private static final long REPORT_NANOS = 10_000_000_000L;

    /** `pause`: freeze every process of the container. */
    @Override
    public void pause(String id) {
        try (StateStore.Handle h = store.open(id)) {
            Pause.pause(load(h));
        }
    }

    /** `resume`: thaw a paused container. */
    @Override
    public void resume(String id) {
        try (StateStore.Handle h = store.open(id)) {
            Pause.resume(load(h));
        }
    }

    /** `ps`: the host pids of every process in the container's cgroup and below, sorted. */
    @Override
    public List<Integer> ps(String id) {
        try (StateStore.Handle h = store.open(id)) {
            return Processes.of(load(h));
        }
    }

    /** `events --stats`: the container's cgroup statistics now. */
    @Override
    public io.jrun.api.CgroupStats stats(String id) {
        try (StateStore.Handle h = store.open(id)) {
            return Events.cgroupOf(load(h)).stats();
        }
    }

    /** `events`: stats every {@code interval} and OOM kills, until the container is gone; holds no lock meanwhile. */
    @Override
    public void events(String id, java.time.Duration interval,
                       java.util.function.Consumer<io.jrun.api.ContainerEvent> sink) {
        Events.checkInterval(interval);
        ContainerCgroup cgroup;
        try (StateStore.Handle h = store.open(id)) {
            cgroup = Events.cgroupOf(load(h));
        }
        Events.stream(id, cgroup, interval, sink);
    }

    /** `update`: {@code resources} merged over the container's, applied to its cgroup and stored. */
    @Override
    public void update(String id, io.jrun.spec.LinuxResources resources) {
        try (StateStore.Handle h = store.open(id)) {
            Update.update(load(h), resources);
        }
    }

    @Override
    public List<ContainerState> list() {
        List<ContainerState> out = new ArrayList<>();
        for (String id : store.ids()) {
            try (StateStore.Handle h = store.peek(id)) {
                out.add(load(h).state());
            } catch (JrunException e) {
                log.debug("list: skip {}: {}", id, e.getMessage());
            }
        }
        return out;
    }

    @Override
    public io.jrun.spec.Features features() {
        return io.jrun.core.RuntimeFeatures.document();
    }
}
