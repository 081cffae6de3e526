package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import io.jrun.core.Log;
import io.jrun.core.host.Procfs;
import io.jrun.sys.Errno;
import io.jrun.sys.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A container's cgroup v2 directory: the operations the lifecycle needs on it. Obtain one from
 * {@link Cgroups#create} or {@link Cgroups#open}. Every failure is a {@link CgroupException} that
 * names the file and what was being done.
 */
public final class Cgroup {
    private static final Log LOG = Log.of(Cgroup.class);

    /** Controllers that cannot live in a threaded subtree (runc's containsDomainController). */
    private static final Set<String> DOMAIN_CONTROLLERS = Set.of("memory", "io", "cpu", "hugetlb", "rdma", "misc");

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
    public int openFd() {
        int fd = kernel.openPath(dir);
        if (fd < 0) {
            throw new CgroupException("open cgroup " + dir + ": " + Messages.errno(fd));
        }
        return fd;
    }

    /**
     * Applies merged resources (`update`): validates all of them, enables newly needed
     * controllers, rewrites every value and replaces the device program. With
     * memory.checkBeforeUpdate a limit at or below the current usage is refused before anything
     * is written.
     */
    public void update(CgroupConfig config) {
        ResourcePlan plan = cgroups.plan(config);
        checkTypes(cgroups.levels(dir), plan.controllers());
        enable(plan.controllers());
        apply(plan);
    }

    // ---- creation --------------------------------------------------------------------------

    /** runc refuses to create a container in a cgroup that has processes or is frozen. */
    void checkUnused() {
        List<Integer> pids = allPids();
        if (!pids.isEmpty()) {
            throw new CgroupException("cgroup " + dir + " is not empty: " + pids.size() + " process(es) found "
                    + pids.subList(0, Math.min(pids.size(), 10)));
        }
        String freeze = CgroupFiles.readIfExists(dir.resolve("cgroup.freeze"), "check cgroup " + dir);
        if (freeze != null && freeze.strip().equals("1")) {
            throw new CgroupException("cgroup " + dir + " is frozen (cgroup.freeze is 1)");
        }
    }

    /**
     * runc's cgroup.type handling: a "domain invalid" cgroup (one created below a cgroup that
     * already had processes) can only become threaded, and a threaded one cannot take domain
     * controllers.
     */
    void checkTypes(List<Path> levels, Set<String> controllers) {
        Set<String> domain = new LinkedHashSet<>(controllers);
        domain.retainAll(DOMAIN_CONTROLLERS);
        for (Path level : levels) {
            String type = CgroupFiles.readIfExists(level.resolve("cgroup.type"), "check cgroup " + dir);
            if (type == null) {
                continue;
            }
            type = type.strip();
            switch (type) {
                case "domain invalid" -> {
                    if (!domain.isEmpty()) {
                        throw new CgroupException("cgroup " + level + " cannot take the " + domain + " controller(s): "
                                + "its cgroup.type is \"domain invalid\" (a parent has processes of its own)");
                    }
                    int r = kernel.write(level.resolve("cgroup.type"), "threaded");
                    if (r < 0) {
                        LOG.debug("write threaded to {}/cgroup.type: {}", level, Messages.errno(r));
                    }
                }
                case "threaded", "domain threaded" -> {
                    if (!domain.isEmpty()) {
                        throw new CgroupException("cgroup " + level + " cannot take the " + domain + " controller(s): "
                                + "its cgroup.type is \"" + type + "\" and they are not thread-aware");
                    }
                }
                default -> {
                    // "domain": anything goes
                }
            }
        }
    }

    /**
     * Enables {@code controllers} in cgroup.subtree_control of the root and of every cgroup down
     * to this one's parent, so that they are available here; also, best effort, the accounting
     * controllers that stats read.
     */
    void enable(Set<String> controllers) {
        Path root = cgroups.root();
        List<Path> parents = new ArrayList<>();
        parents.add(root);
        for (Path level : cgroups.levels(dir)) {
            if (!level.equals(dir)) {
                parents.add(level);
            }
        }
        for (Path level : parents) {
            Path subtree = level.resolve("cgroup.subtree_control");
            String doing = "enable controllers for " + dir;
            Set<String> enabled = Cgroups.words(CgroupFiles.read(subtree, doing));
            Set<String> available = Cgroups.words(CgroupFiles.read(level.resolve("cgroup.controllers"), doing));
            Set<String> required = new LinkedHashSet<>(controllers);
            required.removeAll(enabled);
            for (String c : required) {
                if (!available.contains(c)) {
                    throw new CgroupException(doing + ": the \"" + c + "\" controller is not available in " + level
                            + " (" + level.resolve("cgroup.controllers") + " lists \"" + String.join(" ", available)
                            + "\")");
                }
            }
            if (!required.isEmpty()) {
                String value = "+" + String.join(" +", required);
                int r = kernel.write(subtree, value);
                if (r < 0) {
                    // Find the one the kernel refuses, to name it.
                    for (String c : required) {
                        int one = kernel.write(subtree, "+" + c);
                        if (one < 0) {
                            throw new CgroupException(doing + ": write \"+" + c + "\" to " + subtree + ": "
                                    + Messages.errno(one) + hint(one, level));
                        }
                    }
                }
            }
            for (String c : Cgroups.ACCOUNTING) {
                if (available.contains(c) && !enabled.contains(c) && !required.contains(c)) {
                    int r = kernel.write(subtree, "+" + c);
                    if (r < 0) {
                        LOG.debug("enable {} in {} (for stats only): {}", c, subtree, Messages.errno(r));
                    }
                }
            }
        }
    }

    private static String hint(int errno, Path level) {
        if (errno == -Errno.EBUSY) {
            return " (" + level + " has processes of its own, and cgroup v2 lets only a cgroup without processes "
                    + "hand controllers to its children; use a linux.cgroupsPath outside it)";
        }
        return "";
    }

    /** Writes the plan's values in order, then installs its device program. */
    void apply(ResourcePlan plan) {
        if (plan.memoryCheck() != null) {
            checkMemoryUsage(plan.memoryCheck());
        }
        List<ResourcePlan.Write> deferred = new ArrayList<>();
        for (ResourcePlan.Step step : plan.steps()) {
            // instanceof, not a pattern switch: that bootstraps a class at run time, which the AOT
            // cache does not keep (see ProgramImage.lower)
            if (step instanceof ResourcePlan.IoWeight io) {
                applyIoWeight(io);
            } else if (step instanceof ResourcePlan.Write w) {
                int r = kernel.write(dir.resolve(w.file()), w.value());
                if (r == -Errno.ENOENT && w.optional()) {
                    LOG.debug("{}: {} does not exist; skipped", w.field(), dir.resolve(w.file()));
                } else if (r == -Errno.EINVAL && w.retryAfter() != null) {
                    deferred.add(w);
                } else if (r < 0) {
                    throw writeError(w.field(), w.file(), w.value(), r);
                } else {
                    for (var it = deferred.iterator(); it.hasNext(); ) {
                        ResourcePlan.Write d = it.next();
                        if (d.retryAfter().equals(w.file())) {
                            int again = kernel.write(dir.resolve(d.file()), d.value());
                            if (again < 0) {
                                throw writeError(d.field(), d.file(), d.value(), again);
                            }
                            it.remove();
                        }
                    }
                }
            }
        }
        if (!deferred.isEmpty()) {
            ResourcePlan.Write d = deferred.get(0);
            throw writeError(d.field(), d.file(), d.value(), -Errno.EINVAL);
        }
        DeviceFilterInstaller.install(kernel, dir, plan.devices());
    }

    private CgroupException writeError(String field, String file, String value, int errno) {
        String hint = "";
        int dot = file.indexOf('.');
        if (errno == -Errno.ENOENT && dot > 0 && !file.startsWith("cgroup.")) {
            hint = " (the kernel has no such file here: is the \"" + file.substring(0, dot)
                    + "\" controller enabled for this cgroup, and does this kernel have " + file + "?)";
        }
        return new CgroupException(field + ": write \"" + value + "\" to " + dir.resolve(file) + ": "
                + Messages.errno(errno) + hint);
    }

    private void applyIoWeight(ResourcePlan.IoWeight io) {
        Path bfq = dir.resolve("io.bfq.weight");
        boolean haveBfq = Files.exists(bfq);
        String bfqValue = io.device() == null ? Integer.toString(io.weight()) : io.device() + " " + io.weight();
        if (haveBfq && (io.device() == null || bfqPerDevice(bfq))) {
            int r = kernel.write(bfq, bfqValue);
            if (r < 0) {
                throw writeError(io.field(), "io.bfq.weight", bfqValue, r);
            }
            return;
        }
        long converted = Conversions.blkioWeightToIoWeight(io.weight());
        String value = io.device() == null ? Long.toString(converted) : io.device() + " " + converted;
        int r = kernel.write(dir.resolve("io.weight"), value);
        if (r < 0) {
            throw writeError(io.field(), "io.weight", value, r);
        }
    }

    /**
     * runc's bfqDeviceWeightSupported: BFQ takes per-device weights since Linux 5.4, where
     * io.bfq.weight reads "default 100" rather than a bare number.
     */
    private boolean bfqPerDevice(Path bfq) {
        String s = CgroupFiles.readIfExists(bfq, "check BFQ per-device weights");
        if (s == null) {
            return false;
        }
        try {
            Long.parseLong(s.strip());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** runc's CheckMemoryUsage: best effort, an unreadable memory.current skips the check. */
    private void checkMemoryUsage(ResourcePlan.MemoryCheck check) {
        String s;
        try {
            s = Files.readString(dir.resolve("memory.current")).strip();
        } catch (IOException e) {
            return;
        }
        long usage;
        try {
            usage = Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return;
        }
        if (check.swap() > 0 && Long.compareUnsigned(check.swap(), usage) <= 0) {
            throw new CgroupException("linux.resources.memory.swap: rejecting memory+swap limit " + check.swap()
                    + " <= usage " + usage + " (" + dir.resolve("memory.current") + "; memory.checkBeforeUpdate is set)");
        }
        if (check.limit() > 0 && Long.compareUnsigned(check.limit(), usage) <= 0) {
            throw new CgroupException("linux.resources.memory.limit: rejecting memory limit " + check.limit()
                    + " <= usage " + usage + " (" + dir.resolve("memory.current") + "; memory.checkBeforeUpdate is set)");
        }
    }

    // ---- processes -------------------------------------------------------------------------

    /** The processes in this cgroup (not its descendants), from cgroup.procs. */
    public List<Integer> pids() {
        return readPids(dir);
    }

    /** The processes in this cgroup and all its descendants. */
    public List<Integer> allPids() {
        List<Integer> out = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(dir)) {
            dirs = walk.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | UncheckedIOException e) {
            // A sub-cgroup removed while walking: read what is left.
            dirs = List.of(dir);
        }
        for (Path d : dirs) {
            out.addAll(readPids(d));
        }
        return out;
    }

    private List<Integer> readPids(Path d) {
        String text;
        try {
            text = Files.readString(d.resolve("cgroup.procs"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // A threaded cgroup refuses to list processes (EOPNOTSUPP): list its threads.
            String t = CgroupFiles.readIfExists(d.resolve("cgroup.threads"), "list the processes of " + d);
            if (t == null) {
                throw new CgroupException("list the processes of " + d + ": read " + d.resolve("cgroup.procs") + ": "
                        + Messages.of(e), e);
            }
            text = t;
        }
        List<Integer> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                out.add(Integer.parseInt(l));
            }
        }
        return out;
    }

    /**
     * Moves a process in (for `exec` when CLONE_INTO_CGROUP is not used). Like runc, EINVAL
     * (a task still being created) is retried a few times.
     */
    public void addProcess(int pid) {
        Path procs = dir.resolve("cgroup.procs");
        int r = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            r = kernel.write(procs, Integer.toString(pid));
            if (r != -Errno.EINVAL) {
                break;
            }
            sleepMillis(30);
        }
        if (r < 0) {
            throw new CgroupException("move process " + pid + " into cgroup: write to " + procs + ": " + Messages.errno(r));
        }
    }

    /** True when no process is left in the cgroup or below it. */
    public boolean isEmpty() {
        Path events = dir.resolve("cgroup.events");
        long populated = CgroupFiles.key(events, "populated", -2, "check cgroup " + dir);
        if (populated != -2) {
            return populated == 0;
        }
        return allPids().isEmpty();
    }

    /**
     * Sends {@code signal} to every process in the cgroup and below (`kill --all`). SIGKILL uses
     * cgroup.kill where the kernel has it (5.14+). Other signals are sent with the cgroup frozen,
     * as runc does, so that no process forks past the signal.
     */
    public void signalAll(int signal) {
        if (signal == Signals.SIGKILL && cgroupKill()) {
            return;
        }
        boolean froze = false;
        if (Files.exists(dir.resolve("cgroup.freeze")) && freezerState() == FreezerState.THAWED) {
            try {
                freeze();
                froze = true;
            } catch (CgroupException e) {
                LOG.debug("signal without freezing {}: {}", dir, e.getMessage());
            }
        }
        try {
            for (int pid : allPids()) {
                int r = kernel.kill(pid, signal);
                if (r < 0 && r != -Errno.ESRCH) {
                    throw new CgroupException("send " + Signals.name(signal) + " to process " + pid + " of cgroup "
                            + dir + ": " + Messages.errno(r));
                }
            }
        } finally {
            if (froze) {
                thaw();
            }
        }
    }

    private boolean cgroupKill() {
        Path kill = dir.resolve("cgroup.kill");
        if (!Files.exists(kill)) {
            return false;
        }
        int r = kernel.write(kill, "1");
        if (r == 0) {
            return true;
        }
        if (r == -Errno.ENOENT || r == -Errno.EOPNOTSUPP) {
            return false; // gone, or a threaded cgroup (no cgroup.kill there): one by one
        }
        throw new CgroupException("kill the processes of " + dir + ": write \"1\" to " + kill + ": " + Messages.errno(r));
    }

    /** SIGKILL to every process listed in the cgroup and below, one by one. */
    private void killListed() {
        for (int pid : allPids()) {
            int r = kernel.kill(pid, Signals.SIGKILL);
            if (r < 0 && r != -Errno.ESRCH) {
                throw new CgroupException("kill process " + pid + " of cgroup " + dir + ": " + Messages.errno(r));
            }
        }
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
        if (!exists()) {
            return;
        }
        try (FileWatch watch = FileWatch.on(dir)) {
            long start = System.nanoTime();
            long nextSignal = start;
            long signalGap = Duration.ofMillis(10).toNanos();
            long nextReport = start + cgroups.report.toNanos();
            while (!isEmpty()) {
                long now = System.nanoTime();
                if (now - nextSignal >= 0) {
                    if (!cgroupKill()) {
                        killListed();
                    }
                    nextSignal = now + signalGap;
                    signalGap = Math.min(signalGap * 2, Duration.ofSeconds(1).toNanos());
                }
                if (now - nextReport >= 0) {
                    LOG.warn("kill the processes of {}: {} after {}s; still waiting", dir, describeProcesses(" left"),
                            (now - start) / 1_000_000_000L);
                    nextReport = now + cgroups.report.toNanos();
                }
                watch.waitForChange(Math.max(1, Math.min(nextSignal - now, FileWatch.RECHECK.toNanos())));
            }
        }
    }

    /**
     * "2 processes left: 12 (D), 13 (R)" ({@code what} is " left" there): the processes of a
     * cgroup that does not empty or does not freeze, with their states from /proc.
     */
    private String describeProcesses(String what) {
        List<Integer> pids = allPids();
        StringBuilder sb = new StringBuilder();
        sb.append(pids.size()).append(pids.size() == 1 ? " process" : " processes").append(what);
        for (int i = 0; i < pids.size() && i < 10; i++) {
            Procfs.Stat st = Procfs.stat(pids.get(i));
            sb.append(i == 0 ? ": " : ", ").append(pids.get(i));
            if (st != null) {
                sb.append(" (").append(st.state()).append(')');
            }
        }
        if (pids.size() > 10) {
            sb.append(", ...");
        }
        return sb.toString();
    }

    // ---- freezer ---------------------------------------------------------------------------

    /**
     * Freezes every process (`pause`) and waits until cgroup.events says "frozen 1". A freeze
     * may never complete (a task in an uninterruptible sleep is not frozen until it leaves it),
     * so the wait is bounded ({@link Cgroups#DEFAULT_BOUND}); then, as runc does, the cgroup is
     * thawed again rather than left half frozen, and the failure is reported.
     */
    public void freeze() {
        setFrozen(true);
    }

    /**
     * Thaws (`resume`) and waits until cgroup.events says "frozen 0". A frozen ancestor keeps
     * the cgroup frozen, so this wait is bounded too, and the error names the ancestor.
     */
    public void thaw() {
        setFrozen(false);
    }

    private void setFrozen(boolean frozen) {
        Path file = dir.resolve("cgroup.freeze");
        String doing = frozen ? "freeze cgroup " + dir : "thaw cgroup " + dir;
        if (!Files.exists(file)) {
            if (!frozen) {
                return; // nothing can be frozen without a freezer
            }
            throw new CgroupException(doing + ": " + file + " does not exist (the cgroup v2 freezer needs Linux 5.2+)");
        }
        try (FileWatch watch = FileWatch.on(dir)) {
            int r = kernel.write(file, frozen ? "1" : "0");
            if (r < 0) {
                throw new CgroupException(doing + ": write to " + file + ": " + Messages.errno(r));
            }
            long want = frozen ? 1 : 0;
            Path events = dir.resolve("cgroup.events");
            boolean done = watch.await(() -> CgroupFiles.key(events, "frozen", -2, doing) == want, cgroups.bound);
            if (!done) {
                String why = "";
                if (frozen) {
                    why = " (" + describeProcesses("") + "; a process in an uninterruptible sleep, D,"
                            + " is not frozen until it leaves it)";
                    // As runc: do not leave it half frozen.
                    kernel.write(file, "0");
                } else {
                    Path ancestor = frozenAncestor();
                    if (ancestor != null) {
                        why = " (" + ancestor.resolve("cgroup.freeze") + " is 1: the cgroup stays frozen while "
                                + ancestor + " is)";
                    }
                }
                throw new CgroupException(doing + ": " + events + " did not say \"frozen " + want + "\" within "
                        + Messages.duration(cgroups.bound) + why + (frozen ? "; thawed it again" : ""));
            }
        }
    }

    /** The nearest ancestor below the root whose cgroup.freeze is 1, or null. */
    private Path frozenAncestor() {
        for (Path p = dir.getParent(); p != null && !p.equals(cgroups.root()) && p.startsWith(cgroups.root());
             p = p.getParent()) {
            String s = CgroupFiles.readIfExists(p.resolve("cgroup.freeze"), "check the freezer of " + p);
            if (s != null && s.strip().equals("1")) {
                return p;
            }
        }
        return null;
    }

    /**
     * THAWED, FROZEN, or UNDEFINED without a freezer. While a freeze is still in progress it waits
     * for it, as runc does (waitFrozen), so that FROZEN means every process is stopped; bounded
     * like {@link #freeze} (a freeze may never complete), and then an error, as in runc.
     */
    public FreezerState freezerState() {
        String doing = "read the freezer state of " + dir;
        String s = CgroupFiles.readIfExists(dir.resolve("cgroup.freeze"), doing);
        if (s == null) {
            return FreezerState.UNDEFINED;
        }
        if (s.strip().equals("0")) {
            return FreezerState.THAWED;
        }
        Path events = dir.resolve("cgroup.events");
        try (FileWatch watch = FileWatch.on(dir)) {
            if (watch.await(() -> CgroupFiles.key(events, "frozen", 0, doing) == 1, cgroups.bound)) {
                return FreezerState.FROZEN;
            }
        }
        throw new CgroupException(doing + ": cgroup.freeze is 1 but " + events + " has not said \"frozen 1\" in "
                + Messages.duration(cgroups.bound));
    }

    // ---- stats and events ------------------------------------------------------------------

    /** The cgroup's statistics, in runc's layout (`events --stats`). */
    public CgroupStats stats() {
        return StatsReader.read(dir, cgroups.hugePageSizes());
    }

    /** A watcher of OOM kills in this cgroup (`events`). Close it when done. */
    public OomWatcher watchOom() {
        return new OomWatcher(dir);
    }

    // ---- removal ---------------------------------------------------------------------------

    /**
     * Removes the cgroup (and any cgroups below it), retrying briefly while the kernel still
     * counts exiting tasks, then the parents jrun created for it, each only if empty. A cgroup
     * that is already gone is fine. Processes are not killed here: {@link #killAll()} first.
     */
    public void destroy() {
        removeTree(dir);
        Path p = dir.getParent();
        for (int i = 1; i < createdDepth && p != null && !p.equals(cgroups.root()); i++, p = p.getParent()) {
            int r = kernel.rmdir(p);
            if (r == 0 || r == -Errno.ENOENT) {
                continue;
            }
            if (r != -Errno.ENOTEMPTY && r != -Errno.EBUSY) {
                LOG.warn("remove cgroup {} (created for {}): {}", p, dir, Messages.errno(r));
            }
            break; // in use by another container: leave it and what is above
        }
    }

    private void removeTree(Path d) {
        int r = kernel.rmdir(d);
        if (r == 0 || r == -Errno.ENOENT) {
            return;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(d)) {
            children = s.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CgroupException("remove cgroup " + d + ": list " + d + ": " + Messages.of(e), e);
        }
        for (Path child : children) {
            removeTree(child);
        }
        // Tasks that have exited but not been released yet keep the cgroup busy for a moment
        // (runc retries 10 times, ~1 s in all). On a loaded machine that moment can be longer;
        // a process that is still there (moved in after the kill, or no kill before) keeps it
        // busy for good: hence a bound, a generous one.
        long deadline = System.nanoTime() + cgroups.bound.toNanos();
        long delay = 1;
        while (true) {
            r = kernel.rmdir(d);
            if (r == 0 || r == -Errno.ENOENT) {
                return;
            }
            if (r != -Errno.EBUSY || System.nanoTime() - deadline >= 0) {
                String left = "";
                if (r == -Errno.EBUSY || r == -Errno.ENOTEMPTY) {
                    left = " (processes left: " + readPids(d) + ")";
                }
                String still = r == -Errno.EBUSY ? " for " + Messages.duration(cgroups.bound) : "";
                throw new CgroupException("remove cgroup " + d + ": " + Messages.errno(r) + still + left);
            }
            sleepMillis(delay);
            delay = Math.min(delay * 2, 100);
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "Cgroup[" + dir + "]";
    }
}
