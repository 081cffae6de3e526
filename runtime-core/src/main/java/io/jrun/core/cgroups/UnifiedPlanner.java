package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxResources;

/**
 * {@code linux.resources.unified}: cgroup v2 files written as given, after everything else so
 * that they can override it (runc's fs2 Set writes them last).
 */
final class UnifiedPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        resources.unifiedOrEmpty().forEach((key, value) -> {
            String f = JsonPath.member(R + ".unified", key);
            if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..") || key.indexOf('\0') >= 0) {
                plan.error(f, "the key must be the name of a file in the cgroup directory (no slashes)");
                return;
            }
            int dot = key.indexOf('.');
            if (dot <= 0) {
                plan.error(f, "the key must have the form CONTROLLER.PARAMETER, e.g. \"memory.high\"");
                return;
            }
            String controller = key.substring(0, dot);
            if (!controller.equals("cgroup") && !plan.need(controller, f)) {
                return;
            }
            if (value == null) {
                plan.error(f, "the value must be a string");
                return;
            }
            // runc's WriteFileByLine: multi-line values (io.max for several devices) are one
            // write per line, as the kernel parses one line per write.
            boolean wrote = false;
            for (String line : value.split("\n")) {
                if (!line.isEmpty()) {
                    plan.add(new ResourcePlan.Write(key, line, f));
                    wrote = true;
                }
            }
            if (!wrote) {
                plan.add(new ResourcePlan.Write(key, value, f));
            }
        });
    }
}
