package io.jrun.core.cgroups;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxDevice;
import io.jrun.spec.LinuxDeviceCgroup;
import io.jrun.spec.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The final device rule list of a container, as runc's specconv builds it: the config's {@code
 * linux.resources.devices} in order, then runc's {@code AllowedDevices}, which every runc
 * container gets (mknod of anything; /dev/null, zero, full, random, urandom, tty, console,
 * ptmx, the pty slaves and /dev/net/tun). Before any rule the cgroup denies everything.
 *
 * <p>runc's own comment calls appending these defaults "questionable": a config cannot take
 * them away. jrun does the same because engines and images rely on it (a config that denies all
 * devices and lists none still gets a working /dev/null).
 */
public final class DeviceRules {
    private DeviceRules() {}

    /** A default rule, and the device node path whose presence in linux.devices drops it. */
    record Default(String path, DeviceRule rule) {}

    /** runc's specconv.AllowedDevices, in runc's order. */
    static final List<Default> RUNC_DEFAULTS = List.of(
            new Default(null, new DeviceRule('c', DeviceRule.WILDCARD, DeviceRule.WILDCARD, DeviceRule.MKNOD, true)),
            new Default(null, new DeviceRule('b', DeviceRule.WILDCARD, DeviceRule.WILDCARD, DeviceRule.MKNOD, true)),
            new Default("/dev/null", new DeviceRule('c', 1, 3, DeviceRule.RWM, true)),
            new Default("/dev/random", new DeviceRule('c', 1, 8, DeviceRule.RWM, true)),
            new Default("/dev/full", new DeviceRule('c', 1, 7, DeviceRule.RWM, true)),
            new Default("/dev/tty", new DeviceRule('c', 5, 0, DeviceRule.RWM, true)),
            new Default("/dev/zero", new DeviceRule('c', 1, 5, DeviceRule.RWM, true)),
            new Default("/dev/urandom", new DeviceRule('c', 1, 9, DeviceRule.RWM, true)),
            // /dev/pts/*
            new Default(null, new DeviceRule('c', 136, DeviceRule.WILDCARD, DeviceRule.RWM, true)),
            // /dev/ptmx
            new Default(null, new DeviceRule('c', 5, 2, DeviceRule.RWM, true)),
            // tuntap
            new Default(null, new DeviceRule('c', 10, 200, DeviceRule.RWM, true)));

    /** A rule and where it came from, for error messages. */
    public record Sourced(DeviceRule rule, String source) {}

    /**
     * The rules to compile, each with its source: a JSON path such as {@code
     * linux.resources.devices[2]} or "runc's default rule".
     *
     * @param errors receives one "path: message" line per invalid config rule
     */
    public static List<Sourced> of(List<LinuxDeviceCgroup> configured, List<LinuxDevice> nodes, List<String> errors) {
        List<Sourced> out = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            LinuxDeviceCgroup d = configured.get(i);
            String path = JsonPath.element("linux.resources.devices", i);
            String type = d.type() == null || d.type().isEmpty() ? "a" : d.type();
            if (!type.equals("a") && !type.equals("b") && !type.equals("c")) {
                errors.add(path + ".type: must be \"a\", \"b\" or \"c\", not " + Quote.value(type));
                continue;
            }
            if (d.access() == null || d.access().isEmpty()) {
                // runc: "device access at %d field cannot be empty".
                errors.add(path + ".access: must not be empty (give some of \"rwm\")");
                continue;
            }
            Integer access = DeviceRule.parseAccess(d.access());
            if (access == null) {
                errors.add(path + ".access: " + Quote.value(d.access()) + " has a letter other than r, w, m");
                continue;
            }
            long major = d.major() == null ? DeviceRule.WILDCARD : d.major();
            long minor = d.minor() == null ? DeviceRule.WILDCARD : d.minor();
            if (major < -1 || major > 0xFFFFFFFFL) {
                errors.add(path + ".major: " + major + " is not a device major number");
                continue;
            }
            if (minor < -1 || minor > 0xFFFFFFFFL) {
                errors.add(path + ".minor: " + minor + " is not a device minor number");
                continue;
            }
            out.add(new Sourced(new DeviceRule(type.charAt(0), major, minor, access, d.allow()), path));
        }
        Set<String> nodePaths = nodes.stream().map(LinuxDevice::path).collect(Collectors.toSet());
        for (Default def : RUNC_DEFAULTS) {
            // A device node the config creates at a default's path replaces the default (runc's
            // createDevices dedup): its numbers may differ, and the config's rules govern it.
            if (def.path() != null && nodePaths.contains(def.path())) {
                continue;
            }
            out.add(new Sourced(def.rule(), "runc's default device rule \"" + def.rule() + "\""));
        }
        return out;
    }

    /**
     * The device access {@code rules} give, applied in order onto deny-all as cgroup v1 applies
     * them, written as the minimal rules that build it from deny-all (runc's Emulator.Rules()):
     * first an allow "a" rule if everything not listed is allowed, then one rule per device, in
     * order. Null, after adding the error of the first rule v1 would not honour (named by its
     * source) to {@code errors}.
     */
    public static List<DeviceRule> effective(List<Sourced> rules, List<String> errors) {
        DeviceEmulator emulator = DeviceEmulator.ofSourced(rules, errors);
        return emulator == null ? null : emulator.rules();
    }
}
