package io.jrun.core.cgroups;

import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxResources;

/**
 * {@code linux.resources.cpu} but cpus and mems on cgroup v2: cpu.idle, cpu.weight,
 * cpu.max.burst and cpu.max (runc's fs2 cpu.go). The realtime fields are errors: v2 has no
 * place for them.
 */
final class CpuPlanner implements ControllerPlanner {
    @Override
    public void plan(LinuxResources resources, PlanBuilder plan) {
        LinuxCpu c = resources.cpu();
        if (c == null) {
            return;
        }
        String base = R + ".cpu";
        if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0) {
            plan.error(base + ".realtimeRuntime", "not supported on cgroup v2: its cpu controller has no realtime "
                    + "bandwidth (cpu.rt_runtime_us is cgroup v1 only); remove the field");
        }
        if (c.realtimePeriod() != null && c.realtimePeriod() != 0) {
            plan.error(base + ".realtimePeriod", "not supported on cgroup v2: its cpu controller has no realtime "
                    + "bandwidth (cpu.rt_period_us is cgroup v1 only); remove the field");
        }
        idle(c, plan);
        if (c.shares() != null && c.shares() != 0) {
            long shares = c.shares();
            long clamped = Conversions.clampCpuShares(shares);
            if (clamped != shares) {
                plan.warning(base + ".shares: " + Long.toUnsignedString(shares) + " is outside [2, 262144]; "
                        + "using " + clamped + " as the kernel's cpu.shares would");
            }
            if (plan.need("cpu", base + ".shares")) {
                plan.add(new ResourcePlan.Write("cpu.weight", Long.toString(Conversions.cpuSharesToWeight(clamped)),
                        base + ".shares"));
            }
        }
        long quota = ControllerPlanner.nz(c.quota());
        long period = ControllerPlanner.nz(c.period());
        boolean writeMax = quota != 0 || period != 0;
        if (c.burst() != null) {
            long burst = c.burst();
            if (validBurst(plan, burst, quota) && plan.need("cpu", base + ".burst")) {
                // Written before cpu.max, as runc does; if the kernel refuses it against the
                // old quota, again after the new cpu.max.
                plan.add(new ResourcePlan.Write("cpu.max.burst", Long.toString(burst), base + ".burst", false,
                        writeMax ? "cpu.max" : null));
            }
        }
        if (writeMax) {
            String field = quota != 0 ? base + ".quota" : base + ".period";
            if (validBandwidth(plan, quota, period) && plan.need("cpu", field)) {
                String max = (quota > 0 ? Long.toString(quota) : "max") + " "
                        + Long.toUnsignedString(period == 0 ? 100_000 : period);
                plan.add(new ResourcePlan.Write("cpu.max", max, field));
            }
        }
    }

    /**
     * cpu.idle, the same file on v1 (Linux 5.15+) and v2: 0 or 1 (runc 1.2's fs and fs2 write it
     * as given; the kernel refuses anything else).
     */
    static void idle(LinuxCpu c, PlanBuilder plan) {
        if (c.idle() == null) {
            return;
        }
        String field = R + ".cpu.idle";
        if (c.idle() != 0 && c.idle() != 1) {
            plan.error(field, "must be 0 or 1, not " + c.idle());
        } else if (plan.need("cpu", field)) {
            plan.add(new ResourcePlan.Write("cpu.idle", Long.toString(c.idle()), field));
        }
    }

    /** The kernel's bounds of a CFS burst (uint64 in the spec) against the quota being set. */
    static boolean validBurst(PlanBuilder plan, long burst, long quota) {
        String field = R + ".cpu.burst";
        if (burst < 0) {
            plan.error(field, Long.toUnsignedString(burst) + " microseconds is out of range");
            return false;
        }
        if (quota > 0 && burst > quota) {
            // runtime-spec: burst MUST be no larger than a positive quota.
            plan.error(field, burst + " must not exceed quota " + quota);
            return false;
        }
        return true;
    }

    /**
     * The kernel's bounds of CFS bandwidth, the same on v1 and v2 (tg_set_cfs_bandwidth): a
     * period of 1ms to 1s and a positive quota of at least 1ms; 0 is unset for both.
     */
    static boolean validBandwidth(PlanBuilder plan, long quota, long period) {
        boolean valid = true;
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            plan.error(R + ".cpu.period", "must be between 1000 and 1000000 microseconds, not "
                    + Long.toUnsignedString(period));
            valid = false;
        }
        if (quota > 0 && quota < 1000) {
            plan.error(R + ".cpu.quota", "must be at least 1000 microseconds (or -1 for no limit), not " + quota);
            valid = false;
        }
        return valid;
    }
}
