package io.jrun.core.cgroups;

import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxResources;

/**
 * {@code linux.resources.cpu.cpus} and {@code .mems}: cpuset.cpus, cpuset.mems, the same files on
 * v1 and v2 (runc's fs and fs2 cpuset.go; on v1 the manager fills empty parents first, see
 * {@link ResourcePlan#ofV1}).
 */
final class CpusetPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxCpu c = resources.cpu();
        if (c == null) {
            return;
        }
        String base = R + ".cpu";
        if (c.cpus() != null && !c.cpus().isEmpty() && plan.need("cpuset", base + ".cpus")) {
            plan.add(new ResourcePlan.Write("cpuset.cpus", c.cpus(), base + ".cpus"));
        }
        if (c.mems() != null && !c.mems().isEmpty() && plan.need("cpuset", base + ".mems")) {
            plan.add(new ResourcePlan.Write("cpuset.mems", c.mems(), base + ".mems"));
        }
    }
}
