package io.jrun.spec;

import java.util.List;
import java.util.Map;

/**
 * {@code linux.resources}: cgroup settings.
 *
 * @param devices        device allow/deny rules, applied in order
 * @param memory         memory controller
 * @param cpu            cpu and cpuset controllers
 * @param pids           pids controller
 * @param blockIO        blkio / io controller
 * @param hugepageLimits hugetlb controller
 * @param network        net_cls / net_prio (cgroup v1)
 * @param rdma           rdma controller, by device name
 * @param unified        raw cgroup v2 files and values
 */
public record LinuxResources(
        List<LinuxDeviceCgroup> devices,
        LinuxMemory memory,
        LinuxCpu cpu,
        LinuxPids pids,
        LinuxBlockIo blockIO,
        List<LinuxHugepageLimit> hugepageLimits,
        LinuxNetwork network,
        Map<String, LinuxRdma> rdma,
        Map<String, String> unified) {

    public LinuxResources {
        devices = Copies.list(devices);
        hugepageLimits = Copies.list(hugepageLimits);
        rdma = Copies.map(rdma);
        unified = Copies.map(unified);
    }

    public List<LinuxDeviceCgroup> devicesOrEmpty() {
        return Copies.orEmpty(devices);
    }

    public List<LinuxHugepageLimit> hugepageLimitsOrEmpty() {
        return Copies.orEmpty(hugepageLimits);
    }

    public Map<String, LinuxRdma> rdmaOrEmpty() {
        return Copies.orEmpty(rdma);
    }

    public Map<String, String> unifiedOrEmpty() {
        return Copies.orEmpty(unified);
    }
}
