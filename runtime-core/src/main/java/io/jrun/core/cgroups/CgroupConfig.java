package io.jrun.core.cgroups;

import io.jrun.spec.Linux;
import io.jrun.spec.LinuxDevice;
import io.jrun.spec.LinuxResources;
import java.util.List;

/**
 * What a container's cgroup is configured from: {@code linux.resources} and {@code
 * linux.devices} (the device nodes matter because a node the config creates at one of runc's
 * default paths, /dev/null and friends, replaces that default's device rule, as in runc's
 * specconv).
 *
 * @param resources the resources, null for none (the device program is installed anyway)
 * @param devices   {@code linux.devices}, null for none
 */
public record CgroupConfig(LinuxResources resources, List<LinuxDevice> devices) {
    public CgroupConfig {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    public static CgroupConfig of(Linux linux) {
        return linux == null ? new CgroupConfig(null, null) : new CgroupConfig(linux.resources(), linux.devices());
    }

    /** The same device nodes with other resources: what `update` applies. */
    public CgroupConfig withResources(LinuxResources merged) {
        return new CgroupConfig(merged, devices);
    }
}
