package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import io.jrun.sys.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Signals to every process of a cgroup and below: cgroup.kill where the kernel has it (5.14+),
 * else one by one from cgroup.procs (runc's signalAllProcesses and fs2's killCgroup). On cgroup
 * v1 there is no cgroup.kill, and {@code dir} is the one hierarchy whose cgroup.procs lists the
 * container's processes.
 */
final class CgroupKill {
    private static final Log LOG = Log.of(CgroupKill.class);

    private final CgroupKernel kernel;
    private final Path dir;
    private final Duration report;
    private final CgroupProcesses processes;

    CgroupKill(CgroupKernel kernel, Path dir, Duration report) {
        this.kernel = kernel;
        this.dir = dir;
        this.report = report;
        this.processes = new CgroupProcesses(dir);
    }

    /** See {@link Cgroup#signalAll}. */
    void signalAll(int signal, CgroupFreezer freezer) {
        if (signal == Signals.SIGKILL && cgroupKill()) {
            return;
        }
        boolean froze = false;
        if (freezer.available() && freezer.state() == FreezerState.THAWED) {
            try {
                freezer.set(true);
                froze = true;
            } catch (CgroupException e) {
                LOG.debug("signal without freezing {}: {}", dir, e.getMessage());
            }
        }
        try {
            for (int pid : processes.all()) {
                int r = kernel.kill(pid, signal);
                if (r < 0 && r != -Errno.ESRCH) {
                    throw new CgroupException("send " + Signals.name(signal) + " to process " + pid + " of cgroup "
                            + dir + ": " + Messages.errno(r));
                }
            }
        } finally {
            if (froze) {
                freezer.set(false);
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
        for (int pid : processes.all()) {
            int r = kernel.kill(pid, Signals.SIGKILL);
            if (r < 0 && r != -Errno.ESRCH) {
                throw new CgroupException("kill process " + pid + " of cgroup " + dir + ": " + Messages.errno(r));
            }
        }
    }

    /**
     * See {@link Cgroup#killAll}.
     *
     * @param bound how long to keep at it before giving up with an error naming the processes
     *              left, or null to go on until they are gone
     */
    void killAll(Duration bound) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (FileWatch watch = FileWatch.on(dir)) {
            long start = System.nanoTime();
            long nextSignal = start;
            long signalGap = Duration.ofMillis(10).toNanos();
            long nextReport = start + report.toNanos();
            while (!processes.none()) {
                long now = System.nanoTime();
                if (now - nextSignal >= 0) {
                    if (!cgroupKill()) {
                        killListed();
                    }
                    nextSignal = now + signalGap;
                    signalGap = Math.min(signalGap * 2, Duration.ofSeconds(1).toNanos());
                }
                if (bound != null && now - start - bound.toNanos() >= 0) {
                    throw new CgroupException("kill the processes of " + dir + ": " + processes.describe(" left")
                            + " after " + Messages.duration(bound));
                }
                if (now - nextReport >= 0) {
                    LOG.warn("kill the processes of {}: {} after {}s; still waiting", dir, processes.describe(" left"),
                            (now - start) / 1_000_000_000L);
                    nextReport = now + report.toNanos();
                }
                watch.waitForChange(Math.max(1, Math.min(nextSignal - now, FileWatch.RECHECK.toNanos())));
            }
        }
    }
}
