package io.jrun.core.cgroups;

import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxResources;

/**
 * {@code linux.resources.cpu} but cpus and mems on cgroup v1 (runc's fs cpu.go): cpu.shares,
 * cpu.cfs_period_us, cpu.cfs_burst_us, cpu.cfs_quota_us, cpu.idle, then the realtime
 * cpu.rt_period_us and cpu.rt_runtime_us. Burst and idle are runc 1.2's (runc 1.1.5 predates
 * them in the spec and ignores them); jrun's v2 plan has them too.
 */
final class CpuV1Planner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxCpu c = resources.cpu();
        if (c == null) {
            return;
        }
        String base = R + ".cpu";
        if (c.shares() != null && c.shares() != 0) {
            shares(plan, base + ".shares", c.shares());
        }
        long quota = ControllerPlanner.nz(c.quota());
        long period = ControllerPlanner.nz(c.period());
        boolean bandwidth = CpuPlanner.validBandwidth(plan, quota, period);
        // The kernel checks a new period against the quota in place, so runc retries a refused
        // period (EINVAL) after the quota; the same for a burst larger than the old quota allows.
        String afterQuota = quota != 0 ? "cpu.cfs_quota_us" : null;
        if (bandwidth && period != 0 && plan.need("cpu", base + ".period")) {
            plan.add(new ResourcePlan.Write("cpu.cfs_period_us", Long.toUnsignedString(period), base + ".period", false,
                    afterQuota));
        }
        if (c.burst() != null && CpuPlanner.validBurst(plan, c.burst(), quota) && plan.need("cpu", base + ".burst")) {
            // Optional: runc 1.2 skips it on kernels without the file (before 5.14).
            plan.add(new ResourcePlan.Write("cpu.cfs_burst_us", Long.toString(c.burst()), base + ".burst", true,
                    afterQuota));
        }
        if (bandwidth && quota != 0 && plan.need("cpu", base + ".quota")) {
            // As given: v1 takes any negative quota as no limit.
            plan.add(new ResourcePlan.Write("cpu.cfs_quota_us", Long.toString(quota), base + ".quota"));
        }
        CpuPlanner.idle(c, plan);
        realtime(c, plan, base);
    }

    /**
     * runc writes cpu.shares, reads it back and fails with "the maximum (minimum) allowed
     * cpu-shares is N" if the kernel clamped it; the kernel's bounds are known, so the plan says
     * it first. (The v2 plan clamps instead, as runc's conversion to cpu.weight does.)
     */
    private static void shares(PlanBuilder plan, String field, long shares) {
        // uint64: a negative long is a huge unsigned number.
        if (shares < 0 || shares > Conversions.MAX_CPU_SHARES) {
            plan.error(field, "the maximum allowed cpu-shares is " + Conversions.MAX_CPU_SHARES + ", not "
                    + Long.toUnsignedString(shares));
        } else if (shares < Conversions.MIN_CPU_SHARES) {
            plan.error(field, "the minimum allowed cpu-shares is " + Conversions.MIN_CPU_SHARES + ", not " + shares);
        } else if (plan.need("cpu", field)) {
            plan.add(new ResourcePlan.Write("cpu.shares", Long.toString(shares), field));
        }
    }

    /**
     * runc's SetRtSched: the period, then the runtime; a period the kernel refuses against the
     * runtime in place is tried again after the new runtime (runc 1.2). runc also writes these
     * in Apply, before the process joins, since a SCHED_RR process cannot join a cgroup without
     * realtime bandwidth; a manager that writes the plan before the process joins needs no more.
     */
    private static void realtime(LinuxCpu c, PlanBuilder plan, String base) {
        long runtime = ControllerPlanner.nz(c.realtimeRuntime());
        long period = ControllerPlanner.nz(c.realtimePeriod());
        if (runtime > 0 && period != 0 && Long.compareUnsigned(runtime, period) > 0) {
            // The kernel refuses it (EINVAL); a negative runtime is no limit.
            plan.error(base + ".realtimeRuntime", runtime + " must not exceed realtimePeriod "
                    + Long.toUnsignedString(period));
            return;
        }
        if (period != 0 && plan.need("cpu", base + ".realtimePeriod")) {
            plan.add(new ResourcePlan.Write("cpu.rt_period_us", Long.toUnsignedString(period), base + ".realtimePeriod",
                    false, runtime != 0 ? "cpu.rt_runtime_us" : null));
        }
        if (runtime != 0 && plan.need("cpu", base + ".realtimeRuntime")) {
            plan.add(new ResourcePlan.Write("cpu.rt_runtime_us", Long.toString(runtime), base + ".realtimeRuntime"));
        }
    }
}
