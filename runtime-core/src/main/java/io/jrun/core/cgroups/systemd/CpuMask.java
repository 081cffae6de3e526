package io.jrun.core.cgroups.systemd;

import java.util.BitSet;

/**
 * A CPU or memory node list as cpuset.cpus takes it ("0-3,8") turned into the bit mask systemd's
 * AllowedCPUs and AllowedMemoryNodes take over D-Bus (runc's RangeToBits).
 */
public final class CpuMask {
    private CpuMask() {}

    /**
     * systemd refuses CPUs and nodes from this number up (cpu_set_add: "As of kernel 5.1,
     * CONFIG_NR_CPUS can be set to 8192"); checking first also bounds the mask's size.
     */
    static final int LIMIT = 8192;

    /**
     * The mask of a list: bit N set for CPU N, least significant bit first in each byte and the
     * lowest byte first, as systemd's cpu_set_from_dbus reads it. runc 1.1.5 sent the bytes in
     * the other order (big.Int.Bytes()), so that "10-23" became 0-7 and 10-15 in systemd; runc
     * 1.1.10 and later send this order, and so does jrun.
     *
     * <p>As runc: spaces around an element and empty elements are allowed ("1, 2,,"), spaces
     * inside a range are not ("1 - 2"), and a list with no CPU at all is an error.
     *
     * @throws IllegalArgumentException saying what is wrong with the list
     */
    public static byte[] bits(String list) {
        BitSet bits = new BitSet();
        for (String element : list.split(",", -1)) {
            String r = element.strip();
            if (r.isEmpty()) {
                continue;
            }
            int dash = r.indexOf('-');
            if (dash < 0) {
                bits.set(number(r));
                continue;
            }
            int start = number(r.substring(0, dash));
            int end = number(r.substring(dash + 1));
            if (start > end) {
                throw new IllegalArgumentException("invalid range: " + r);
            }
            bits.set(start, end + 1);
        }
        if (bits.isEmpty()) {
            throw new IllegalArgumentException("empty value");
        }
        // BitSet's bytes are little-endian: byte i holds bits 8i to 8i+7, the lowest first.
        return bits.toByteArray();
    }

    /** A decimal CPU or node number, as Go's ParseUint(s, 10, 32) takes it, below {@link #LIMIT}. */
    private static int number(String s) {
        long n;
        try {
            // parseLong would take a sign, which ParseUint does not.
            n = s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-' ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0) {
            throw new IllegalArgumentException("\"" + s + "\" is not a number");
        }
        if (n >= LIMIT) {
            throw new IllegalArgumentException(n + " is too large: systemd takes CPUs and memory nodes below " + LIMIT);
        }
        return (int) n;
    }
}
