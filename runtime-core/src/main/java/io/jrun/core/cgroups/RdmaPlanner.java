package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Quote;

/**
 * {@code linux.resources.rdma}: one rdma.max line per device, the same file on v1 and v2 (runc's
 * fscommon rdma.go serves both).
 */
final class RdmaPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        resources.rdmaOrEmpty().forEach((device, limits) -> {
            String f = JsonPath.member(R + ".rdma", device);
            if (device.isEmpty() || device.chars().anyMatch(ch -> ch <= ' ')) {
                plan.error(f, Quote.value(device) + " is not an RDMA device name");
                return;
            }
            if (limits == null || (limits.hcaHandles() == null && limits.hcaObjects() == null)) {
                plan.error(f, "give hcaHandles, hcaObjects or both");
                return;
            }
            if (plan.need("rdma", f)) {
                StringBuilder v = new StringBuilder(device);
                if (limits.hcaHandles() != null) {
                    v.append(" hca_handle=").append(limits.hcaHandles());
                }
                if (limits.hcaObjects() != null) {
                    v.append(" hca_object=").append(limits.hcaObjects());
                }
                plan.add(new ResourcePlan.Write("rdma.max", v.toString(), f));
            }
        });
    }
}
