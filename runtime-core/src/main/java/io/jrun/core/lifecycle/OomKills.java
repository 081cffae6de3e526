package io.jrun.core.lifecycle;

import io.jrun.api.Log;
import io.jrun.core.cgroups.Cgroup;
import io.jrun.core.cgroups.CgroupRef;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.V1Cgroup;
import io.jrun.core.state.ContainerRecord;
import io.jrun.core.state.StateStore;
import io.jrun.sys.Signals;

/**
 * For `run` in the foreground: tells an OOM kill from any other SIGKILL. When the program died of
 * SIGKILL and its cgroup counts more OOM kills than before it started (v2: memory.events
 * "oom_kill"; v1: memory.oom_control "oom_kill" of the memory hierarchy), the error "container
 * was OOM-killed" is logged (engines read the log); the exit status stays 137.
 *
 * <p>A cgroup jrun created for the container counted no OOM kill before, so only a cgroup that
 * existed already needs a count taken first: the usual run pays nothing before its start.
 */
final class OomKills {
    private static final Log log = Log.of(OomKills.class);

    private final CgroupManagers cgroups;
    /** The record that names the cgroup, or null when there is no count to compare. */
    private final ContainerRecord record;
    /** Where the count is kept: the v2 directory, or the v1 memory hierarchy's. */
    private final String countDir;
    private final long before;

    private OomKills(CgroupManagers cgroups, ContainerRecord record, String countDir, long before) {
        this.cgroups = cgroups;
        this.record = record;
        this.countDir = countDir;
        this.before = before;
    }

    /** Before the program starts. Never fails: without a count there is no report. */
    static OomKills before(StateStore store, String id, CgroupManagers cgroups) {
        try (StateStore.Handle h = store.open(id)) {
            ContainerRecord r = h.read();
            CgroupRef ref = r.cgroupV1() != null ? r.cgroupV1().subsystems().get("memory") : r.cgroup();
            if (ref == null) {
                return new OomKills(cgroups, null, null, 0); // no memory hierarchy: nothing counts
            }
            return new OomKills(cgroups, r, ref.path(), ref.createdDepth() > 0 ? 0 : count(cgroups.open(r)));
        } catch (RuntimeException e) {
            log.debug("count the OOM kills of container {}: {}", id, e.getMessage());
            return new OomKills(cgroups, null, null, 0);
        }
    }

    /**
     * The directory whose count the supervisor compares (memory.events on v2, memory.oom_control
     * on v1: runtime-cli/src/main/c/supervise.c reads either), or null when there is no count.
     */
    String cgroupPath() {
        return countDir;
    }

    /** The count of OOM kills before the program started. */
    long before() {
        return before;
    }

    /** After the program ended with {@code status}, while its cgroup still exists. */
    void report(int status) {
        if (record == null || status != 128 + Signals.SIGKILL) {
            return;
        }
        long after;
        try {
            after = count(cgroups.open(record));
        } catch (RuntimeException e) {
            log.debug("count the OOM kills in {}: {}", countDir, e.getMessage());
            return;
        }
        if (Long.compareUnsigned(after, before) > 0) {
            log.error("container was OOM-killed");
        }
    }

    private static long count(ContainerCgroup cg) {
        if (!cg.exists()) {
            return 0;
        }
        // instanceof, not a pattern switch, whose bootstrap makes a class at run time
        return cg instanceof V1Cgroup v1 ? v1.oomKillCount() : ((Cgroup) cg).stats().memory().oomKill();
    }
}
