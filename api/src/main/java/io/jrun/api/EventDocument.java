package io.jrun.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of `jrun events` (runc's types.Event), read back into a {@link ContainerEvent}. Its
 * counters are Go's uint64s, "no limit" being 2^64-1, which a {@code long} holds as -1 (as
 * {@link CgroupStats} says): so the document is read as a tree with jackson-core's parser, numbers
 * as unsigned 64-bit values, rather than by the spec's codec, whose int64 refuses them.
 */
final class EventDocument {
    private EventDocument() {}

    private static final JsonFactory FACTORY = new JsonFactory();

    static ContainerEvent parse(String line) {
        Map<String, Object> event;
        try (JsonParser p = FACTORY.createParser(line)) {
            p.nextToken();
            event = object(p);
        } catch (IOException | ClassCastException e) {
            throw new JrunException("cannot read jrun's event " + line + ": " + e.getMessage());
        }
        String id = (String) event.get("id");
        if ("oom".equals(event.get("type"))) {
            return new ContainerEvent.Oom(id);
        }
        return new ContainerEvent.Stats(id, stats(map(event, "data")));
    }

    private static CgroupStats stats(Map<String, Object> d) {
        Map<String, Object> cpu = map(d, "cpu");
        Map<String, Object> usage = map(cpu, "usage");
        Map<String, Object> throttling = map(cpu, "throttling");
        Map<String, Object> memory = map(d, "memory");
        Map<String, Object> events = map(memory, "event_count");
        Map<String, Object> pids = map(d, "pids");
        Map<String, Object> blkio = map(d, "blkio");
        Map<String, CgroupStats.Hugetlb> hugetlb = new LinkedHashMap<>();
        map(d, "hugetlb").forEach((size, v) -> {
            @SuppressWarnings("unchecked") Map<String, Object> h = (Map<String, Object>) v;
            hugetlb.put(size, new CgroupStats.Hugetlb(n(h, "usage"), n(h, "max"), n(h, "failcnt")));
        });
        Map<String, Long> raw = new LinkedHashMap<>();
        map(memory, "raw").forEach((k, v) -> raw.put(k, (Long) v));
        CgroupStats.MemoryEntry memoryUsage = entry(map(memory, "usage"), n(events, "max"));
        return new CgroupStats(
                new CgroupStats.Cpu(new CgroupStats.CpuUsage(n(usage, "total"), n(usage, "kernel"), n(usage, "user")),
                        new CgroupStats.Throttling(n(throttling, "periods"), n(throttling, "throttledPeriods"),
                                n(throttling, "throttledTime"), 0, 0)),
                new CgroupStats.Memory(n(memory, "cache"), memoryUsage, entry(map(memory, "swap"), n(map(memory, "swap"),
                        "failcnt")), raw, n(events, "oom"), n(events, "oom_kill")),
                new CgroupStats.Pids(n(pids, "current"), n(pids, "limit")),
                new CgroupStats.Blkio(blkio(blkio, "ioServiceBytesRecursive"), blkio(blkio, "ioServicedRecursive")),
                hugetlb);
    }

    private static CgroupStats.MemoryEntry entry(Map<String, Object> e, long failcnt) {
        return new CgroupStats.MemoryEntry(n(e, "limit"), n(e, "usage"), n(e, "max"), failcnt);
    }

    private static List<CgroupStats.BlkioEntry> blkio(Map<String, Object> blkio, String name) {
        List<CgroupStats.BlkioEntry> entries = new ArrayList<>();
        if (blkio.get(name) instanceof List<?> list) {
            for (Object o : list) {
                @SuppressWarnings("unchecked") Map<String, Object> e = (Map<String, Object>) o;
                entries.add(new CgroupStats.BlkioEntry(n(e, "major"), n(e, "minor"), (String) e.get("op"), n(e, "value")));
            }
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String name) {
        return parent.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long n(Map<String, Object> parent, String name) {
        return parent.get(name) instanceof Long l ? l : 0;
    }

    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            m.put(name, value(p));
        }
        return m;
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            // uint64 into a long, 2^64-1 becoming -1 as CgroupStats holds it
            case VALUE_NUMBER_INT -> p.getBigIntegerValue().longValue();
            case VALUE_NUMBER_FLOAT -> (long) p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> null;
        };
    }
}
