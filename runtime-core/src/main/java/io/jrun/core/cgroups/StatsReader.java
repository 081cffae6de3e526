package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a cgroup's statistics as runc's fs2 driver does (fs2.go Stats, cpu.go, memory.go,
 * pids.go, io.go, hugetlb.go). A controller that is not enabled leaves its part zero; a file that
 * exists but cannot be parsed is an error naming it.
 */
final class StatsReader {
    private StatsReader() {}

    static CgroupStats read(Path dir, List<String> hugePageSizes) {
        String doing = "read the statistics of " + dir;
        if (CgroupFiles.readIfExists(dir.resolve("cgroup.procs"), doing) == null) {
            throw new CgroupException(doing + ": the cgroup does not exist");
        }
        return new CgroupStats(cpu(dir, doing), memory(dir, doing), pids(dir, doing), io(dir, doing),
                hugetlb(dir, hugePageSizes, doing));
    }

    private static Map<String, Long> keyValues(Path file, String doing) {
        String text = CgroupFiles.readIfExists(file, doing);
        return text == null ? Map.of() : CgroupFiles.keyValues(text, file);
    }

    private static CgroupStats.Cpu cpu(Path dir, String doing) {
        // cpu.stat has the usage even without the cpu controller; throttling needs it.
        Map<String, Long> s = keyValues(dir.resolve("cpu.stat"), doing);
        return new CgroupStats.Cpu(
                new CgroupStats.CpuUsage(ns(s, "usage_usec"), ns(s, "system_usec"), ns(s, "user_usec")),
                new CgroupStats.Throttling(s.getOrDefault("nr_periods", 0L), s.getOrDefault("nr_throttled", 0L),
                        ns(s, "throttled_usec"), s.getOrDefault("nr_bursts", 0L), ns(s, "burst_usec")));
    }

    private static long ns(Map<String, Long> s, String key) {
        return s.getOrDefault(key, 0L) * 1000;
    }

    private static CgroupStats.Memory memory(Path dir, String doing) {
        String statText = CgroupFiles.readIfExists(dir.resolve("memory.stat"), doing);
        if (statText == null) {
            CgroupStats.MemoryEntry none = new CgroupStats.MemoryEntry(0, 0, 0, 0);
            return new CgroupStats.Memory(0, none, none, Map.of(), 0, 0);
        }
        Map<String, Long> raw = CgroupFiles.keyValues(statText, dir.resolve("memory.stat"));
        Map<String, Long> events = keyValues(dir.resolve("memory.events"), doing);
        long usage = CgroupFiles.uintOrZero(dir.resolve("memory.current"), doing);
        long limit = CgroupFiles.uintOrZero(dir.resolve("memory.max"), doing);
        long peak = CgroupFiles.uintOrZero(dir.resolve("memory.peak"), doing);
        CgroupStats.MemoryEntry mem = new CgroupStats.MemoryEntry(limit, usage, peak, events.getOrDefault("max", 0L));
        // v1 reported memory+swap; v2 has swap alone: add memory, as runc does for compatibility.
        long swapUsage = CgroupFiles.uintOrZero(dir.resolve("memory.swap.current"), doing) + usage;
        long swapLimit = CgroupFiles.uintOrZero(dir.resolve("memory.swap.max"), doing);
        if (swapLimit != CgroupFiles.MAX && limit != CgroupFiles.MAX) {
            swapLimit += limit;
        } else {
            swapLimit = CgroupFiles.MAX;
        }
        CgroupStats.MemoryEntry swap = new CgroupStats.MemoryEntry(swapLimit, swapUsage, 0, 0);
        return new CgroupStats.Memory(raw.getOrDefault("file", 0L), mem, swap, raw, events.getOrDefault("oom", 0L),
                events.getOrDefault("oom_kill", 0L));
    }

    private static CgroupStats.Pids pids(Path dir, String doing) {
        String current = CgroupFiles.readIfExists(dir.resolve("pids.current"), doing);
        if (current == null) {
            // No pids controller: count the processes (runc's statPidsWithoutController).
            String procs = CgroupFiles.read(dir.resolve("cgroup.procs"), doing);
            long n = procs.lines().filter(l -> !l.isBlank()).count();
            return new CgroupStats.Pids(n, 0);
        }
        long max = CgroupFiles.uintOrZero(dir.resolve("pids.max"), doing);
        return new CgroupStats.Pids(CgroupFiles.parseUint(current.strip(), dir.resolve("pids.current")),
                max == CgroupFiles.MAX ? 0 : max);
    }

    private static CgroupStats.Blkio io(Path dir, String doing) {
        List<CgroupStats.BlkioEntry> bytes = new ArrayList<>();
        List<CgroupStats.BlkioEntry> ios = new ArrayList<>();
        Path file = dir.resolve("io.stat");
        String text = CgroupFiles.readIfExists(file, doing);
        if (text != null) {
            // 8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0
            for (String line : text.split("\n")) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length < 2) {
                    continue;
                }
                String[] dev = parts[0].split(":");
                if (dev.length != 2) {
                    continue;
                }
                long major = CgroupFiles.parseUint(dev[0], file);
                long minor = CgroupFiles.parseUint(dev[1], file);
                for (int i = 1; i < parts.length; i++) {
                    int eq = parts[i].indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String key = parts[i].substring(0, eq);
                    List<CgroupStats.BlkioEntry> table;
                    String op;
                    switch (key) {
                        case "rbytes" -> { table = bytes; op = "Read"; }
                        case "wbytes" -> { table = bytes; op = "Write"; }
                        case "rios" -> { table = ios; op = "Read"; }
                        case "wios" -> { table = ios; op = "Write"; }
                        default -> { continue; }
                    }
                    table.add(new CgroupStats.BlkioEntry(major, minor, op,
                            CgroupFiles.parseUint(parts[i].substring(eq + 1), file)));
                }
            }
        }
        return new CgroupStats.Blkio(bytes, ios);
    }

    private static Map<String, CgroupStats.Hugetlb> hugetlb(Path dir, List<String> sizes, String doing) {
        Map<String, CgroupStats.Hugetlb> out = new LinkedHashMap<>();
        for (String size : sizes) {
            String current = CgroupFiles.readIfExists(dir.resolve("hugetlb." + size + ".current"), doing);
            if (current == null) {
                continue; // no hugetlb controller here
            }
            long failcnt = CgroupFiles.key(dir.resolve("hugetlb." + size + ".events"), "max", 0, doing);
            out.put(size, new CgroupStats.Hugetlb(
                    CgroupFiles.parseUint(current.strip(), dir.resolve("hugetlb." + size + ".current")), 0, failcnt));
        }
        return out;
    }
}
