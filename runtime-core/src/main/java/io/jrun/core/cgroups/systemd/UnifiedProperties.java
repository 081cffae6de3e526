package io.jrun.core.cgroups.systemd;

import io.jrun.spec.JsonPath;
import io.jrun.spec.Quote;
import java.util.Map;

/**
 * {@code linux.resources.unified} as unit properties where systemd has one for the file (runc's
 * unifiedResToSystemdProps): cpu.idle, cpu.max, cpu.weight, cpuset.cpus, cpuset.mems,
 * memory.high, .low, .min, .max and .swap.max, pids.max. Every other key is the files' alone,
 * memory.oom.group too (later runc turns it into OOMPolicy, which systemd takes only when the
 * unit starts). Values are taken with the white space around them stripped, as the kernel does.
 */
final class UnifiedProperties {
    private UnifiedProperties() {}

    static void add(Map<String, String> unified, PropertyBuilder b) {
        String idleValue = unified.get("cpu.idle");
        boolean idle = idleValue != null && idleValue.strip().equals("1") && b.host.atLeast(SystemdVersion.CPU_IDLE);
        for (Map.Entry<String, String> e : unified.entrySet()) {
            if (e.getValue() == null) {
                continue; // the file plan reports it
            }
            String key = e.getKey();
            String field = JsonPath.member(V2Properties.R + ".unified", key);
            String v = e.getValue().strip();
            switch (key) {
                case "cpu.idle" -> {
                    if (idle) {
                        b.add("CPUWeight", new DbusValue.U64(0));
                    } else if (v.equals("1")) {
                        b.filesOnly(field, "CPUWeight=idle " + b.needs(SystemdVersion.CPU_IDLE));
                    }
                    // 0 is what systemd writes anyway; any other value the kernel refuses.
                }
                case "cpu.max" -> cpuMax(field, v, b);
                case "cpu.weight" -> {
                    Long weight = uint64(v);
                    if (idle) {
                        b.filesOnly(field, "systemd's CPUWeight holds cpu.idle instead");
                    } else if (weight == null || weight < 1 || weight > 10_000) {
                        b.error(field, Quote.value(v) + " is not a weight from 1 to 10000");
                    } else {
                        b.add("CPUWeight", new DbusValue.U64(weight));
                    }
                }
                case "cpuset.cpus" -> V2Properties.mask(b, field, v, "AllowedCPUs");
                case "cpuset.mems" -> V2Properties.mask(b, field, v, "AllowedMemoryNodes");
                case "memory.high", "memory.low", "memory.min", "memory.max", "memory.swap.max" -> memory(field, key, v, b);
                case "pids.max" -> {
                    Long max = v.equals("max") ? Long.valueOf(-1) : uint64(v);
                    if (max == null) {
                        b.error(field, Quote.value(v) + " is not a number of tasks or \"max\"");
                    } else if (max == 0) {
                        b.add("TasksMax", new DbusValue.U64(1));
                        b.warn(field, "systemd's TasksMax cannot be 0: the unit says 1, and pids.max says 0 until "
                                + "systemd applies the unit's settings again");
                    } else {
                        b.add("TasksMax", new DbusValue.U64(max));
                    }
                }
                default -> b.filesOnly(field, "systemd has no property for " + key);
            }
        }
    }

    /** "QUOTA [PERIOD]", QUOTA a number or "max": as the spec's quota and period. */
    private static void cpuMax(String field, String v, PropertyBuilder b) {
        String[] sv = v.isEmpty() ? new String[0] : v.split("\\s+");
        Long period = sv.length == 2 ? uint64(sv[1]) : Long.valueOf(CpuQuota.DEFAULT_PERIOD);
        Long quota = sv.length == 0 || sv[0].equals("max") ? Long.valueOf(0) : int64(sv[0]);
        if (sv.length < 1 || sv.length > 2 || quota == null || period == null) {
            b.error(field, Quote.value(v) + " is not \"QUOTA [PERIOD]\" with QUOTA a number of microseconds or \"max\"");
            return;
        }
        long rounded = CpuQuota.add(b, quota, period, field, field);
        if (rounded != quota) {
            b.roundedCpuMax = rounded + " " + Long.toUnsignedString(period);
        }
    }

    private static void memory(String field, String key, String v, PropertyBuilder b) {
        String property = switch (key) {
            case "memory.high" -> "MemoryHigh";
            case "memory.low" -> "MemoryLow";
            case "memory.min" -> "MemoryMin";
            case "memory.max" -> "MemoryMax";
            default -> "MemorySwapMax";
        };
        Long bytes = v.equals("max") ? Long.valueOf(-1) : uint64(v);
        if (bytes == null) {
            b.error(field, Quote.value(v) + " is not a number of bytes or \"max\"");
        } else if (bytes == 0 && (property.equals("MemoryHigh") || property.equals("MemoryMax"))) {
            // systemd takes at least 1 for a limit (runc sends 0 and fails).
            b.filesOnly(field, "systemd's " + property + " cannot be 0");
        } else {
            b.add(property, new DbusValue.U64(bytes));
        }
    }

    /** Go's strconv.ParseUint(s, 10, 64) as the bits of a long, or null. */
    static Long uint64(String s) {
        if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
            return null;
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go's strconv.ParseInt(s, 10, 64), or null. */
    private static Long int64(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
