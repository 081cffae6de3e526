package io.jrun.core.cgroups;

/**
 * The freezer of one container's cgroup: cgroup.freeze on v2 ({@link Freezer}), the freezer
 * hierarchy's freezer.state on v1 ({@link V1Freezer}). {@link CgroupKill} freezes through it to
 * signal processes that cannot fork meanwhile.
 */
sealed interface CgroupFreezer permits Freezer, V1Freezer {
    /** Whether the cgroup can be frozen here at all (a kernel or a host without a freezer cannot). */
    boolean available();

    /** THAWED, FROZEN, or UNDEFINED without a freezer; waits while a freeze is in progress. */
    FreezerState state();

    /** Freezes or thaws, and returns once the kernel says it is done; throws if it cannot. */
    void set(boolean frozen);
}
