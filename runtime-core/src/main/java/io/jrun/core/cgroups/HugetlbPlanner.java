package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxHugepageLimit;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Quote;
import java.util.List;

/**
 * {@code linux.resources.hugepageLimits} on cgroup v2: hugetlb.SIZE.max and, where the kernel
 * has it, hugetlb.SIZE.rsvd.max (runc's fs2 hugetlb.go). The page size must be one this kernel
 * has.
 */
final class HugetlbPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        List<LinuxHugepageLimit> limits = resources.hugepageLimitsOrEmpty();
        List<String> sizes = plan.env().hugePageSizes();
        for (int i = 0; i < limits.size(); i++) {
            LinuxHugepageLimit h = limits.get(i);
            String f = JsonPath.element(R + ".hugepageLimits", i);
            String size = h.pageSize();
            if (size == null || !sizes.contains(size)) {
                plan.error(f + ".pageSize", (size == null ? "missing" : Quote.value(size) + " is not a huge page size of "
                        + "this kernel") + " (it has " + (sizes.isEmpty() ? "none" : String.join(", ", sizes)) + ")");
                continue;
            }
            if (plan.need("hugetlb", f + ".limit")) {
                String value = Long.toUnsignedString(h.limit());
                plan.add(new ResourcePlan.Write("hugetlb." + size + ".max", value, f + ".limit"));
                // Reservations (5.7+): limit them too, so that mmap fails instead of a later
                // SIGBUS (runc does the same where the file exists).
                plan.add(new ResourcePlan.Write("hugetlb." + size + ".rsvd.max", value, f + ".limit", true, null));
            }
        }
    }
}
