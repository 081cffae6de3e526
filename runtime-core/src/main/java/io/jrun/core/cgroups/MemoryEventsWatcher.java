package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The cgroup v2 {@link OomWatcher}: memory.events "oom_kill" going up, noticed through inotify on
 * the cgroup directory (the kernel signals each change of memory.events and cgroup.events), with
 * a periodic re-read as a safety net. Like runc's notifyOnOOMV2, it ends when the cgroup has no
 * process left ("populated 0") or is gone.
 */
final class MemoryEventsWatcher implements OomWatcher {
    private final Path dir;
    private final Path memoryEvents;
    private final Path cgroupEvents;
    private final FileWatch watch;
    private long seen;

    MemoryEventsWatcher(Path dir) {
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

    /** memory.events "oom_kill". */
    @Override
    public long total() {
        return seen;
    }

    @Override
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
