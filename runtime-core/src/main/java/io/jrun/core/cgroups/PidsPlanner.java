package io.jrun.core.cgroups;

import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;

/** {@code linux.resources.pids}: pids.max, the same file on v1 and v2 (runc's fs and fs2 pids.go). */
final class PidsPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxPids p = resources.pids();
        if (p == null || p.limit() == null) {
            return;
        }
        String field = R + ".pids.limit";
        long limit = p.limit();
        // runtime-spec 1.3 (#1279): 0 is a real limit (no new tasks) and a negative value
        // means "max". runc 1.1.x took 0 as "unset" and wrote nothing; runc 1.4 follows the
        // spec as we do.
        String value = limit > 0 ? Long.toString(limit) : limit == 0 ? "0" : "max";
        if (plan.need("pids", field)) {
            plan.add(new ResourcePlan.Write("pids.max", value, field));
        }
    }
}
