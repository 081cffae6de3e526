package io.jrun.core.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cgroup v1 {@link OomWatcher} (runc's notifyOnOOM): an eventfd registered in the memory
 * cgroup's cgroup.event_control together with an fd of its memory.oom_control, which the kernel
 * signals each time the cgroup runs out of memory, and once more when the cgroup is removed.
 *
 * <p>The kernel signals before the OOM killer picks its victim, so a notification is followed by
 * a short wait for memory.oom_control's "oom_kill" (Linux 4.13+) to count the kill. Where it
 * counts none (an older kernel, or memory.oom_control's OOM killer disabled), each notification
 * is reported as one, as runc reports each. The count is also re-read on every periodic check,
 * and the watch ends when the cgroup is removed or has no process left.
 */
final class OomControlWatcher implements OomWatcher {
    /** How long after a notification the kill is waited for before the notification counts alone. */
    static final Duration KILL_GRACE = Duration.ofMillis(100);

    private final CgroupKernel kernel;
    private final Path dir;
    private final Path oomControl;
    private final Path eventControl;
    private final String doing;
    private final int eventFd;
    private final int controlFd;
    private long seen;
    /** Notifications not yet matched by a kill, and until when a kill is waited for. */
    private long pending;
    private long graceEnd;

    /** @param dir the container's directory in the memory hierarchy, or null if none is mounted */
    OomControlWatcher(CgroupKernel kernel, Path dir) {
        if (dir == null) {
            throw new CgroupException("watch OOM kills: memory controller missing (this host has no memory hierarchy"
                    + " mounted)");
        }
        this.kernel = kernel;
        this.dir = dir;
        this.oomControl = dir.resolve("memory.oom_control");
        this.eventControl = dir.resolve("cgroup.event_control");
        this.doing = "watch OOM kills in " + dir;
        this.eventFd = kernel.eventfd();
        if (eventFd < 0) {
            throw new CgroupException(doing + ": eventfd: " + Messages.errno(eventFd));
        }
        this.controlFd = kernel.openFile(oomControl);
        if (controlFd < 0) {
            kernel.close(eventFd);
            throw new CgroupException(doing + ": open " + oomControl + ": " + Messages.errno(controlFd));
        }
        String registration = eventFd + " " + controlFd;
        int r = kernel.write(eventControl, registration);
        if (r < 0) {
            close();
            throw new CgroupException(doing + ": write \"" + registration + "\" to " + eventControl + ": "
                    + Messages.errno(r));
        }
        this.seen = oomKills();
    }

    private long oomKills() {
        return V1StatsReader.oomKills(dir, doing);
    }

    /** memory.oom_control's "oom_kill": 0 before Linux 4.13. */
    @Override
    public long total() {
        return seen;
    }

    /**
     * @return the OOM kills since the last call, or where the kernel counts none the OOM
     *         notifications; 0 if none within {@code timeout}; {@link #ENDED}
     */
    @Override
    public long await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long wait = Math.min(deadline - now, FileWatch.RECHECK.toNanos());
            if (pending > 0) {
                wait = Math.min(wait, graceEnd - now);
            }
            long n = kernel.readEventfd(eventFd, (int) Math.max(0, (wait + 999_999) / 1_000_000));
            if (n < 0) {
                throw new CgroupException(doing + ": read the eventfd registered in " + eventControl + ": "
                        + Messages.errno((int) n));
            }
            if (n > 0 && !Files.exists(eventControl)) {
                return ENDED; // the notification of the cgroup's removal
            }
            long kills = oomKills() - seen;
            if (kills > 0) {
                seen += kills;
                pending = 0;
                return kills;
            }
            now = System.nanoTime();
            if (n > 0) {
                pending += n;
                graceEnd = now + KILL_GRACE.toNanos();
            }
            if (pending > 0 && now - graceEnd >= 0) {
                long notified = pending;
                pending = 0;
                return notified;
            }
            if (pending == 0 && ended()) {
                return ENDED;
            }
            if (now - deadline >= 0 && pending == 0) {
                return 0;
            }
        }
    }

    /** No process left in the cgroup or below it, or the cgroup gone: no OOM can come. */
    private boolean ended() {
        return !Files.isDirectory(dir) || new CgroupProcesses(dir).all().isEmpty();
    }

    @Override
    public void close() {
        kernel.close(controlFd);
        kernel.close(eventFd);
    }
}
