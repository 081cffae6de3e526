package io.jrun.spec;

import java.util.List;

/**
 * {@code process.scheduler}: sched_setattr(2) attributes.
 *
 * @param policy   REQUIRED, e.g. {@code SCHED_OTHER}
 * @param nice     nice value; this and the other numbers are left out when 0 (Go's omitempty)
 * @param priority static priority
 * @param flags    {@code SCHED_FLAG_*} names
 * @param runtime  SCHED_DEADLINE runtime, ns
 * @param deadline SCHED_DEADLINE deadline, ns
 * @param period   SCHED_DEADLINE period, ns
 */
public record Scheduler(
        String policy,
        int nice,
        int priority,
        List<String> flags,
        @Uint64 long runtime,
        @Uint64 long deadline,
        @Uint64 long period) {

    public Scheduler {
        flags = Copies.list(flags);
    }
}
