package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxThrottleDevice;
import io.jrun.spec.LinuxWeightDevice;
import java.util.List;

/**
 * {@code linux.resources.blockIO} on cgroup v2: weights (to io.bfq.weight or io.weight, decided
 * when written: see {@link ResourcePlan.IoWeight}) and io.max throttles (runc's fs2 io.go).
 */
final class BlockIoPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxBlockIo b = resources.blockIO();
        if (b == null) {
            return;
        }
        String base = R + ".blockIO";
        if (b.weight() != null && b.weight() != 0 && weight(plan, base + ".weight", b.weight(), 10)
                && plan.need("io", base + ".weight")) {
            plan.add(new ResourcePlan.IoWeight(null, b.weight(), base + ".weight"));
        }
        if (b.leafWeight() != null) {
            plan.warn(base + ".leafWeight", "cgroup v2 has no leaf weight (the CFQ scheduler's)");
        }
        List<LinuxWeightDevice> wd = b.weightDevice() == null ? List.of() : b.weightDevice();
        for (int i = 0; i < wd.size(); i++) {
            LinuxWeightDevice d = wd.get(i);
            String f = JsonPath.element(base + ".weightDevice", i);
            if (d.weight() != null && d.weight() != 0 && device(plan, f, d.major(), d.minor())
                    && weight(plan, f + ".weight", d.weight(), 10) && plan.need("io", f + ".weight")) {
                plan.add(new ResourcePlan.IoWeight(d.major() + ":" + d.minor(), d.weight(), f + ".weight"));
            }
            if (d.leafWeight() != null) {
                plan.warn(f + ".leafWeight", "cgroup v2 has no leaf weight (the CFQ scheduler's)");
            }
        }
        throttle(plan, base + ".throttleReadBpsDevice", b.throttleReadBpsDevice(), "io", "io.max", " rbps=");
        throttle(plan, base + ".throttleWriteBpsDevice", b.throttleWriteBpsDevice(), "io", "io.max", " wbps=");
        throttle(plan, base + ".throttleReadIOPSDevice", b.throttleReadIOPSDevice(), "io", "io.max", " riops=");
        throttle(plan, base + ".throttleWriteIOPSDevice", b.throttleWriteIOPSDevice(), "io", "io.max", " wiops=");
    }

    /**
     * A blkio weight between {@code min} and 1000: 10 here, where runc's conversion is linear from
     * [10, 1000] and would underflow below; on v1 CFQ takes 10 and BFQ 1 up.
     */
    static boolean weight(PlanBuilder plan, String field, int weight, int min) {
        if (weight < min || weight > 1000) {
            plan.error(field, "must be between " + min + " and 1000, not " + weight);
            return false;
        }
        return true;
    }

    /** A device number as the kernel's MAJ:MIN parsers take it (u32 each). */
    static boolean device(PlanBuilder plan, String field, long major, long minor) {
        if (major < 0 || minor < 0 || major > 0xFFFFFFFFL || minor > 0xFFFFFFFFL) {
            plan.error(field, major + ":" + minor + " is not a device number");
            return false;
        }
        return true;
    }

    /**
     * One write of "MAJ:MIN{@code separator}RATE" to {@code file} per device of a throttle list
     * (v2: io.max with "rbps=" and the like; v1: a blkio.throttle.* file with a space).
     */
    static void throttle(PlanBuilder plan, String base, List<LinuxThrottleDevice> list, String controller,
            String file, String separator) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            LinuxThrottleDevice d = list.get(i);
            String f = JsonPath.element(base, i);
            if (device(plan, f, d.major(), d.minor()) && plan.need(controller, f + ".rate")) {
                plan.add(new ResourcePlan.Write(file, d.major() + ":" + d.minor() + separator
                        + Long.toUnsignedString(d.rate()), f + ".rate"));
            }
        }
    }
}
