package io.jrun.core.cgroups.systemd;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxNetwork;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxWeightDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.resources} but the devices as the properties of a unit on cgroup v1 (runc's
 * genV1ResourcesProperties): MemoryLimit, CPUShares, CPUQuotaPeriodUSec, CPUQuotaPerSecUSec,
 * BlockIOWeight, TasksMax, AllowedCPUs, AllowedMemoryNodes. jrun adds BlockIODeviceWeight,
 * BlockIOReadBandwidth and BlockIOWriteBandwidth after BlockIOWeight, which systemd would
 * otherwise reset. systemd's v1 properties stop there: the soft limit, memory+swap, swappiness,
 * the OOM killer, realtime and burst CPU time, leaf weights, IOPS limits, huge pages, net_cls,
 * net_prio and rdma are the files' alone.
 */
final class V1Properties {
    private V1Properties() {}

    private static final String R = V2Properties.R;

    /** systemd's bounds of BlockIOWeight and BlockIODeviceWeight (CFQ's); BFQ takes 1 to 9 too. */
    private static final int MIN_BLKIO_WEIGHT = 10;

    static void add(LinuxResources r, PropertyBuilder b) {
        memory(r.memory(), b);
        cpu(r.cpu(), b);
        blkio(r.blockIO(), b);
        V2Properties.pids(r.pids(), b);
        V2Properties.cpuset(r.cpu(), b);
        V2Properties.noProperties(r, b);
        network(r.network(), b);
    }

    private static void memory(LinuxMemory m, PropertyBuilder b) {
        if (m == null) {
            return;
        }
        String base = R + ".memory";
        if (V2Properties.nz(m.limit()) != 0) {
            b.add("MemoryLimit", new DbusValue.U64(m.limit()));
        }
        if (V2Properties.nz(m.reservation()) != 0) {
            b.filesOnly(base + ".reservation", "systemd has no soft limit on cgroup v1");
        }
        if (V2Properties.nz(m.swap()) != 0) {
            b.filesOnly(base + ".swap", "systemd has no memory+swap limit on cgroup v1");
        }
        if (m.swappiness() != null && m.swappiness() != -1) {
            b.filesOnly(base + ".swappiness", "systemd has no swappiness property");
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) {
            b.filesOnly(base + ".disableOOMKiller", "systemd has no memory.oom_control property");
        }
    }

    private static void cpu(LinuxCpu c, PropertyBuilder b) {
        if (c == null) {
            return;
        }
        String base = R + ".cpu";
        if (c.shares() != null && c.shares() != 0) {
            // Its bounds, 2 to 262144, are the kernel's, which the file plan checks.
            b.add("CPUShares", new DbusValue.U64(c.shares()));
        }
        V2Properties.quota(c, b);
        if (c.burst() != null) {
            b.filesOnly(base + ".burst", "systemd has no CFS burst property");
        }
        if (c.idle() != null) {
            b.filesOnly(base + ".idle", "systemd sets cpu.idle on cgroup v2 only");
        }
        if (V2Properties.nz(c.realtimeRuntime()) != 0) {
            b.filesOnly(base + ".realtimeRuntime", "systemd has no realtime CPU properties");
        }
        if (V2Properties.nz(c.realtimePeriod()) != 0) {
            b.filesOnly(base + ".realtimePeriod", "systemd has no realtime CPU properties");
        }
    }

    private static void blkio(LinuxBlockIo bio, PropertyBuilder b) {
        if (bio == null) {
            return;
        }
        String base = R + ".blockIO";
        if (set(bio.weight())) {
            if (bio.weight() >= MIN_BLKIO_WEIGHT) {
                b.add("BlockIOWeight", new DbusValue.U64(bio.weight()));
            } else {
                b.filesOnly(base + ".weight", "systemd's BlockIOWeight is " + MIN_BLKIO_WEIGHT + " to 1000");
            }
        }
        if (set(bio.leafWeight())) {
            b.filesOnly(base + ".leafWeight", "systemd has no leaf weight property");
        }
        List<V2Properties.DeviceValue> weights = new ArrayList<>();
        List<LinuxWeightDevice> wd = bio.weightDevice() == null ? List.of() : bio.weightDevice();
        for (int i = 0; i < wd.size(); i++) {
            LinuxWeightDevice d = wd.get(i);
            String f = JsonPath.element(base + ".weightDevice", i);
            if (set(d.weight()) && d.weight() >= MIN_BLKIO_WEIGHT) {
                weights.add(new V2Properties.DeviceValue(f + ".weight", d.major(), d.minor(), d.weight()));
            } else if (set(d.weight())) {
                b.filesOnly(f + ".weight", "systemd's BlockIODeviceWeight is " + MIN_BLKIO_WEIGHT + " to 1000");
            }
            if (set(d.leafWeight())) {
                b.filesOnly(f + ".leafWeight", "systemd has no leaf weight property");
            }
        }
        V2Properties.perDevice(b, "BlockIODeviceWeight", weights);
        V2Properties.perDevice(b, "BlockIOReadBandwidth",
                V2Properties.throttles(base + ".throttleReadBpsDevice", bio.throttleReadBpsDevice()));
        V2Properties.perDevice(b, "BlockIOWriteBandwidth",
                V2Properties.throttles(base + ".throttleWriteBpsDevice", bio.throttleWriteBpsDevice()));
        iops(b, base + ".throttleReadIOPSDevice", bio.throttleReadIOPSDevice() == null ? 0
                : bio.throttleReadIOPSDevice().size());
        iops(b, base + ".throttleWriteIOPSDevice", bio.throttleWriteIOPSDevice() == null ? 0
                : bio.throttleWriteIOPSDevice().size());
    }

    private static void iops(PropertyBuilder b, String base, int count) {
        for (int i = 0; i < count; i++) {
            b.filesOnly(JsonPath.element(base, i) + ".rate", "systemd has no IOPS limit on cgroup v1");
        }
    }

    private static void network(LinuxNetwork n, PropertyBuilder b) {
        if (n == null) {
            return;
        }
        if (n.classID() != null && n.classID() != 0) {
            b.filesOnly(R + ".network.classID", "systemd has no net_cls property");
        }
        for (int i = 0; i < (n.priorities() == null ? 0 : n.priorities().size()); i++) {
            b.filesOnly(JsonPath.element(R + ".network.priorities", i), "systemd has no net_prio property");
        }
    }

    /** runc takes a weight of 0 as unset. */
    private static boolean set(Integer weight) {
        return weight != null && weight != 0;
    }
}
