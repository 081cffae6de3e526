package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxHugepageLimit;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Quote;
import java.util.List;

/**
 * {@code linux.resources.hugepageLimits}: hugetlb.SIZE.max and, where the kernel has it,
 * hugetlb.SIZE.rsvd.max on cgroup v2 (runc's fs2 hugetlb.go); the same with .limit_in_bytes for
 * .max on cgroup v1 (runc's fs hugetlb.go; runc 1.2 added the rsvd file there too). The page size
 * must be one this kernel has.
 */
final class HugetlbPlanner implements ControllerPlanner {
    /** The limit files' suffix on cgroup v2. */
    static final String V2_SUFFIX = ".max";
    /** The limit files' suffix on cgroup v1. */
    static final String V1_SUFFIX = ".limit_in_bytes";

    private final String suffix;

    HugetlbPlanner(String suffix) {
        this.suffix = suffix;
    }

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
                plan.add(new ResourcePlan.Write("hugetlb." + size + suffix, value, f + ".limit"));
                // Reservations (5.7+): limit them too, so that mmap fails instead of a later
                // SIGBUS (runc does the same where the file exists).
                plan.add(new ResourcePlan.Write("hugetlb." + size + ".rsvd" + suffix, value, f + ".limit", true, null));
            }
        }
    }
}
