package io.jrun.spec;

/**
 * {@code linux.resources.cpu}.
 *
 * @param shares          relative weight (uint64)
 * @param quota           CFS quota per period, microseconds (int64)
 * @param burst           CFS burst, microseconds (uint64)
 * @param period          CFS period, microseconds (uint64)
 * @param realtimeRuntime RT runtime, microseconds (int64)
 * @param realtimePeriod  RT period, microseconds (uint64)
 * @param cpus            cpuset CPUs, e.g. {@code 0-3}
 * @param mems            cpuset memory nodes
 * @param idle            cgroup v2 cpu.idle (int64)
 */
public record LinuxCpu(
        @Uint64 Long shares,
        Long quota,
        @Uint64 Long burst,
        @Uint64 Long period,
        Long realtimeRuntime,
        @Uint64 Long realtimePeriod,
        String cpus,
        String mems,
        Long idle) {}
