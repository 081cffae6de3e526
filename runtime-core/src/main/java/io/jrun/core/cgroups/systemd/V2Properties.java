package io.jrun.core.cgroups.systemd;

import io.jrun.core.cgroups.Conversions;
import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxThrottleDevice;
import io.jrun.spec.LinuxWeightDevice;
import io.jrun.spec.Quote;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.resources} but the devices as the properties of a unit on cgroup v2 (runc's
 * genV2ResourcesProperties): MemoryMax, MemoryLow, MemorySwapMax, CPUWeight,
 * CPUQuotaPeriodUSec, CPUQuotaPerSecUSec, TasksMax, AllowedCPUs, AllowedMemoryNodes, then the
 * IO properties, then those of {@code unified}, last so that they override the rest, as in the
 * file plan. runc sets no IO property: systemd then writes its default io.weight over the
 * container's whenever it applies the unit's settings, so jrun sets IOWeight, IODeviceWeight
 * and the four IO limits (systemd.resource-control(5)).
 */
final class V2Properties {
    private V2Properties() {}

    static final String R = "linux.resources";

    static void add(LinuxResources r, PropertyBuilder b) {
        memory(r.memory(), b);
        cpu(r.cpu(), b);
        pids(r.pids(), b);
        cpuset(r.cpu(), b);
        io(r.blockIO(), b);
        noProperties(r, b);
        UnifiedProperties.add(r.unifiedOrEmpty(), b);
    }

    private static void memory(LinuxMemory m, PropertyBuilder b) {
        if (m == null) {
            return;
        }
        long limit = nz(m.limit());
        long reservation = nz(m.reservation());
        long swap = nz(m.swap());
        // As given: -1 is 2^64-1, systemd's infinity.
        if (limit != 0) {
            b.add("MemoryMax", new DbusValue.U64(limit));
        }
        if (reservation != 0) {
            b.add("MemoryLow", new DbusValue.U64(reservation));
        }
        long swapV2;
        try {
            swapV2 = Conversions.memorySwapToV2(swap, limit);
        } catch (IllegalArgumentException e) {
            return; // the file plan reports it
        }
        // Also 0 when memory+swap equals memory (no swap), which the file plan writes as 0: runc
        // sets no property then, and systemd writes "max" at its next reload.
        if (swapV2 != 0 || swap > 0) {
            b.add("MemorySwapMax", new DbusValue.U64(swapV2));
        }
    }

    private static void cpu(LinuxCpu c, PropertyBuilder b) {
        if (c == null) {
            return;
        }
        String base = R + ".cpu";
        // systemd 252 sets cpu.idle from CPUWeight=idle (0); it has one CPUWeight for both, so
        // the weight is the files' alone then (runc 1.2's order and choice).
        boolean idle = c.idle() != null && c.idle() == 1;
        boolean idleHeld = idle && b.host.atLeast(SystemdVersion.CPU_IDLE);
        if (idleHeld) {
            b.add("CPUWeight", new DbusValue.U64(0));
        } else if (idle) {
            b.filesOnly(base + ".idle", "CPUWeight=idle " + b.needs(SystemdVersion.CPU_IDLE));
        }
        if (c.shares() != null && c.shares() != 0) {
            if (idleHeld) {
                b.filesOnly(base + ".shares", "systemd's CPUWeight holds cpu.idle instead");
            } else {
                b.add("CPUWeight", new DbusValue.U64(Conversions.cpuSharesToWeight(Conversions.clampCpuShares(c.shares()))));
            }
        }
        quota(c, b);
        if (c.burst() != null) {
            b.filesOnly(base + ".burst", "systemd has no CFS burst property");
        }
    }

    /** The quota and period, the same on v1 and v2; a rounded quota goes to the files too. */
    static void quota(LinuxCpu c, PropertyBuilder b) {
        long quota = nz(c.quota());
        long rounded = CpuQuota.add(b, quota, nz(c.period()), R + ".cpu.quota", R + ".cpu.period");
        if (rounded != quota) {
            b.roundedQuota = rounded;
        }
    }

    /**
     * TasksMax, the same on v1 and v2. runtime-spec 1.3: 0 is a limit (no new tasks) and a
     * negative limit none, as in the file plan; systemd refuses 0, so the unit says 1, as later
     * runc does (runc 1.1.5 took 0 as unset).
     */
    static void pids(LinuxPids p, PropertyBuilder b) {
        if (p == null || p.limit() == null) {
            return;
        }
        long limit = p.limit();
        if (limit == 0) {
            b.add("TasksMax", new DbusValue.U64(1));
            b.warn(R + ".pids.limit", "systemd's TasksMax cannot be 0: the unit says 1, and pids.max says 0 until "
                    + "systemd applies the unit's settings again");
            return;
        }
        b.add("TasksMax", limit < 0 ? DbusValue.U64.INFINITY : new DbusValue.U64(limit));
    }

    /** AllowedCPUs and AllowedMemoryNodes, the same on v1 and v2 (systemd applies them on v2 only). */
    static void cpuset(LinuxCpu c, PropertyBuilder b) {
        if (c == null) {
            return;
        }
        if (c.cpus() != null && !c.cpus().isEmpty()) {
            mask(b, R + ".cpu.cpus", c.cpus(), "AllowedCPUs");
        }
        if (c.mems() != null && !c.mems().isEmpty()) {
            mask(b, R + ".cpu.mems", c.mems(), "AllowedMemoryNodes");
        }
    }

    /** A cpuset list as {@code property}, if this systemd has it (244). */
    static void mask(PropertyBuilder b, String field, String list, String property) {
        if (!b.host.atLeast(SystemdVersion.ALLOWED_CPUS)) {
            b.filesOnly(field, property + " " + b.needs(SystemdVersion.ALLOWED_CPUS));
            return;
        }
        try {
            b.add(property, new DbusValue.Bytes(CpuMask.bits(list)));
        } catch (IllegalArgumentException e) {
            b.error(field, Quote.value(list) + " is not a list of numbers and ranges such as \"0-3,8\": "
                    + e.getMessage());
        }
    }

    private static void io(LinuxBlockIo bio, PropertyBuilder b) {
        if (bio == null) {
            return;
        }
        String base = R + ".blockIO";
        if (bio.weight() != null && bio.weight() != 0) {
            b.add("IOWeight", new DbusValue.U64(Conversions.blkioWeightToIoWeight(bio.weight())));
        }
        List<DeviceValue> weights = new ArrayList<>();
        List<LinuxWeightDevice> wd = bio.weightDevice() == null ? List.of() : bio.weightDevice();
        for (int i = 0; i < wd.size(); i++) {
            LinuxWeightDevice d = wd.get(i);
            if (d.weight() != null && d.weight() != 0) {
                weights.add(new DeviceValue(JsonPath.element(base + ".weightDevice", i) + ".weight", d.major(),
                        d.minor(), Conversions.blkioWeightToIoWeight(d.weight())));
            }
        }
        perDevice(b, "IODeviceWeight", weights);
        perDevice(b, "IOReadBandwidthMax", throttles(base + ".throttleReadBpsDevice", bio.throttleReadBpsDevice()));
        perDevice(b, "IOWriteBandwidthMax", throttles(base + ".throttleWriteBpsDevice", bio.throttleWriteBpsDevice()));
        perDevice(b, "IOReadIOPSMax", throttles(base + ".throttleReadIOPSDevice", bio.throttleReadIOPSDevice()));
        perDevice(b, "IOWriteIOPSMax", throttles(base + ".throttleWriteIOPSDevice", bio.throttleWriteIOPSDevice()));
    }

    /**
     * A number for one block device, from {@code field}: an entry of IODeviceWeight and the
     * like, whose "a(st)" names the device by a path.
     */
    record DeviceValue(String field, long major, long minor, long value) {}

    /** Each throttle of a list as a {@link DeviceValue}. */
    static List<DeviceValue> throttles(String base, List<LinuxThrottleDevice> list) {
        List<DeviceValue> out = new ArrayList<>();
        for (int i = 0; i < (list == null ? 0 : list.size()); i++) {
            LinuxThrottleDevice d = list.get(i);
            out.add(new DeviceValue(JsonPath.element(base, i) + ".rate", d.major(), d.minor(), d.rate()));
        }
        return out;
    }

    /**
     * One "a(st)" property of device paths and numbers. systemd finds the device by stat(2) of
     * its path when it applies the unit; /dev/block/MAJ:MIN is udev's link, and an entry whose
     * path does not exist would only be logged and skipped by systemd, so it is left to the
     * files.
     */
    static void perDevice(PropertyBuilder b, String property, List<DeviceValue> values) {
        List<DbusValue> entries = new ArrayList<>();
        for (DeviceValue v : values) {
            String path = "/dev/block/" + v.major() + ":" + v.minor();
            if (b.host.devicePathExists().test(path)) {
                entries.add(DbusValue.pair(path, v.value()));
            } else {
                b.filesOnly(v.field(), property + " names the device by its path, and " + path + " does not exist");
            }
        }
        if (!entries.isEmpty()) {
            b.add(property, new DbusValue.Array("(st)", entries));
        }
    }

    /** The resources systemd has no properties for on either hierarchy: huge pages and rdma. */
    static void noProperties(LinuxResources r, PropertyBuilder b) {
        for (int i = 0; i < r.hugepageLimitsOrEmpty().size(); i++) {
            b.filesOnly(JsonPath.element(R + ".hugepageLimits", i), "systemd has no hugetlb properties");
        }
        for (String device : r.rdmaOrEmpty().keySet()) {
            b.filesOnly(JsonPath.member(R + ".rdma", device), "systemd has no rdma properties");
        }
    }

    static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
