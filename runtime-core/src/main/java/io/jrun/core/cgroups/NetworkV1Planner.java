package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxInterfacePriority;
import io.jrun.spec.LinuxNetwork;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Quote;
import java.util.List;

/**
 * {@code linux.resources.network} on cgroup v1 (runc's fs net_cls.go and net_prio.go):
 * net_cls.classid, then one net_prio.ifpriomap write of "IFACE PRIORITY" per entry, as the
 * kernel parses one entry per write.
 */
final class NetworkV1Planner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxNetwork n = resources.network();
        if (n == null) {
            return;
        }
        String base = R + ".network";
        // runc takes 0 as unset (the kernel's own "no class").
        if (n.classID() != null && n.classID() != 0 && plan.need("net_cls", base + ".classID")) {
            plan.add(new ResourcePlan.Write("net_cls.classid", Long.toString(n.classID()), base + ".classID"));
        }
        List<LinuxInterfacePriority> priorities = n.priorities() == null ? List.of() : n.priorities();
        for (int i = 0; i < priorities.size(); i++) {
            LinuxInterfacePriority p = priorities.get(i);
            String f = JsonPath.element(base + ".priorities", i);
            if (!interfaceName(p.name())) {
                plan.error(f + ".name", p.name() == null ? "missing" : Quote.value(p.name())
                        + " is not a network interface name (1 to 15 characters, no white space, '/' or ':')");
            } else if (plan.need("net_prio", f)) {
                plan.add(new ResourcePlan.Write("net_prio.ifpriomap", p.name() + " " + Long.toUnsignedString(p.priority()),
                        f));
            }
        }
    }

    /**
     * The kernel's dev_valid_name: what any interface can be called. Whether the interface
     * exists is the kernel's to say when written (ENODEV).
     */
    private static boolean interfaceName(String name) {
        return name != null && !name.isEmpty() && name.length() < 16 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(ch -> ch <= ' ' || ch == '/' || ch == ':' || ch == 0x7f);
    }
}
