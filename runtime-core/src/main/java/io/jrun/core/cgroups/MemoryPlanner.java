package io.jrun.core.cgroups;

import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.resources.memory} on cgroup v2: memory.swap.max, memory.max, memory.low, and the
 * check against memory.current (runc's fs2 memory.go). The v1-only fields are warned about.
 */
final class MemoryPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxMemory m = resources.memory();
        if (m == null) {
            return;
        }
        String base = R + ".memory";
        Limits limits = Limits.of(m, plan);
        long limit = limits.limit();
        long reservation = limits.reservation();
        long swap = limits.swap();
        if (m.kernel() != null) {
            // runc: "Kernel memory settings are ignored and will be removed".
            plan.warn(base + ".kernel", "kernel memory is accounted in memory.max and has no separate limit");
        }
        if (m.kernelTCP() != null) {
            plan.warn(base + ".kernelTCP", "kernel TCP memory is accounted in memory.max and has no separate limit");
        }
        if (m.swappiness() != null) {
            plan.warn(base + ".swappiness", "cgroup v2 has no per-cgroup swappiness (runc ignores it too)");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            plan.warn(base + ".disableOOMKiller", "cgroup v2 cannot disable the OOM killer (runc ignores it too)");
        }
        if (Boolean.FALSE.equals(m.useHierarchy())) {
            plan.warn(base + ".useHierarchy", "cgroup v2 accounting is always hierarchical");
        }
        if (limit == 0 && reservation == 0 && swap == 0) {
            return;
        }
        if (!plan.needAll("memory", limits.setFields()) || !limits.valid()) {
            return;
        }
        long swapV2;
        try {
            swapV2 = Conversions.memorySwapToV2(swap, limit);
        } catch (IllegalArgumentException e) {
            plan.error(base + ".swap", e.getMessage() + " (swap is the memory+swap limit; limit is " + limit + ")");
            return;
        }
        String swapStr = Conversions.numToStr(swapV2);
        if (swapStr.isEmpty() && swapV2 == 0 && swap > 0) {
            swapStr = "0"; // memory+swap == memory: no swap at all
        }
        if (!swapStr.isEmpty()) {
            // Without swap accounting there is no memory.swap.max; "max" and "0" then say
            // nothing the kernel does not do already (runc ignores them there too).
            boolean optional = swapStr.equals("max") || swapStr.equals("0");
            String field = swap != 0 ? base + ".swap" : base + ".limit";
            plan.add(new ResourcePlan.Write("memory.swap.max", swapStr, field, optional, null));
        }
        if (limit != 0) {
            plan.add(new ResourcePlan.Write("memory.max", Conversions.numToStr(limit), base + ".limit"));
        }
        if (reservation != 0) {
            plan.add(new ResourcePlan.Write("memory.low", Conversions.numToStr(reservation), base + ".reservation"));
        }
        if (Boolean.TRUE.equals(m.checkBeforeUpdate()) && (limit > 0 || swap > 0)) {
            plan.memoryCheck(new ResourcePlan.MemoryCheck(limit, swap));
        }
    }

    /**
     * The limits of {@code linux.resources.memory}, the same numbers on either hierarchy: 0 for
     * unset, -1 for none, else bytes.
     *
     * @param valid whether all three are such numbers (each that is not is an error)
     */
    record Limits(long limit, long reservation, long swap, boolean valid) {
        static Limits of(LinuxMemory m, PlanBuilder plan) {
            String base = R + ".memory";
            long limit = ControllerPlanner.nz(m.limit());
            long reservation = ControllerPlanner.nz(m.reservation());
            long swap = ControllerPlanner.nz(m.swap());
            boolean valid = memoryValue(plan, base + ".limit", limit);
            valid &= memoryValue(plan, base + ".reservation", reservation);
            valid &= memoryValue(plan, base + ".swap", swap);
            return new Limits(limit, reservation, swap, valid);
        }

        /** The fields of the limits that are set. */
        List<String> setFields() {
            String base = R + ".memory";
            List<String> fields = new ArrayList<>();
            if (limit != 0) {
                fields.add(base + ".limit");
            }
            if (reservation != 0) {
                fields.add(base + ".reservation");
            }
            if (swap != 0) {
                fields.add(base + ".swap");
            }
            return fields;
        }
    }

    private static boolean memoryValue(PlanBuilder plan, String field, long v) {
        if (v < -1) {
            plan.error(field, "must be -1 (unlimited) or a number of bytes, not " + v);
            return false;
        }
        return true;
    }
}
