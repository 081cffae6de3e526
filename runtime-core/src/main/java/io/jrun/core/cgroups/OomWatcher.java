package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Reports OOM kills in a cgroup as they happen, for the `events` command: memory.events
 * "oom_kill" going up, noticed through inotify on the cgroup directory (the kernel signals each
 * change of memory.events and cgroup.events), with a periodic re-read as a safety net. Like
 * runc's notifyOnOOMV2, it ends when the cgroup has no process left ("populated 0") or is gone.
 */
public final class OomWatcher implements AutoCloseable {
    /** Returned by {@link #await} when the cgroup is empty or removed: no OOM can come any more. */
    public static final long ENDED = -1;

    private final Path dir;
    private final Path memoryEvents;
    private final Path cgroupEvents;
    private final FileWatch watch;
    private long seen;

    OomWatcher(Path dir) {
        this.dir = dir;
        this.memoryEvents = dir.resolve("memory.events");
        this.cgroupEvents = dir.resolve("cgroup.events");
        this.watch = FileWatch.on(dir);
        this.seen = oomKills();
    }

    private long oomKills() {
        return CgroupFiles.key(memoryEvents, "oom_kill", 0, "watch OOM kills in " + dir);
    }

    private boolean ended() {
        return CgroupFiles.key(cgroupEvents, "populated", 0, "watch OOM kills in " + dir) == 0;
    }

    /** The OOM kills counted so far in the cgroup's life (memory.events "oom_kill"). */
    public long total() {
        return seen;
    }

    /**
     * Waits for OOM kills.
     *
     * @return how many processes the OOM killer killed since the last call (&gt; 0), 0 if none
     *         within {@code timeout}, or {@link #ENDED}
     */
    public long await(Duration timeout) {
        long[] result = {0};
        watch.await(() -> {
            long now = oomKills();
            if (now > seen) {
                result[0] = now - seen;
                seen = now;
                return true;
            }
            if (ended()) {
                result[0] = ENDED;
                return true;
            }
            return false;
        }, timeout);
        return result[0];
    }

    @Override
    public void close() {
        watch.close();
    }
}
