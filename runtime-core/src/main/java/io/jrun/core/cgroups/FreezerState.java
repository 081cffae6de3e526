package io.jrun.core.cgroups;

/** cgroup.freeze as runc reports it: `state` says "paused" for FROZEN. */
public enum FreezerState {
    THAWED,
    FROZEN,
    /** No cgroup.freeze (kernel before 5.2) or no cgroup. */
    UNDEFINED
}
