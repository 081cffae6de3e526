package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxWeightDevice;
import java.util.List;

/**
 * {@code linux.resources.blockIO} on cgroup v1 (runc's fs blkio.go): the weights (to CFQ's
 * blkio.weight files or BFQ's blkio.bfq.weight ones, decided when written: see {@link
 * ResourcePlan.BlkioWeight}), the leaf weights, then the blkio.throttle.* files, one write per
 * device. The leaf weights are CFQ's (gone from Linux 5.0): runc writes them anyway and fails
 * where the file is missing, and so does a plan written as given.
 */
final class BlkioV1Planner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxBlockIo b = resources.blockIO();
        if (b == null) {
            return;
        }
        String base = R + ".blockIO";
        // The lowest weight is the scheduler's (BFQ 1, CFQ 10), only known when written.
        if (set(b.weight()) && BlockIoPlanner.weight(plan, base + ".weight", b.weight(), 1)
                && plan.need("blkio", base + ".weight")) {
            plan.add(new ResourcePlan.BlkioWeight(null, b.weight(), base + ".weight"));
        }
        if (set(b.leafWeight()) && BlockIoPlanner.weight(plan, base + ".leafWeight", b.leafWeight(), 10)
                && plan.need("blkio", base + ".leafWeight")) {
            plan.add(new ResourcePlan.Write("blkio.leaf_weight", Integer.toString(b.leafWeight()), base + ".leafWeight"));
        }
        List<LinuxWeightDevice> wd = b.weightDevice() == null ? List.of() : b.weightDevice();
        for (int i = 0; i < wd.size(); i++) {
            LinuxWeightDevice d = wd.get(i);
            String f = JsonPath.element(base + ".weightDevice", i);
            if (!(set(d.weight()) || set(d.leafWeight())) || !BlockIoPlanner.device(plan, f, d.major(), d.minor())) {
                continue;
            }
            String device = d.major() + ":" + d.minor();
            if (set(d.weight()) && BlockIoPlanner.weight(plan, f + ".weight", d.weight(), 1)
                    && plan.need("blkio", f + ".weight")) {
                plan.add(new ResourcePlan.BlkioWeight(device, d.weight(), f + ".weight"));
            }
            if (set(d.leafWeight()) && BlockIoPlanner.weight(plan, f + ".leafWeight", d.leafWeight(), 10)
                    && plan.need("blkio", f + ".leafWeight")) {
                plan.add(new ResourcePlan.Write("blkio.leaf_weight_device", device + " " + d.leafWeight(),
                        f + ".leafWeight"));
            }
        }
        BlockIoPlanner.throttle(plan, base + ".throttleReadBpsDevice", b.throttleReadBpsDevice(), "blkio",
                "blkio.throttle.read_bps_device", " ");
        BlockIoPlanner.throttle(plan, base + ".throttleWriteBpsDevice", b.throttleWriteBpsDevice(), "blkio",
                "blkio.throttle.write_bps_device", " ");
        BlockIoPlanner.throttle(plan, base + ".throttleReadIOPSDevice", b.throttleReadIOPSDevice(), "blkio",
                "blkio.throttle.read_iops_device", " ");
        BlockIoPlanner.throttle(plan, base + ".throttleWriteIOPSDevice", b.throttleWriteIOPSDevice(), "blkio",
                "blkio.throttle.write_iops_device", " ");
    }

    /** runc takes 0 as unset. */
    private static boolean set(Integer weight) {
        return weight != null && weight != 0;
    }
}
