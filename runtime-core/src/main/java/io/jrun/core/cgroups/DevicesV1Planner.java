package io.jrun.core.cgroups;

import io.jrun.spec.LinuxDevice;
import io.jrun.spec.LinuxResources;
import java.util.List;

/**
 * The device rules on cgroup v1 (runc's fs devices.go): {@code linux.resources.devices} then
 * runc's defaults ({@link DeviceRules}), applied in order to a deny-all {@link DeviceEmulator},
 * become a {@link ResourcePlan.DeviceTransition} to the state they describe. A rule v1 would
 * silently ignore (a hole in a wildcard) is an error here as on v2.
 */
final class DevicesV1Planner implements ControllerPlanner {
    private final List<LinuxDevice> nodes;

    /** @param nodes {@code linux.devices}: a node at a default's path replaces that default */
    DevicesV1Planner(List<LinuxDevice> nodes) {
        this.nodes = nodes;
    }

    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        String field = R + ".devices";
        // Needed even with no rules in the config: runc's defaults are enforced, and runc refuses
        // a container without the devices hierarchy ("a hard requirement for container's
        // security", its devices Apply).
        boolean have = plan.need("devices", field);
        int errors = plan.errors().size();
        List<DeviceRules.Sourced> rules = DeviceRules.of(resources.devicesOrEmpty(), nodes, plan.errors());
        if (plan.errors().size() != errors) {
            return;
        }
        List<DeviceRule> target = DeviceRules.effective(rules, plan.errors());
        if (target != null && have) {
            plan.add(new ResourcePlan.DeviceTransition(target, field));
        }
    }
}
