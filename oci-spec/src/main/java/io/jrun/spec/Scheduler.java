package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code process.scheduler}: sched_setattr(2) attributes.
 *
 * @param policy   REQUIRED, e.g. {@code SCHED_OTHER}
 * @param nice     nice value
 * @param priority static priority
 * @param flags    {@code SCHED_FLAG_*} names
 * @param runtime  SCHED_DEADLINE runtime, ns
 * @param deadline SCHED_DEADLINE deadline, ns
 * @param period   SCHED_DEADLINE period, ns
 */
public record Scheduler(
        String policy,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int nice,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int priority,
        List<String> flags,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @Uint64 long runtime,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @Uint64 long deadline,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @Uint64 long period) {

    public Scheduler {
        flags = Copies.list(flags);
    }
}
