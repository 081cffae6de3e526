package io.jrun.core.cgroups;

import java.time.Duration;

/**
 * Reports OOM kills in a container's cgroup as they happen, for the `events` command: on cgroup
 * v2 from memory.events ({@link MemoryEventsWatcher}), on v1 through the eventfd that
 * memory.oom_control signals ({@link OomControlWatcher}). Close it when done.
 */
public sealed interface OomWatcher extends AutoCloseable permits MemoryEventsWatcher, OomControlWatcher {
    /** Returned by {@link #await} when the cgroup is empty or removed: no OOM can come any more. */
    long ENDED = -1;

    /** The OOM kills counted so far in the cgroup's life. */
    long total();

    /**
     * Waits for OOM kills.
     *
     * @return how many processes the OOM killer killed since the last call (&gt; 0), 0 if none
     *         within {@code timeout}, or {@link #ENDED}
     */
    long await(Duration timeout);

    @Override
    void close();
}
