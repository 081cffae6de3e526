package io.jrun.core.cgroups;

import io.jrun.spec.Json;
import io.jrun.spec.LinuxResources;

/** Cgroup configurations from linux.resources JSON, as a config.json would give them. */
final class Configs {
    private Configs() {}

    static LinuxResources resources(String json) {
        return Json.parse(json, LinuxResources.class, "config.json");
    }

    static CgroupConfig config(String json) {
        return new CgroupConfig(resources(json), null);
    }
}
