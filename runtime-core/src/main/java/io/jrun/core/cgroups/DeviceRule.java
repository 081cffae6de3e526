package io.jrun.core.cgroups;

/**
 * One device cgroup rule: allow or deny {@code access} to devices of {@code type} with the given
 * numbers. The access bits are the BPF_DEVCG_ACC_* values the device program sees.
 *
 * @param type   {@code 'a'} (all devices), {@code 'b'} (block) or {@code 'c'} (character)
 * @param major  the major number, {@link #WILDCARD} for any
 * @param minor  the minor number, {@link #WILDCARD} for any
 * @param access a set of {@link #MKNOD}, {@link #READ}, {@link #WRITE}
 * @param allow  allow (true) or deny
 */
public record DeviceRule(char type, long major, long minor, int access, boolean allow) {
    public static final long WILDCARD = -1;
    public static final int MKNOD = 1; // BPF_DEVCG_ACC_MKNOD
    public static final int READ = 2; // BPF_DEVCG_ACC_READ
    public static final int WRITE = 4; // BPF_DEVCG_ACC_WRITE
    public static final int RWM = MKNOD | READ | WRITE;

    public DeviceRule {
        if (type != 'a' && type != 'b' && type != 'c') {
            throw new IllegalArgumentException("device rule type must be a, b or c, not " + type);
        }
        if ((access & ~RWM) != 0) {
            throw new IllegalArgumentException("bad device access bits " + access);
        }
    }

    /** "rwm" → bits; null if a character is not one of r, w, m. */
    public static Integer parseAccess(String access) {
        int bits = 0;
        for (int i = 0; i < access.length(); i++) {
            switch (access.charAt(i)) {
                case 'r' -> bits |= READ;
                case 'w' -> bits |= WRITE;
                case 'm' -> bits |= MKNOD;
                default -> {
                    return null;
                }
            }
        }
        return bits;
    }

    public static String accessString(int bits) {
        StringBuilder sb = new StringBuilder(3);
        if ((bits & READ) != 0) {
            sb.append('r');
        }
        if ((bits & WRITE) != 0) {
            sb.append('w');
        }
        if ((bits & MKNOD) != 0) {
            sb.append('m');
        }
        return sb.toString();
    }

    /**
     * The cgroup v1 notation of devices.allow, devices.deny and devices.list, e.g. {@code c 1:3
     * rwm} or {@code b *:* m} (runc's Rule.CgroupString).
     */
    public String cgroupString() {
        return type + " " + number(major) + ":" + number(minor) + " " + accessString(access);
    }

    /** The v1 notation after the verdict, e.g. {@code allow c 1:3 rwm}. */
    @Override
    public String toString() {
        return (allow ? "allow " : "deny ") + cgroupString();
    }

    static String number(long n) {
        return n == WILDCARD ? "*" : Long.toString(n);
    }
}
