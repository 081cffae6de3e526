package io.jrun.core.cgroups.systemd;

/**
 * CFS bandwidth as systemd's CPUQuotaPerSecUSec and CPUQuotaPeriodUSec (runc's addCpuQuota).
 */
final class CpuQuota {
    private CpuQuota() {}

    /** The kernel's default period, the same on v1 and v2, in microseconds. */
    static final long DEFAULT_PERIOD = 100_000;

    /**
     * systemd keeps the quota as a whole percentage of a CPU (CPUQuota=), 10ms of CPU time per
     * second, and writes cpu.max from that.
     */
    private static final long STEP = 10_000;

    /**
     * Adds the properties of a quota and period, each in microseconds, as runc does: the period
     * if set (systemd 242 and later), and the quota per second if either is set, infinity
     * unless the quota is positive. A quota that is not a whole percentage of a CPU is rounded
     * up, as systemd would round it down, so that the container gets at least what it asked for
     * (and a child cgroup may set it). runc 1.1.5 left the files at the asked quota, and systemd
     * then wrote its own at its next reload; later runc changes the quota it writes to the files
     * to the rounded one, and so does jrun: this returns it.
     *
     * @param quotaField  the quota's JSON path, for errors
     * @param periodField the period's, for what only the files hold
     * @return the quota the files should get: {@code quota}, or the rounded one
     */
    static long add(PropertyBuilder b, long quota, long period, String quotaField, String periodField) {
        if (period != 0) {
            if (b.host.atLeast(SystemdVersion.CPU_QUOTA_PERIOD)) {
                b.add("CPUQuotaPeriodUSec", new DbusValue.U64(period));
            } else {
                b.filesOnly(periodField, "CPUQuotaPeriodUSec " + b.needs(SystemdVersion.CPU_QUOTA_PERIOD));
            }
        }
        if (quota == 0 && period == 0) {
            return quota;
        }
        long perSecond = -1; // USEC_INFINITY
        if (quota > 0) {
            long p = period == 0 ? DEFAULT_PERIOD : period;
            try {
                perSecond = Long.divideUnsigned(Math.multiplyExact(quota, 1_000_000L), p);
                if (perSecond % STEP != 0) {
                    perSecond = (perSecond / STEP + 1) * STEP;
                    quota = Long.divideUnsigned(Math.multiplyExact(perSecond, p), 1_000_000L);
                }
            } catch (ArithmeticException e) {
                b.error(quotaField, quota + " microseconds per period is more than systemd's CPUQuotaPerSecUSec holds");
                return quota;
            }
        }
        b.add("CPUQuotaPerSecUSec", new DbusValue.U64(perSecond));
        return quota;
    }
}
