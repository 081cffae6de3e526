package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * A container's cgroup v2 directory: the handle the lifecycle holds, and its life (create, join,
 * remove). Obtain one from {@link Cgroups#create} or {@link Cgroups#open}. The other operations
 * are done by classes of one job each, as runc's fs2 driver divides them: {@link SubtreeControl}
 * and {@link ResourceWriter} (update), {@link Freezer} (pause, resume), {@link CgroupKill} (kill
 * every process), {@link CgroupProcesses} (list them). Every failure is a {@link CgroupException}
 * that names the file and what was being done.
 */
public final class Cgroup implements ContainerCgroup {
    private final Cgroups cgroups;
    private final CgroupKernel kernel;
    private final Path dir;
    private final int createdDepth;

    Cgroup(Cgroups cgroups, Path dir, int createdDepth) {
        this.cgroups = cgroups;
        this.kernel = cgroups.kernel;
        this.dir = dir;
        this.createdDepth = createdDepth;
    }

    /** The cgroup directory, e.g. {@code /sys/fs/cgroup/jrun/c1}. */
    public Path path() {
        return dir;
    }

    /** What to store to {@link Cgroups#open reopen} it later. */
    public CgroupRef ref() {
        return new CgroupRef(dir.toString(), createdDepth);
    }

    /** The cgroup as the container sees it in /proc/self/cgroup, e.g. {@code /jrun/c1}. */
    public String relativePath() {
        return "/" + cgroups.root().relativize(dir);
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    /**
     * An {@code O_PATH|O_DIRECTORY|O_CLOEXEC} fd of the directory, for clone3's
     * CLONE_INTO_CGROUP. The caller closes it.
     */
    @Override
    public OptionalInt openFd() {
        int fd = kernel.openPath(dir);
        if (fd < 0) {
            throw new CgroupException("open cgroup " + dir + ": " + Messages.errno(fd));
        }
        return OptionalInt.of(fd);
    }

    /**
     * Applies merged resources (`update`): validates all of them, enables newly needed
     * controllers, rewrites every value and replaces the device program. With
     * memory.checkBeforeUpdate a limit at or below the current usage is refused before anything
     * is written.
     */
    public void update(CgroupConfig config) {
        configure(cgroups.plan(config));
    }

    /** Makes the plan's controllers available here, then writes its values and devices. */
    void configure(ResourcePlan plan) {
        SubtreeControl subtree = new SubtreeControl(cgroups, dir);
        subtree.checkTypes(cgroups.levels(dir), plan.controllers());
        subtree.enable(plan.controllers());
        new ResourceWriter(kernel, dir).apply(plan);
    }

    // ---- creation --------------------------------------------------------------------------

    /** runc refuses to create a container in a cgroup that has processes or is frozen. */
    void checkUnused() {
        List<Integer> pids = allPids();
        if (!pids.isEmpty()) {
            throw CgroupProcesses.notEmpty(dir, pids);
        }
        String freeze = CgroupFiles.readIfExists(dir.resolve("cgroup.freeze"), "check cgroup " + dir);
        if (freeze != null && freeze.strip().equals("1")) {
            throw new CgroupException("cgroup " + dir + " is frozen (cgroup.freeze is 1)");
        }
    }

    // ---- processes -------------------------------------------------------------------------

    /** The processes in this cgroup (not its descendants), from cgroup.procs. */
    public List<Integer> pids() {
        return CgroupProcesses.read(dir);
    }

    /** The processes in this cgroup and all its descendants. */
    public List<Integer> allPids() {
        return new CgroupProcesses(dir).all();
    }

    /**
     * Moves a process in (for `exec` when CLONE_INTO_CGROUP is not used). Like runc, EINVAL
     * (a task still being created) is retried a few times.
     */
    public void addProcess(int pid) {
        CgroupProcesses.add(kernel, dir, pid);
    }

    /** True when no process is left in the cgroup or below it. */
    public boolean isEmpty() {
        return new CgroupProcesses(dir).none();
    }

    // ---- kill ------------------------------------------------------------------------------

    /**
     * Sends {@code signal} to every process in the cgroup and below (`kill --all`). SIGKILL uses
     * cgroup.kill where the kernel has it (5.14+). Other signals are sent with the cgroup frozen,
     * as runc does, so that no process forks past the signal.
     */
    public void signalAll(int signal) {
        new CgroupKill(kernel, dir, cgroups.report).signalAll(signal, freezer());
    }

    /**
     * Kills every process in the cgroup and below and waits until none is left, however long
     * that takes: a SIGKILLed process always goes, and giving up would leave the container half
     * deleted. cgroup.kill where the kernel has it (5.14+), else SIGKILL to each process; the
     * signal is sent again and again (at growing intervals, up to a second), for processes that
     * forked or were moved in meanwhile, until cgroup.events says "populated 0". Only an error
     * of the signal itself (EPERM, a read-only cgroupfs) ends it early. A kill that takes long
     * says so in the log, naming the processes left and their states (a process in an
     * uninterruptible sleep, "D", goes when the kernel call it waits in returns).
     *
     * <p>runc signals once (signalAllProcesses, cgroup.kill or a frozen SIGKILL to each pid),
     * then `delete` polls the init for 10 s and removes the cgroup with ~1 s of retries.
     */
    public void killAll() {
        new CgroupKill(kernel, dir, cgroups.report).killAll(null);
    }

    // ---- freezer ---------------------------------------------------------------------------

    private Freezer freezer() {
        return new Freezer(kernel, dir, cgroups.root(), cgroups.bound);
    }

    /**
     * Freezes every process (`pause`) and waits until cgroup.events says "frozen 1". A freeze
     * may never complete (a task in an uninterruptible sleep is not frozen until it leaves it),
     * so the wait is bounded ({@link Cgroups#DEFAULT_BOUND}); then, as runc does, the cgroup is
     * thawed again rather than left half frozen, and the failure is reported.
     */
    public void freeze() {
        freezer().set(true);
    }

    /**
     * Thaws (`resume`) and waits until cgroup.events says "frozen 0". A frozen ancestor keeps
     * the cgroup frozen, so this wait is bounded too, and the error names the ancestor.
     */
    public void thaw() {
        freezer().set(false);
    }

    /**
     * THAWED, FROZEN, or UNDEFINED without a freezer. While a freeze is still in progress it waits
     * for it, as runc does (waitFrozen), so that FROZEN means every process is stopped; bounded
     * like {@link #freeze} (a freeze may never complete), and then an error, as in runc.
     */
    public FreezerState freezerState() {
        return freezer().state();
    }

    // ---- stats and events ------------------------------------------------------------------

    /** The cgroup's statistics, in runc's layout (`events --stats`). */
    public CgroupStats stats() {
        return StatsReader.read(dir, cgroups.hugePageSizes());
    }

    /** A watcher of OOM kills in this cgroup (`events`). Close it when done. */
    public OomWatcher watchOom() {
        return new MemoryEventsWatcher(dir);
    }

    // ---- removal ---------------------------------------------------------------------------

    /**
     * Removes the cgroup (and any cgroups below it), retrying briefly while the kernel still
     * counts exiting tasks, then the parents jrun created for it, each only if empty. A cgroup
     * that is already gone is fine. Processes are not killed here: {@link #killAll()} first.
     */
    public void destroy() {
        cgroups.remover().destroy(dir, createdDepth, cgroups.root());
    }

    @Override
    public String toString() {
        return "Cgroup[" + dir + "]";
    }
}
