package io.jrun.core.cgroups;

import io.jrun.spec.LinuxNetwork;
import io.jrun.spec.LinuxResources;

/** {@code linux.resources.network} on cgroup v2: nothing it can write, so an error if set. */
final class NetworkPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxNetwork n = resources.network();
        if (n == null) {
            return;
        }
        // net_cls and net_prio exist on cgroup v1 only and have no v2 equivalent (traffic is
        // classified by cgroup path with eBPF there). runtime-spec: a v1 setting that cannot
        // be converted MUST be an error. runc's fs2 silently ignores these; jrun follows the
        // spec.
        if (n.classID() != null) {
            plan.error(R + ".network.classID", "net_cls is cgroup v1 only; cgroup v2 has no class id to set");
        }
        if (n.priorities() != null && !n.priorities().isEmpty()) {
            plan.error(R + ".network.priorities", "net_prio is cgroup v1 only; cgroup v2 has no interface priorities");
        }
    }
}
