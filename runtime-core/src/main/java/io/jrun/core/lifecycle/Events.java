package io.jrun.core.lifecycle;

import io.jrun.api.CgroupStats;
import io.jrun.api.ContainerEvent;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.api.Status;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.OomWatcher;
import io.jrun.core.cgroups.V1Cgroup;
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
    static ContainerCgroup cgroupOf(Container c) {
        if (c.status() == Status.STOPPED) {
            throw new JrunException("container with id " + c.id() + " is not running");
        }
        if (!c.record().hasCgroup()) {
            throw new JrunException("container " + c.id() + " has no cgroup to report on");
        }
        return c.cgroup();
    }

    /**
     * Streams events to {@code sink} until the container is gone: a stats event each
     * {@code interval} (the first after one interval, as runc's ticker), an oom event whenever
     * memory.events "oom_kill" goes up. Holds no lock: `delete` may end the stream at any time.
     */
    static void stream(String id, ContainerCgroup cgroup, Duration interval, Consumer<ContainerEvent> sink) {
        checkInterval(interval);
        long step = interval.toNanos();
        OomWatcher oom = watchOom(id, cgroup);
        try {
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
                long kills = oom != null ? oom.await(Duration.ofNanos(next - now)) : poll(cgroup, next - now);
                if (kills == OomWatcher.ENDED) {
                    return;
                }
                if (kills > 0) {
                    sink.accept(new ContainerEvent.Oom(id));
                }
            }
        } finally {
            if (oom != null) {
                oom.close();
            }
        }
    }

    /**
     * The OOM watcher, or null on a v1 host without a memory hierarchy, where there is nothing
     * to watch: runc's events warns and goes on with the statistics.
     */
    private static OomWatcher watchOom(String id, ContainerCgroup cgroup) {
        if (cgroup instanceof V1Cgroup v1 && v1.path("memory").isEmpty()) {
            log.warn("events {}: no OOM events: this host mounts no cgroup v1 memory hierarchy", id);
            return null;
        }
        return cgroup.watchOom();
    }

    /** Without an OOM watcher: waits up to {@code nanos}, then {@link OomWatcher#ENDED} once the cgroup is empty or gone. */
    private static long poll(ContainerCgroup cgroup, long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (!cgroup.exists() || cgroup.isEmpty()) {
                return OomWatcher.ENDED;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            try {
                Thread.sleep(Math.min(left / 1_000_000 + 1, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OomWatcher.ENDED;
            }
        }
    }

    static void checkInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new JrunException("duration interval must be greater than 0");
        }
    }
}
