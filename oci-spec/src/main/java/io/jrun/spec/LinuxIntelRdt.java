package io.jrun.spec;

import java.util.List;

/**
 * {@code linux.intelRdt} (spec 1.3 form).
 *
 * @param closID           resctrl group (class of service) name
 * @param schemata         schemata lines to write
 * @param l3CacheSchema    L3 cache allocation schema
 * @param memBwSchema      memory bandwidth schema
 * @param enableMonitoring create a monitoring group; left out when false
 */
public record LinuxIntelRdt(
        String closID,
        List<String> schemata,
        String l3CacheSchema,
        String memBwSchema,
        boolean enableMonitoring) {

    public LinuxIntelRdt {
        schemata = Copies.list(schemata);
    }
}
