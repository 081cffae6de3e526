package io.jrun.core.cgroups.systemd;

import io.jrun.core.cgroups.DeviceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's device rules as systemd's DevicePolicy and DeviceAllow (runc's
 * generateDeviceProperties). systemd has only allow lists, and names devices by path, so some
 * rules have no DeviceAllow entry: those are left to the device program (v2) or the devices
 * cgroup's files (v1), which the file plan sets right after the properties, as runc does. On v2
 * the program replaces the one systemd attached (runc's and jrun's installers replace a single
 * program in place), so systemd's incomplete list does not narrow the container's devices;
 * until, that is, systemd attaches its program again at a reload.
 */
final class DeviceProperties {
    private DeviceProperties() {}

    private static final String FIELD = "linux.resources.devices";

    /**
     * Adds the device properties of {@code rules}, the container's access as minimal rules from
     * deny-all ({@link io.jrun.core.cgroups.DeviceRules#effective}).
     */
    static void add(List<DeviceRule> rules, PropertyBuilder b) {
        DbusValue.Array none = new DbusValue.Array("(ss)", List.of());
        // Only a default-allow state starts with an "a" rule: allow all, then the exceptions.
        boolean denyList = !rules.isEmpty() && rules.get(0).type() == 'a';
        if (denyList && rules.size() == 1) {
            // "auto" with no entries is systemd's allow-all.
            b.add("DevicePolicy", new DbusValue.Str("auto"));
            b.add("DeviceAllow", none);
            return;
        }
        // Always the strict allow list; the empty DeviceAllow first clears the unit's old
        // entries, which an update would otherwise add to.
        b.add("DevicePolicy", new DbusValue.Str("strict"));
        b.add("DeviceAllow", none);
        if (denyList) {
            b.warn(FIELD, "systemd has no deny list (everything allowed but some devices); its unit denies every "
                    + "device, and the device rules are set apart from systemd");
            b.filesOnly(FIELD, "a deny list");
            return;
        }
        List<DbusValue> entries = new ArrayList<>();
        boolean skipped = false;
        for (DeviceRule r : rules) {
            String path = path(r, b);
            if (path == null) {
                skipped = true;
            } else {
                entries.add(DbusValue.pair(path, DeviceRule.accessString(r.access())));
            }
        }
        b.add("DeviceAllow", new DbusValue.Array("(ss)", entries));
        if (skipped) {
            b.filesOnly(FIELD, "rules that DeviceAllow cannot name");
        }
    }

    /**
     * systemd's name for the devices of an allow rule, or null, with a warning, if it has none:
     * "char-*" or "block-*" for all of a type; the /proc/devices group ("char-pts") for all the
     * minors of a major; /dev/char/MAJ:MIN or /dev/block/MAJ:MIN for one device. A rule for one
     * minor of any major has no name.
     */
    private static String path(DeviceRule r, PropertyBuilder b) {
        String kind = r.type() == 'b' ? "block" : "char";
        if (r.major() == DeviceRule.WILDCARD) {
            if (r.minor() != DeviceRule.WILDCARD) {
                b.warn(FIELD, "systemd has no DeviceAllow for \"" + r.cgroupString() + "\" (one minor of every major); "
                        + "it is set apart from systemd");
                return null;
            }
            return kind + "-*";
        }
        if (r.minor() == DeviceRule.WILDCARD) {
            String group;
            try {
                group = b.host.deviceGroups().group(r.type(), r.major());
            } catch (IllegalArgumentException e) {
                b.error(FIELD, "unable to find device '" + r.type() + "/" + r.major() + "': " + e.getMessage());
                return null;
            }
            if (group == null) {
                b.warn(FIELD, "/proc/devices has no " + kind + " device group with major " + r.major() + ", which "
                        + "systemd's DeviceAllow would name for \"" + r.cgroupString() + "\"; it is set apart from systemd");
            }
            return group;
        }
        String path = "/dev/" + kind + "/" + r.major() + ":" + r.minor();
        // systemd 240 and later read the numbers from the name; older ones stat(2) the path and
        // warn about one that does not exist (udev makes them).
        if (!b.host.atLeast(SystemdVersion.DEVICE_PATHS_PARSED) && !b.host.devicePathExists().test(path)) {
            b.warn(FIELD, "skipping device " + path + " for systemd " + b.host.version() + ", which needs it to exist; "
                    + "\"" + r.cgroupString() + "\" is set apart from systemd");
            return null;
        }
        return path;
    }
}
