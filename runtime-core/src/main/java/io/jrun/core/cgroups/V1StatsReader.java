package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a container's statistics from its cgroup v1 directories as runc 1.1's fs driver does
 * (cpuacct.go, cpu.go, memory.go, pids.go, blkio.go, hugetlb.go), into the layout
 * {@link CgroupStats} shares with v2. A hierarchy that is not mounted, or a file this kernel
 * lacks, leaves its part zero; a file that exists but cannot be parsed is an error naming it.
 * What CgroupStats has no place for (per-CPU usage, kernel memory, blkio's other tables) is not
 * read.
 */
final class V1StatsReader {
    private V1StatsReader() {}

    /** USER_HZ: cpuacct.stat counts in these ticks; runc takes it as 100, as on every Linux build. */
    static final long CLOCK_TICKS = 100;

    private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS;

    /**
     * runc's blkio sources, in its order of preference: the first group whose first file has
     * data is read, up to its first file without; each group ends with its io_serviced and
     * io_service_bytes files, the two tables CgroupStats keeps.
     */
    private static final List<List<String>> BLKIO_GROUPS = List.of(
            List.of("blkio.bfq.sectors_recursive", "blkio.bfq.io_service_time_recursive",
                    "blkio.bfq.io_wait_time_recursive", "blkio.bfq.io_merged_recursive",
                    "blkio.bfq.io_queued_recursive", "blkio.bfq.time_recursive", "blkio.bfq.io_serviced_recursive",
                    "blkio.bfq.io_service_bytes_recursive"),
            List.of("blkio.bfq.io_serviced_recursive", "blkio.bfq.io_service_bytes_recursive"),
            List.of("blkio.sectors_recursive", "blkio.io_service_time_recursive", "blkio.io_wait_time_recursive",
                    "blkio.io_merged_recursive", "blkio.io_queued_recursive", "blkio.time_recursive",
                    "blkio.io_serviced_recursive", "blkio.io_service_bytes_recursive"),
            List.of("blkio.throttle.io_serviced_recursive", "blkio.throttle.io_service_bytes_recursive"),
            List.of("blkio.throttle.io_serviced", "blkio.throttle.io_service_bytes"));

    /**
     * @param subsystems subsystem → the container's directory in its hierarchy
     * @param procs      the directory whose existence says the cgroup exists (devices', as runc's Exists)
     */
    static CgroupStats read(Map<String, Path> subsystems, Path procs, List<String> hugePageSizes) {
        String doing = "read the statistics of " + procs;
        if (CgroupFiles.readIfExists(procs.resolve("cgroup.procs"), doing) == null) {
            throw new CgroupException(doing + ": the cgroup does not exist");
        }
        return new CgroupStats(cpu(subsystems.get("cpuacct"), subsystems.get("cpu"), doing),
                memory(subsystems.get("memory"), doing), pids(subsystems.get("pids"), doing),
                blkio(subsystems.get("blkio"), doing), hugetlb(subsystems.get("hugetlb"), hugePageSizes, doing));
    }

    private static Map<String, Long> keyValues(Path dir, String file, String doing) {
        if (dir == null) {
            return Map.of();
        }
        String text = CgroupFiles.readIfExists(dir.resolve(file), doing);
        return text == null ? Map.of() : CgroupFiles.keyValues(text, dir.resolve(file));
    }

    private static long uint(Path dir, String file, String doing) {
        return dir == null ? 0 : CgroupFiles.uintOrZero(dir.resolve(file), doing);
    }

    /** cpuacct.usage (ns) and cpuacct.stat (user and system ticks, as ns); cpu.stat's throttling (ns already). */
    private static CgroupStats.Cpu cpu(Path cpuacct, Path cpu, String doing) {
        Map<String, Long> ticks = keyValues(cpuacct, "cpuacct.stat", doing);
        CgroupStats.CpuUsage usage = new CgroupStats.CpuUsage(uint(cpuacct, "cpuacct.usage", doing),
                ticks.getOrDefault("system", 0L) * NANOS_PER_TICK, ticks.getOrDefault("user", 0L) * NANOS_PER_TICK);
        Map<String, Long> s = keyValues(cpu, "cpu.stat", doing);
        return new CgroupStats.Cpu(usage, new CgroupStats.Throttling(s.getOrDefault("nr_periods", 0L),
                s.getOrDefault("nr_throttled", 0L), s.getOrDefault("throttled_time", 0L), 0, 0));
    }

    /**
     * memory.stat (cache is its "cache"), memory.* and memory.memsw.* (swap accounting may be
     * off: zero then); memory.oom_control's "oom_kill" (Linux 4.13+) as oomKill. v1 counts no OOM
     * events, so oom stays 0.
     */
    private static CgroupStats.Memory memory(Path dir, String doing) {
        CgroupStats.MemoryEntry none = new CgroupStats.MemoryEntry(0, 0, 0, 0);
        String statText = dir == null ? null : CgroupFiles.readIfExists(dir.resolve("memory.stat"), doing);
        if (statText == null) {
            return new CgroupStats.Memory(0, none, none, Map.of(), 0, 0); // runc: no memory.stat, no memory stats
        }
        Map<String, Long> raw = CgroupFiles.keyValues(statText, dir.resolve("memory.stat"));
        return new CgroupStats.Memory(raw.getOrDefault("cache", 0L), entry(dir, "memory", doing),
                entry(dir, "memory.memsw", doing), raw, 0, oomKills(dir, doing));
    }

    private static CgroupStats.MemoryEntry entry(Path dir, String prefix, String doing) {
        return new CgroupStats.MemoryEntry(uint(dir, prefix + ".limit_in_bytes", doing),
                uint(dir, prefix + ".usage_in_bytes", doing), uint(dir, prefix + ".max_usage_in_bytes", doing),
                uint(dir, prefix + ".failcnt", doing));
    }

    /** memory.oom_control's "oom_kill": 0 without a memory hierarchy or on a kernel before 4.13. */
    static long oomKills(Path memory, String doing) {
        return memory == null ? 0 : CgroupFiles.key(memory.resolve("memory.oom_control"), "oom_kill", 0, doing);
    }

    /** pids.current and pids.max ("max" as 0); no pids hierarchy: zero, as in runc's fs driver. */
    private static CgroupStats.Pids pids(Path dir, String doing) {
        long max = uint(dir, "pids.max", doing);
        return new CgroupStats.Pids(uint(dir, "pids.current", doing), max == CgroupFiles.MAX ? 0 : max);
    }

    private static CgroupStats.Blkio blkio(Path dir, String doing) {
        if (dir != null) {
            for (List<String> group : BLKIO_GROUPS) {
                Map<String, List<CgroupStats.BlkioEntry>> tables = new LinkedHashMap<>();
                for (String file : group) {
                    List<CgroupStats.BlkioEntry> entries = blkioTable(dir.resolve(file), doing);
                    if (entries.isEmpty()) {
                        break;
                    }
                    tables.put(file, entries);
                }
                if (!tables.isEmpty()) {
                    return new CgroupStats.Blkio(
                            tables.getOrDefault(group.get(group.size() - 1), List.of()),
                            tables.getOrDefault(group.get(group.size() - 2), List.of()));
                }
            }
        }
        return new CgroupStats.Blkio(List.of(), List.of());
    }

    /**
     * "8:0 Read 1282048" lines, "8:0 6792" ones (no operation), and a "Total 3477504" line that
     * is skipped (runc's getBlkioStat); a missing file is empty.
     */
    private static List<CgroupStats.BlkioEntry> blkioTable(Path file, String doing) {
        List<CgroupStats.BlkioEntry> out = new ArrayList<>();
        String text = CgroupFiles.readIfExists(file, doing);
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("[ :]+");
            if (f.length == 2 && f[0].equals("Total")) {
                continue;
            }
            if (f.length < 3) {
                throw new CgroupException("parse " + file + ": line \"" + line.strip() + "\" is not \"MAJ:MIN [OP] VALUE\"");
            }
            String op = f.length >= 4 ? f[2] : "";
            out.add(new CgroupStats.BlkioEntry(CgroupFiles.parseUint(f[0], file), CgroupFiles.parseUint(f[1], file), op,
                    CgroupFiles.parseUint(f[f.length >= 4 ? 3 : 2], file)));
        }
        return out;
    }

    /** hugetlb.SIZE.usage_in_bytes, max_usage_in_bytes and failcnt, for each size the kernel has. */
    private static Map<String, CgroupStats.Hugetlb> hugetlb(Path dir, List<String> sizes, String doing) {
        Map<String, CgroupStats.Hugetlb> out = new LinkedHashMap<>();
        if (dir == null) {
            return out;
        }
        for (String size : sizes) {
            String prefix = "hugetlb." + size;
            if (CgroupFiles.readIfExists(dir.resolve(prefix + ".usage_in_bytes"), doing) == null) {
                continue;
            }
            out.put(size, new CgroupStats.Hugetlb(uint(dir, prefix + ".usage_in_bytes", doing),
                    uint(dir, prefix + ".max_usage_in_bytes", doing), uint(dir, prefix + ".failcnt", doing)));
        }
        return out;
    }
}
