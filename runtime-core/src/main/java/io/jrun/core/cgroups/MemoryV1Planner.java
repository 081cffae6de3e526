package io.jrun.core.cgroups;

import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxResources;
import java.util.List;

/**
 * {@code linux.resources.memory} on cgroup v1 (runc's fs memory.go): memory.limit_in_bytes and
 * memory.memsw.limit_in_bytes in an order the kernel takes, then memory.soft_limit_in_bytes,
 * memory.oom_control and memory.swappiness. The numbers are written as given: v1 takes -1 for
 * unlimited, and swap is memory+swap as in the spec.
 */
final class MemoryV1Planner implements ControllerPlanner {
    static final String LIMIT = "memory.limit_in_bytes";
    static final String MEMSW = "memory.memsw.limit_in_bytes";

    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxMemory m = resources.memory();
        if (m == null) {
            return;
        }
        String base = R + ".memory";
        MemoryPlanner.Limits limits = MemoryPlanner.Limits.of(m, plan);
        long limit = limits.limit();
        long reservation = limits.reservation();
        long swap = limits.swap();
        boolean ok = limits.valid();
        if (ok && limit > 0 && swap > 0 && swap < limit) {
            // The kernel refuses it in either order (EINVAL); runc leaves it to the kernel, jrun
            // says so before anything is written, in the words of runc's v2 check.
            plan.error(base + ".swap", "memory+swap limit should be >= memory limit (swap is the memory+swap limit; "
                    + "limit is " + limit + ")");
            ok = false;
        }
        // runc 1.1.5 (specconv) warns "Kernel memory settings are ignored and will be removed"
        // and writes neither file, though v1 kernels may have them; jrun does the same, per field.
        if (m.kernel() != null) {
            plan.warn(base + ".kernel", "runc does not set memory.kmem.limit_in_bytes either (deprecated by the kernel; "
                    + "kernel memory counts in memory.limit_in_bytes)");
        }
        if (m.kernelTCP() != null) {
            plan.warn(base + ".kernelTCP", "runc does not set memory.kmem.tcp.limit_in_bytes either (kernel TCP buffers "
                    + "count in memory.limit_in_bytes)");
        }
        boolean swappiness = false;
        Long sw = m.swappiness();
        // uint64: runc takes -1 (its all-ones) as unset, like no value.
        if (sw != null && sw != -1) {
            if (Long.compareUnsigned(sw, 100) > 0) {
                plan.error(base + ".swappiness", "invalid memory swappiness value: " + Long.toUnsignedString(sw)
                        + " (valid range is 0-100)");
            } else {
                swappiness = true;
            }
        }
        if (Boolean.FALSE.equals(m.useHierarchy())) {
            // runc never writes memory.use_hierarchy (its config has no such field); the kernel
            // has dropped the non-hierarchical mode and refuses 0.
            plan.warn(base + ".useHierarchy", "runc does not set memory.use_hierarchy either; accounting is "
                    + "hierarchical");
        }
        // checkBeforeUpdate needs nothing here: v1 itself refuses (EBUSY) a limit below the usage
        // it cannot reclaim, which is what the spec asks v2 runtimes to mimic (runc checks on
        // v2 only).
        boolean oom = Boolean.TRUE.equals(m.disableOOMKiller());
        List<String> fields = limits.setFields();
        if (oom) {
            fields.add(base + ".disableOOMKiller");
        }
        if (swappiness) {
            fields.add(base + ".swappiness");
        }
        if (!plan.needAll("memory", fields) || !ok) {
            return;
        }
        memoryAndSwap(plan, base, limit, swap);
        if (reservation != 0) {
            plan.add(new ResourcePlan.Write("memory.soft_limit_in_bytes", Long.toString(reservation),
                    base + ".reservation"));
        }
        if (oom) {
            plan.add(new ResourcePlan.Write("memory.oom_control", "1", base + ".disableOOMKiller"));
        }
        if (swappiness) {
            plan.add(new ResourcePlan.Write("memory.swappiness", Long.toUnsignedString(sw), base + ".swappiness"));
        }
    }

    /**
     * runc's setMemoryAndSwap. The kernel keeps memory.limit_in_bytes at or below
     * memory.memsw.limit_in_bytes at every write, so the order depends on the values in place:
     * runc reads the current limit and writes memsw first when raising it. The plan writes the
     * limit first and, if the kernel refuses it (EINVAL: above the current memsw), again right
     * after memsw, which ends in the same state: lowering, the limit goes first; raising, memsw
     * does. An unlimited memsw always goes first, as in runc.
     */
    private static void memoryAndSwap(PlanBuilder plan, String base, long limit, long swap) {
        String swapField = base + ".swap";
        boolean swapOptional = false;
        if (limit == -1 && swap == 0) {
            // runc: unlimited memory with swap unset lifts the memory+swap limit too, where the
            // kernel accounts swap (memory.memsw.* exists only then).
            swap = -1;
            swapField = base + ".limit";
            swapOptional = true;
        }
        if (swap == -1) {
            plan.add(new ResourcePlan.Write(MEMSW, "-1", swapField, swapOptional, null));
            if (limit != 0) {
                plan.add(new ResourcePlan.Write(LIMIT, Long.toString(limit), base + ".limit"));
            }
            return;
        }
        if (limit != 0) {
            plan.add(new ResourcePlan.Write(LIMIT, Long.toString(limit), base + ".limit", false,
                    swap != 0 ? MEMSW : null));
        }
        if (swap != 0) {
            plan.add(new ResourcePlan.Write(MEMSW, Long.toString(swap), swapField));
        }
    }
}
