package io.jrun.core.cgroups.systemd;

/**
 * systemd's version number from its manager's Version property, which features depend on
 * (runc's systemdVersionAtoi).
 */
public final class SystemdVersion {
    private SystemdVersion() {}

    /** What runc takes when the version cannot be had: no version-dependent property is used. */
    public static final int UNKNOWN = -1;

    /** CPUQuotaPeriodUSec. */
    static final int CPU_QUOTA_PERIOD = 242;
    /** AllowedCPUs and AllowedMemoryNodes. */
    static final int ALLOWED_CPUS = 244;
    /** DeviceAllow takes /dev/char/MAJ:MIN by its name; before, systemd stat(2)s the path. */
    static final int DEVICE_PATHS_PARSED = 240;
    /** CPUWeight=idle (0), which sets cpu.idle. */
    static final int CPU_IDLE = 252;

    /**
     * The number in a Version string: "v245.4-1.fc32", "245", "v245-1.fc32" and "245-1.fc32" are
     * all 245. As runc, the first run of digits counts, after an optional "v"; the D-Bus string
     * may come quoted ("\"219\"").
     *
     * @throws IllegalArgumentException if there is no number
     */
    public static int parse(String version) {
        int start = 0;
        while (start < version.length() && !Character.isDigit(version.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < version.length() && end - start < 9 && version.charAt(end) >= '0' && version.charAt(end) <= '9') {
            end++;
        }
        if (end == start) {
            throw new IllegalArgumentException("can't parse systemd version \"" + version + "\": it has no number");
        }
        return Integer.parseInt(version, start, end, 10);
    }
}
