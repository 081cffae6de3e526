package io.jrun.api;

import java.util.List;
import java.util.Map;

/**
 * A cgroup's statistics in the layout of runc's {@code events --stats} (runc types/events.go,
 * filled as libcontainer's fs2 driver fills cgroups.Stats). Component names are the JSON names
 * of types/events.go. Counters are unsigned 64-bit values held in {@code long}s: compare with
 * {@link Long#compareUnsigned}, print with {@link Long#toUnsignedString}; "max" (no limit) is
 * {@code -1L}, Go's math.MaxUint64, as runc reports it.
 */
public record CgroupStats(
        Cpu cpu,
        Memory memory,
        Pids pids,
        Blkio blkio,
        Map<String, Hugetlb> hugetlb) {

    public CgroupStats {
        hugetlb = Map.copyOf(hugetlb);
    }

    /**
     * cpu.stat. Times are nanoseconds (cpu.stat's microseconds × 1000, as runc converts them);
     * cgroup v2 has no per-CPU usage.
     */
    public record Cpu(CpuUsage usage, Throttling throttling) {}

    /** Nanoseconds: usage_usec, user_usec, system_usec. */
    public record CpuUsage(long total, long kernel, long user) {}

    /**
     * nr_periods, nr_throttled, throttled_usec (ns), and since Linux 5.14 nr_bursts, burst_usec
     * (ns).
     */
    public record Throttling(long periods, long throttledPeriods, long throttledTime, long burstsPeriods,
            long burstTime) {}

    /**
     * memory.current/max/peak, memory.swap.*, memory.stat and memory.events.
     *
     * @param cache   memory.stat "file"
     * @param usage   memory.current, memory.max, memory.peak (5.19+); failcnt: memory.events "max",
     *                the times usage hit the limit, which is what v1's failcnt counted (runc's fs2
     *                leaves it 0)
     * @param swap    as v1 reported memsw: swap + memory usage, and limit (unless unlimited)
     * @param raw     memory.stat, every key
     * @param oom     memory.events "oom": times the cgroup hit its limit and the OOM killer ran
     * @param oomKill memory.events "oom_kill": processes killed by the OOM killer
     */
    public record Memory(long cache, MemoryEntry usage, MemoryEntry swap, Map<String, Long> raw, long oom,
            long oomKill) {
        public Memory {
            raw = Map.copyOf(raw);
        }
    }

    /** One memory counter. */
    public record MemoryEntry(long limit, long usage, long max, long failcnt) {}

    /** pids.current and pids.max (0 for "max", as runc reports it). */
    public record Pids(long current, long limit) {}

    /** io.stat: rbytes/wbytes as ioServiceBytesRecursive, rios/wios as ioServicedRecursive. */
    public record Blkio(List<BlkioEntry> ioServiceBytesRecursive, List<BlkioEntry> ioServicedRecursive) {
        public Blkio {
            ioServiceBytesRecursive = List.copyOf(ioServiceBytesRecursive);
            ioServicedRecursive = List.copyOf(ioServicedRecursive);
        }
    }

    /** One io.stat value; op is "Read" or "Write". */
    public record BlkioEntry(long major, long minor, String op, long value) {}

    /**
     * hugetlb.SIZE.current as usage and hugetlb.SIZE.events "max" as failcnt; max (v1's peak
     * usage) has no v2 file and stays 0, as in runc.
     */
    public record Hugetlb(long usage, long max, long failcnt) {}
}
