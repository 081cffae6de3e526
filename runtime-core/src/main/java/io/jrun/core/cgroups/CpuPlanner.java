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
        if (c.idle() != null) {
            if (c.idle() != 0 && c.idle() != 1) {
                plan.error(base + ".idle", "must be 0 or 1, not " + c.idle());
            } else if (plan.need("cpu", base + ".idle")) {
                plan.add(new ResourcePlan.Write("cpu.idle", Long.toString(c.idle()), base + ".idle"));
            }
        }
        if (c.shares() != null && c.shares() != 0) {
            long shares = c.shares();
            // uint64: a negative long is a huge unsigned number.
            long clamped = shares < 0 || shares > Conversions.MAX_CPU_SHARES ? Conversions.MAX_CPU_SHARES
                    : Math.max(shares, Conversions.MIN_CPU_SHARES);
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
            if (burst < 0) {
                plan.error(base + ".burst", Long.toUnsignedString(burst) + " microseconds is out of range");
            } else if (quota > 0 && burst > quota) {
                // runtime-spec: burst MUST be no larger than a positive quota.
                plan.error(base + ".burst", burst + " must not exceed quota " + quota);
            } else if (plan.need("cpu", base + ".burst")) {
                // Written before cpu.max, as runc does; if the kernel refuses it against the
                // old quota, again after the new cpu.max.
                plan.add(new ResourcePlan.Write("cpu.max.burst", Long.toString(burst), base + ".burst", false,
                        writeMax ? "cpu.max" : null));
            }
        }
        if (writeMax) {
            boolean valid = true;
            if (period != 0 && (period < 1000 || period > 1_000_000)) {
                plan.error(base + ".period", "must be between 1000 and 1000000 microseconds, not "
                        + Long.toUnsignedString(period));
                valid = false;
            }
            if (quota > 0 && quota < 1000) {
                plan.error(base + ".quota", "must be at least 1000 microseconds (or -1 for no limit), not " + quota);
                valid = false;
            }
            String field = quota != 0 ? base + ".quota" : base + ".period";
            if (valid && plan.need("cpu", field)) {
                String max = (quota > 0 ? Long.toString(quota) : "max") + " "
                        + Long.toUnsignedString(period == 0 ? 100_000 : period);
                plan.add(new ResourcePlan.Write("cpu.max", max, field));
            }
        }
    }
}
