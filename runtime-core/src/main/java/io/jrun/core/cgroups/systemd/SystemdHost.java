package io.jrun.core.cgroups.systemd;

import java.util.function.Predicate;

/**
 * What the unit properties of a config depend on besides the config: systemd's version and the
 * host's devices.
 *
 * @param version          systemd's version ({@link SystemdVersion#parse} of the manager's
 *                         Version property), or {@link SystemdVersion#UNKNOWN}: then, as in
 *                         runc, no property that needs a version is used
 * @param deviceGroups     /proc/devices, for DeviceAllow's groups ("char-pts")
 * @param devicePathExists whether a device path such as "/dev/char/1:3" exists: systemd before
 *                         240 stat(2)s DeviceAllow's paths, and every systemd the IO properties'
 *                         paths, and skips one that does not exist
 */
public record SystemdHost(int version, DeviceGroups deviceGroups, Predicate<String> devicePathExists) {
    /** Whether this systemd is {@code version} or newer. */
    boolean atLeast(int version) {
        return this.version >= version;
    }
}
