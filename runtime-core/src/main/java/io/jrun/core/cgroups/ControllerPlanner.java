package io.jrun.core.cgroups;

import io.jrun.spec.LinuxResources;

/**
 * One controller's part of {@code linux.resources} turned into planned steps, each problem
 * named by its field (as runc's fs2 has a file per controller: pids.go, memory.go, ...). A
 * planner reads the spec and writes to a {@link PlanBuilder}; the files it names are its own
 * hierarchy's, so cgroup v1 has its own planners (the *V1Planner classes, runc's fs), composed
 * by {@link ResourcePlan#ofV1}, except where v1 and v2 share the files and their meaning (pids,
 * cpuset, rdma; hugetlb with another suffix).
 */
sealed interface ControllerPlanner
        permits PidsPlanner, MemoryPlanner, BlockIoPlanner, CpuPlanner, CpusetPlanner, HugetlbPlanner, RdmaPlanner,
        NetworkPlanner, UnifiedPlanner, MemoryV1Planner, CpuV1Planner, BlkioV1Planner, NetworkV1Planner,
        DevicesV1Planner {

    /** The JSON path of the resources, the start of every field named. */
    String R = "linux.resources";

    /** Adds the steps, errors and warnings of this controller's part of {@code resources}. */
    void plan(LinuxResources resources, PlanBuilder plan);

    /** An unset number as 0, which the spec's optional limits mean by "not set". */
    static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
