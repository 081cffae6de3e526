package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import io.jrun.api.Log;
import io.jrun.sys.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container's cgroups on a v1 host, one directory per hierarchy: the v1 counterpart of
 * {@link Cgroup}, with the same operations where v1 has them, done as runc 1.1's fs driver does
 * them. Obtain one from {@link V1Cgroups#create(V1Paths, CgroupConfig)} or {@link V1Cgroups#open}.
 *
 * <p>Where v1 differs: there is no CLONE_INTO_CGROUP ({@link #openFd()} is empty), so a process
 * joins by {@link #addProcess} into every hierarchy; the processes are listed from the devices
 * hierarchy, which every container has ({@link #processDir()}); freezing is the freezer
 * hierarchy's freezer.state; there is no cgroup.kill, so signals go to each process with the
 * cgroup frozen; OOM kills are counted in memory.oom_control and signalled through an eventfd.
 */
public final class V1Cgroup implements ContainerCgroup {
    private static final Log LOG = Log.of(V1Cgroup.class);

    /** One of the container's directories: several subsystems share it when co-mounted. */
    private record Dir(String subsystem, Path path, int createdDepth) {}

    private final V1Cgroups cgroups;
    private final CgroupKernel kernel;
    private final V1CgroupRef ref;
    private final Map<String, Path> paths;
    private final List<Dir> dirs;

    V1Cgroup(V1Cgroups cgroups, V1CgroupRef ref) {
        this.cgroups = cgroups;
        this.kernel = cgroups.kernel;
        this.ref = ref;
        Map<String, Path> p = new LinkedHashMap<>();
        Map<Path, Dir> d = new LinkedHashMap<>();
        ref.subsystems().forEach((s, r) -> {
            Path path = Path.of(r.path());
            p.put(s, path);
            d.putIfAbsent(path, new Dir(s, path, r.createdDepth()));
        });
        if (ref.unified() != null) {
            Path path = Path.of(ref.unified().path());
            d.putIfAbsent(path, new Dir(V1Cgroups.UNIFIED, path, ref.unified().createdDepth()));
        }
        this.paths = Collections.unmodifiableMap(p);
        this.dirs = List.copyOf(d.values());
    }

    /** What to store to {@link V1Cgroups#open reopen} it later. */
    public V1CgroupRef ref() {
        return ref;
    }

    /** Subsystem → the container's directory in its hierarchy (runc's GetPaths), without the v2 one. */
    public Map<String, Path> paths() {
        return paths;
    }

    /** The container's directory in the hierarchy of {@code subsystem}, if that is mounted. */
    public Optional<Path> path(String subsystem) {
        return Optional.ofNullable(paths.get(subsystem));
    }

    /** Where the processes are listed: the devices directory, as runc's GetPids reads it (see {@link #pids}). */
    Path processDir() {
        Path devices = paths.get("devices");
        return devices != null ? devices : dirs.get(0).path();
    }

    /** Whether the devices directory exists (runc's Exists). */
    public boolean exists() {
        return Files.isDirectory(processDir());
    }

    /**
     * Always empty: cgroup v1 has no CLONE_INTO_CGROUP, so a process cannot be cloned straight
     * into the container's cgroups; it is started outside and moved in with {@link #addProcess}
     * before it runs anything of the container's (runc's Apply(pid)).
     */
    public OptionalInt openFd() {
        return OptionalInt.empty();
    }

    /**
     * Applies merged resources (`update`): validates all of them, then rewrites every value, each
     * into its subsystem's directory, and the device rules (only what changed, so that the
     * container never passes through deny-all).
     */
    public void update(CgroupConfig config) {
        configure(cgroups.plan(config));
    }

    void configure(ResourcePlan plan) {
        new V1ResourceWriter(kernel, paths, cgroups.inUserNamespace).apply(plan);
    }

    // ---- creation --------------------------------------------------------------------------

    /** runc refuses to create a container in a cgroup that has processes or is frozen. */
    void checkUnused() {
        List<Integer> pids = allPids();
        if (!pids.isEmpty()) {
            throw CgroupProcesses.notEmpty(processDir(), pids);
        }
        if (freezerState() == FreezerState.FROZEN) {
            throw new CgroupException("cgroup " + paths.get("freezer") + " is frozen (freezer.state is FROZEN)");
        }
    }

    /** After a failed create: removes the levels it made, the hierarchies in reverse order. */
    void removeCreated() {
        for (Dir d : dirs.reversed()) {
            CgroupRemover.removeCreated(kernel, d.path(), d.createdDepth());
        }
    }

    // ---- processes -------------------------------------------------------------------------

    /**
     * The processes in the cgroup (not its descendants), from the devices hierarchy's
     * cgroup.procs as runc reads them: the one hierarchy every container has (create refuses a
     * host without it), and one whose cgroup no process leaves on its own.
     */
    public List<Integer> pids() {
        return CgroupProcesses.read(processDir());
    }

    /** The processes in the cgroup and all its descendants (runc's GetAllPids). */
    public List<Integer> allPids() {
        return new CgroupProcesses(processDir()).all();
    }

    /**
     * Moves a process into every hierarchy, in runc's order (cpuset first: a process may join a
     * cpuset cgroup only once it has CPUs). EINVAL, a task still being created, is retried a few
     * times. Failures in name=systemd and the hybrid host's v2 directory are ignored, as runc's
     * NameGroup ignores them.
     */
    public void addProcess(int pid) {
        for (Dir d : dirs) {
            try {
                CgroupProcesses.add(kernel, d.path(), pid);
            } catch (CgroupException e) {
                if (!V1Cgroups.optional(d.subsystem())) {
                    throw e;
                }
                LOG.debug("join the {} hierarchy (best effort): {}", V1Cgroups.label(d.subsystem()), e.getMessage());
            }
        }
    }

    /** True when no process is left in the cgroup or below it. */
    public boolean isEmpty() {
        return allPids().isEmpty();
    }

    // ---- kill ------------------------------------------------------------------------------

    private CgroupKill kill() {
        return new CgroupKill(kernel, processDir(), cgroups.report);
    }

    /**
     * Sends {@code signal} to every process in the cgroup and below (`kill --all`), with the
     * cgroup frozen so that no process forks past the signal (runc's signalAllProcesses). A
     * freeze that fails is logged and the signals are sent anyway, as in runc.
     */
    public void signalAll(int signal) {
        kill().signalAll(signal, freezer());
    }

    /**
     * Kills every process in the cgroup and below and waits until none is left: SIGKILL to each
     * with the cgroup frozen (runc's signalAllProcesses), then again to any left, at growing
     * intervals, as {@link Cgroup#killAll} does without cgroup.kill. Unlike there, the wait is
     * bounded ({@link Cgroups#DEFAULT_BOUND}): then it fails naming the processes left.
     *
     * <p>A paused container is thawed after the signals: the v1 freezer holds a frozen task's
     * SIGKILL until it thaws (v2's lets it through), so its processes would never die; runc's
     * destroy thaws too.
     */
    public void killAll() {
        CgroupKill kill = kill();
        V1Freezer freezer = freezer();
        kill.signalAll(Signals.SIGKILL, freezer);
        if (freezer.available()) {
            try {
                if (freezer.state() != FreezerState.THAWED) {
                    freezer.set(false);
                }
            } catch (CgroupException e) {
                LOG.warn("thaw {} to let its processes die: {}", paths.get("freezer"), e.getMessage());
            }
        }
        kill.killAll(cgroups.bound);
    }

    // ---- freezer ---------------------------------------------------------------------------

    private V1Freezer freezer() {
        return new V1Freezer(kernel, paths.get("freezer"), cgroups.bound);
    }

    /**
     * Freezes every process (`pause`): freezer.state FROZEN, written again until it reads back
     * so (runc's loop); a freeze that does not complete is thawed again and reported. Fails,
     * naming the freezer, on a host without a freezer hierarchy.
     */
    public void freeze() {
        freezer().set(true);
    }

    /** Thaws (`resume`): freezer.state THAWED. */
    public void thaw() {
        freezer().set(false);
    }

    /**
     * THAWED, FROZEN (by this cgroup's own freezer.state, not an ancestor's), or UNDEFINED
     * without a freezer hierarchy. While FREEZING it waits, bounded.
     */
    public FreezerState freezerState() {
        return freezer().state();
    }

    // ---- stats and events ------------------------------------------------------------------

    /** The cgroup's statistics, in runc's layout (`events --stats`); see {@link V1StatsReader}. */
    public CgroupStats stats() {
        return V1StatsReader.read(paths, processDir(), cgroups.hugePageSizes());
    }

    /**
     * The OOM kills so far (runc's OOMKillCount): memory.oom_control "oom_kill", 0 on a kernel
     * before 4.13 or without a memory hierarchy. The same as {@code stats().memory().oomKill()}.
     */
    public long oomKillCount() {
        return V1StatsReader.oomKills(paths.get("memory"), "count the OOM kills of " + processDir());
    }

    /** A watcher of OOM kills in this cgroup (`events`). Close it when done. */
    public OomWatcher watchOom() {
        return new OomControlWatcher(kernel, paths.get("memory"));
    }

    // ---- removal ---------------------------------------------------------------------------

    /**
     * Removes the container's directory in every hierarchy (and any cgroups below them),
     * retrying while the kernel still counts exiting tasks, then the parents jrun created for
     * each, only while empty (runc's RemovePaths). All directories share one bound, and one that
     * stays busy does not keep the others: the error names every one left. A directory already
     * gone is fine. Processes are not killed here: {@link #killAll()} first.
     */
    public void destroy() {
        CgroupRemover remover = new CgroupRemover(kernel, cgroups.bound);
        long deadline = System.nanoTime() + cgroups.bound.toNanos();
        List<String> failures = new ArrayList<>();
        for (Dir d : dirs.reversed()) {
            try {
                remover.destroy(d.path(), d.createdDepth(), cgroups.mountOf(d.subsystem()), deadline);
            } catch (CgroupException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new CgroupException(String.join("; ", failures));
        }
    }

    @Override
    public String toString() {
        return "V1Cgroup" + paths;
    }
}
