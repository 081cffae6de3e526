package io.jrun.cli;

import io.jrun.api.CgroupStats;
import io.jrun.api.ContainerEvent;
import java.util.List;
import java.util.TreeMap;

/**
 * An event as runc's `events` writes it (json.Encoder of types.Event, one line each):
 * {@code {"type":"stats","id":ID,"data":STATS}} or {@code {"type":"oom","id":ID}}. STATS has the
 * layout of runc 1.1's types.Stats, omitempty and all: cpu, cpuset (zeros: cgroup v2 has no
 * cpuset statistics), memory, pids, blkio, hugetlb, intel_rdt, network_interfaces; plus
 * memory.event_count (memory.events' max, oom and oom_kill), as later runc versions report it.
 * Unsigned counters are written as unsigned; "max" is 18446744073709551615, as in runc.
 */
final class EventJson {
    private EventJson() {}

    static String of(ContainerEvent event) {
        StringBuilder b = new StringBuilder(2048).append('{');
        GoFormat.appendJsonString(b.append("\"type\":"), event.type());
        GoFormat.appendJsonString(b.append(",\"id\":"), event.id());
        if (event instanceof ContainerEvent.Stats s) {
            stats(b.append(",\"data\":"), s.stats());
        }
        return b.append('}').toString();
    }

    private static void stats(StringBuilder b, CgroupStats s) {
        b.append('{');
        Members data = new Members(b);
        CgroupStats.Cpu cpu = s.cpu();
        data.name("cpu").append('{');
        Members c = new Members(b);
        c.name("usage").append('{');
        new Members(b).omitEmpty("total", cpu.usage().total()).always("kernel", cpu.usage().kernel())
                .always("user", cpu.usage().user());
        b.append('}');
        c.name("throttling").append('{');
        new Members(b).omitEmpty("periods", cpu.throttling().periods())
                .omitEmpty("throttledPeriods", cpu.throttling().throttledPeriods())
                .omitEmpty("throttledTime", cpu.throttling().throttledTime());
        b.append("}}");
        data.name("cpuset").append("{\"cpu_exclusive\":0,\"mem_hardwall\":0,\"mem_exclusive\":0,\"memory_migrate\":0,"
                + "\"memory_spread_page\":0,\"memory_spread_slab\":0,\"memory_pressure\":0,\"sched_load_balance\":0,"
                + "\"sched_relax_domain_level\":0}");
        memory(data.name("memory"), s.memory());
        data.name("pids").append('{');
        new Members(b).omitEmpty("current", s.pids().current()).omitEmpty("limit", s.pids().limit());
        b.append('}');
        data.name("blkio").append('{');
        Members io = new Members(b);
        blkio(io, "ioServiceBytesRecursive", s.blkio().ioServiceBytesRecursive());
        blkio(io, "ioServicedRecursive", s.blkio().ioServicedRecursive());
        b.append('}');
        data.name("hugetlb").append('{');
        Members pages = new Members(b);
        new TreeMap<>(s.hugetlb()).forEach((size, h) -> {
            pages.name(size).append('{');
            new Members(b).omitEmpty("usage", h.usage()).omitEmpty("max", h.max()).always("failcnt", h.failcnt());
            b.append('}');
        });
        b.append('}');
        data.name("intel_rdt").append("{}");
        data.name("network_interfaces").append("null");
        b.append('}');
    }

    private static void memory(StringBuilder b, CgroupStats.Memory mem) {
        b.append('{');
        Members m = new Members(b).omitEmpty("cache", mem.cache());
        entry(m.name("usage"), mem.usage());
        entry(m.name("swap"), mem.swap());
        m.name("kernel").append("{\"limit\":0,\"failcnt\":0}");
        m.name("kernelTCP").append("{\"limit\":0,\"failcnt\":0}");
        if (!mem.raw().isEmpty()) {
            m.name("raw").append('{');
            Members raw = new Members(b);
            new TreeMap<>(mem.raw()).forEach(raw::always);
            b.append('}');
        }
        m.name("event_count").append('{');
        new Members(b).omitEmpty("max", mem.usage().failcnt()).omitEmpty("oom", mem.oom())
                .omitEmpty("oom_kill", mem.oomKill());
        b.append("}}");
    }

    private static void entry(StringBuilder b, CgroupStats.MemoryEntry e) {
        b.append('{');
        new Members(b).always("limit", e.limit()).omitEmpty("usage", e.usage()).omitEmpty("max", e.max())
                .always("failcnt", e.failcnt());
        b.append('}');
    }

    /** A list of blkio entries, left out when empty (omitempty). */
    private static void blkio(Members io, String name, List<CgroupStats.BlkioEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder b = io.name(name).append('[');
        for (int i = 0; i < entries.size(); i++) {
            CgroupStats.BlkioEntry e = entries.get(i);
            b.append(i == 0 ? "{" : ",{");
            Members m = new Members(b).omitEmpty("major", e.major()).omitEmpty("minor", e.minor());
            if (e.op() != null && !e.op().isEmpty()) {
                m.string("op", e.op());
            }
            m.omitEmpty("value", e.value());
            b.append('}');
        }
        b.append(']');
    }

    /** The members of one object, commas between them. */
    private static final class Members {
        private final StringBuilder b;
        private boolean first = true;

        Members(StringBuilder b) {
            this.b = b;
        }

        /** Starts a member: the comma before it if needed, then its name; append the value. */
        StringBuilder name(String name) {
            if (!first) {
                b.append(',');
            }
            first = false;
            return GoFormat.appendJsonString(b, name).append(':');
        }

        /** A uint64 member. */
        Members always(String name, long value) {
            name(name).append(Long.toUnsignedString(value));
            return this;
        }

        /** A uint64 member with Go's omitempty: left out when 0. */
        Members omitEmpty(String name, long value) {
            return value == 0 ? this : always(name, value);
        }

        Members string(String name, String value) {
            GoFormat.appendJsonString(name(name), value);
            return this;
        }
    }
}
