package io.jrun.core.lifecycle;

import io.jrun.api.Log;
import io.jrun.core.cgroups.Cgroup;
import io.jrun.core.cgroups.CgroupRef;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.state.StateStore;
import io.jrun.sys.Signals;

import java.util.function.Supplier;

/**
 * For `run` in the foreground: tells an OOM kill from any other SIGKILL. When the program died of
 * SIGKILL and its cgroup's memory.events counts more "oom_kill" than before it started, the
 * error "container was OOM-killed" is logged (engines read the log); the exit status stays
 * 137.
 *
 * <p>A cgroup jrun created for the container counted no OOM kill before, so only a cgroup that
 * existed already needs a count taken first: the usual run pays nothing before its start.
 */
final class OomKills {
    private static final Log log = Log.of(OomKills.class);

    private final Supplier<Cgroups> cgroups;
    private final CgroupRef cgroup;
    private final long before;

    private OomKills(Supplier<Cgroups> cgroups, CgroupRef cgroup, long before) {
        this.cgroups = cgroups;
        this.cgroup = cgroup;
        this.before = before;
    }

    /** Before the program starts. Never fails: without a count there is no report. */
    static OomKills before(StateStore store, String id, Supplier<Cgroups> cgroups) {
        try (StateStore.Handle h = store.open(id)) {
            CgroupRef ref = h.read().cgroup();
            if (ref == null) {
                return new OomKills(cgroups, null, 0);
            }
            return new OomKills(cgroups, ref, ref.createdDepth() > 0 ? 0 : count(cgroups.get().open(ref)));
        } catch (RuntimeException e) {
            log.debug("count the OOM kills of container {}: {}", id, e.getMessage());
            return new OomKills(cgroups, null, 0);
        }
    }

    /** The cgroup's directory on the host, or null when there is no count to compare. */
    String cgroupPath() {
        return cgroup == null ? null : cgroup.path();
    }

    /** The count of OOM kills before the program started. */
    long before() {
        return before;
    }

    /** After the program ended with {@code status}, while its cgroup still exists. */
    void report(int status) {
        if (cgroup == null || status != 128 + Signals.SIGKILL) {
            return;
        }
        long after;
        try {
            after = count(cgroups.get().open(cgroup));
        } catch (RuntimeException e) {
            log.debug("count the OOM kills in {}: {}", cgroup.path(), e.getMessage());
            return;
        }
        if (Long.compareUnsigned(after, before) > 0) {
            log.error("container was OOM-killed");
        }
    }

    private static long count(Cgroup cg) {
        return cg.exists() ? cg.stats().memory().oomKill() : 0;
    }
}
