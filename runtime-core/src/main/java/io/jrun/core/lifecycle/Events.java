package io.jrun.core.lifecycle;

import io.jrun.api.CgroupStats;
import io.jrun.api.ContainerEvent;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.api.Status;
import io.jrun.core.cgroups.Cgroup;
import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.OomWatcher;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * `events`: the container's statistics every interval and its OOM kills as they happen, until
 * the container is gone (its cgroup has no process left, or was removed), as runc's events
 * command; or, for `events --stats`, the statistics once.
 */
final class Events {
    private static final Log log = Log.of(Events.class);

    private Events() {}

    /** The container's cgroup, if it is still there to report on (runc: not for a stopped container). */
    static Cgroup cgroupOf(Container c) {
        if (c.status() == Status.STOPPED) {
            throw new JrunException("container with id " + c.id() + " is not running");
        }
        if (c.record().cgroup() == null) {
            throw new JrunException("container " + c.id() + " has no cgroup to report on");
        }
        return c.cgroup();
    }

    /**
     * Streams events to {@code sink} until the container is gone: a stats event each
     * {@code interval} (the first after one interval, as runc's ticker), an oom event whenever
     * memory.events "oom_kill" goes up. Holds no lock: `delete` may end the stream at any time.
     */
    static void stream(String id, Cgroup cgroup, Duration interval, Consumer<ContainerEvent> sink) {
        checkInterval(interval);
        long step = interval.toNanos();
        try (OomWatcher oom = cgroup.watchOom()) {
            long next = System.nanoTime() + step;
            while (true) {
                long now = System.nanoTime();
                if (now - next >= 0) {
                    // A slow reader makes ticks late; like Go's ticker, drop the ones missed.
                    next = now - next >= step ? now + step : next + step;
                    CgroupStats stats;
                    try {
                        stats = cgroup.stats();
                    } catch (CgroupException e) {
                        if (!cgroup.exists()) {
                            return;
                        }
                        log.error("{}", e.getMessage()); // as runc: report it and keep going
                        continue;
                    }
                    sink.accept(new ContainerEvent.Stats(id, stats));
                    continue;
                }
                long kills = oom.await(Duration.ofNanos(next - now));
                if (kills == OomWatcher.ENDED) {
                    return;
                }
                if (kills > 0) {
                    sink.accept(new ContainerEvent.Oom(id));
                }
            }
        }
    }

    static void checkInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new JrunException("duration interval must be greater than 0");
        }
    }
}
