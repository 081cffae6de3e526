package io.jrun.spec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a configuration before anything is created, so that bad input fails with every problem
 * named (JSON path, bad value, what to do) and nothing to clean up.
 *
 * <p>The rules are the spec's MUSTs plus what runc rejects at create time (hostname without a UTS
 * namespace, sysctls that are not namespaced, id mappings without a user namespace...). Errors come
 * in document order. Deep seccomp checks are left to the seccomp code.
 *
 * <p>Every string that reaches a syscall as a C string (an argument, an environment entry, a
 * path, a name) is checked for NUL bytes: JSON can hold <code>&#92;u0000</code>, a C string ends there, so
 * the kernel would see a shorter value than the config says ({@link #nulByte}). Values are shown
 * in messages through {@link Quote}, bounded.
 */
public final class SpecValidator {
    private static final Set<String> PROPAGATIONS = Set.of(
            "private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable");

    /** runc's list of IPC-namespaced sysctls (plus everything under fs.mqueue). */
    private static final Set<String> IPC_SYSCTLS = Set.of(
            "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private static final String ADD_NAMESPACE = "add {\"type\": \"%s\"} to linux.namespaces";

    private final List<ValidationError> errors = new ArrayList<>();

    private SpecValidator() {}

    /**
     * Every problem with {@code spec}, in document order; empty if it can be run.
     *
     * @param bundleDir the bundle directory, against which a relative {@code root.path} resolves
     */
    public static List<ValidationError> validate(Spec spec, Path bundleDir) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(bundleDir, "bundleDir");
        SpecValidator v = new SpecValidator();
        v.checkSpec(spec, bundleDir);
        return List.copyOf(v.errors);
    }

    /** {@link #validate}, throwing a {@link SpecException} for {@code config.json} if anything is wrong. */
    public static void validateOrThrow(Spec spec, Path bundleDir) {
        List<ValidationError> found = validate(spec, bundleDir);
        if (!found.isEmpty()) {
            throw new SpecException(Json.CONFIG_FILE, found);
        }
    }

    /**
     * Every problem with a process document ({@code exec --process}); paths are relative to that
     * document ({@code args}, {@code capabilities.bounding[3]}...).
     */
    public static List<ValidationError> validateProcess(Process process) {
        Objects.requireNonNull(process, "process");
        SpecValidator v = new SpecValidator();
        v.checkProcess(process, "");
        return List.copyOf(v.errors);
    }

    /**
     * The error for a value that a C string cannot hold, because it has a NUL byte; null if it has
     * none. {@code path} names where the value is (a JSON path, or a flag such as {@code --env}).
     */
    public static ValidationError nulByte(String path, String value) {
        if (value == null || value.indexOf('\0') < 0) {
            return null;
        }
        return new ValidationError(path, NUL_BYTE + ": " + Quote.value(value));
    }

    private static final String NUL_BYTE = "contains a NUL byte (\\u0000), which a C string cannot hold";

    /**
     * What is valid but deprecated, for the caller to log as warnings (runc does the same): a
     * relative mount destination, which the spec says MUST be taken as relative to "/".
     */
    public static List<ValidationError> warnings(Spec spec) {
        List<ValidationError> warnings = new ArrayList<>();
        List<Mount> mounts = spec.mountsOrEmpty();
        for (int i = 0; i < mounts.size(); i++) {
            String destination = mounts.get(i).destination();
            if (destination != null && !destination.isEmpty() && !isAbsolute(destination)) {
                warnings.add(new ValidationError(JsonPath.member(JsonPath.element("mounts", i), "destination"),
                        "relative destination is deprecated, taken as relative to \"/\": " + Quote.value(destination)
                                + "; write " + Quote.value("/" + destination)));
            }
        }
        return List.copyOf(warnings);
    }

    // ---------------------------------------------------------------------------------------------

    private void checkSpec(Spec spec, Path bundleDir) {
        checkVersion(spec.ociVersion());
        if (spec.process() == null) {
            error("process", "missing", null,
                    "jrun needs a process to create a container: add \"process\" with \"args\" and \"cwd\"");
        } else {
            checkProcess(spec.process(), "process");
        }
        checkRoot(spec.root(), bundleDir);
        Linux linux = spec.linux();
        boolean uts = linux != null && linux.hasNamespace(LinuxNamespace.UTS);
        if (!cString("hostname", spec.hostname())) {
            // reported
        } else if (notEmpty(spec.hostname()) && !uts) {
            error("hostname", "cannot set a hostname without a UTS namespace", Quote.value(spec.hostname()),
                    ADD_NAMESPACE.formatted(LinuxNamespace.UTS));
        }
        if (!cString("domainname", spec.domainname())) {
            // reported
        } else if (notEmpty(spec.domainname()) && !uts) {
            error("domainname", "cannot set a domainname without a UTS namespace", Quote.value(spec.domainname()),
                    ADD_NAMESPACE.formatted(LinuxNamespace.UTS));
        }
        checkMounts(spec.mountsOrEmpty());
        if (spec.hooks() != null) {
            checkHooks(spec.hooks());
        }
        if (linux != null) {
            checkLinux(linux);
        }
    }

    private void checkVersion(String version) {
        if (!notEmpty(version)) {
            error("ociVersion", "missing", null, "set it to " + Quote.value(SpecVersion.CURRENT));
        } else if (!SpecVersion.isSemVer(version)) {
            error("ociVersion", "not a SemVer version", Quote.value(version),
                    "expected MAJOR.MINOR.PATCH such as " + Quote.value(SpecVersion.CURRENT));
        } else if (!SpecVersion.isSupported(version)) {
            error("ociVersion", "unsupported version", Quote.value(version),
                    "jrun supports " + SpecVersion.MIN + " to 1.3.x");
        }
    }

    private void checkRoot(Root root, Path bundleDir) {
        if (root == null) {
            error("root", "missing", null, "add \"root\": {\"path\": \"rootfs\"} naming the root filesystem");
            return;
        }
        String path = root.path();
        if (!notEmpty(path)) {
            error("root.path", "missing", null, "name the container's root filesystem, e.g. \"rootfs\"");
            return;
        }
        if (!cString("root.path", path)) {
            return;
        }
        Path resolved;
        try {
            Path p = Path.of(path);
            resolved = p.isAbsolute() ? p : bundleDir.resolve(p);
        } catch (InvalidPathException e) {
            error("root.path", "not a valid path", Quote.value(path), null);
            return;
        }
        String where = resolved.toString().equals(path) ? null : "looked for " + Quote.value(resolved.toString());
        if (!Files.exists(resolved)) {
            error("root.path", "does not exist", Quote.value(path), where);
        } else if (!Files.isDirectory(resolved)) {
            error("root.path", "is not a directory", Quote.value(path), where);
        }
    }

    private void checkProcess(Process process, String at) {
        String argsPath = JsonPath.member(at, "args");
        if (process.args() == null) {
            error(argsPath, "missing", null, "give the program and its arguments, e.g. [\"sh\"]");
        } else if (process.args().isEmpty()) {
            error(argsPath, "must not be empty", "[]", "give the program and its arguments, e.g. [\"sh\"]");
        } else {
            cStrings(argsPath, process.args());
        }

        String cwdPath = JsonPath.member(at, "cwd");
        if (!cString(cwdPath, process.cwd())) {
            // reported
        } else if (!notEmpty(process.cwd())) {
            error(cwdPath, "missing", null, "set an absolute path inside the container, e.g. \"/\"");
        } else if (!isAbsolute(process.cwd())) {
            error(cwdPath, "must be an absolute path", Quote.value(process.cwd()),
                    "e.g. " + Quote.value("/" + process.cwd()));
        }

        checkEnv(process.envOrEmpty(), JsonPath.member(at, "env"));

        if (process.user() != null) {
            cString(JsonPath.member(JsonPath.member(at, "user"), "username"), process.user().username());
            List<Long> gids = process.user().additionalGidsOrEmpty();
            for (int i = 0; i < gids.size(); i++) {
                long gid = gids.get(i);
                if (gid < 0 || gid > 0xFFFF_FFFFL) {
                    error(JsonPath.element(JsonPath.member(JsonPath.member(at, "user"), "additionalGids"), i),
                            "expected an unsigned 32-bit number (0 to 4294967295)", Long.toString(gid), null);
                }
            }
        }

        if (process.capabilities() != null) {
            String capsPath = JsonPath.member(at, "capabilities");
            for (String set : LinuxCapabilities.SETS) {
                List<String> names = process.capabilities().byName(set);
                for (int i = 0; i < names.size(); i++) {
                    if (LinuxCapabilities.number(names.get(i)) < 0) {
                        error(JsonPath.element(JsonPath.member(capsPath, set), i), "unknown capability",
                                Quote.value(names.get(i)),
                                "names are upper case, CAP_CHOWN to CAP_CHECKPOINT_RESTORE, see capabilities(7)");
                    }
                }
            }
        }

        checkRlimits(process.rlimitsOrEmpty(), JsonPath.member(at, "rlimits"));
        cString(JsonPath.member(at, "apparmorProfile"), process.apparmorProfile());
    }

    /** KEY=VALUE with a non-empty key and no NUL byte, as runc 1.2+ requires. */
    private void checkEnv(List<String> env, String at) {
        for (int i = 0; i < env.size(); i++) {
            String entry = env.get(i);
            String path = JsonPath.element(at, i);
            int eq = entry.indexOf('=');
            if (!cString(path, entry)) {
                // reported
            } else if (eq < 0) {
                error(path, "not of the form KEY=VALUE", Quote.value(entry), null);
            } else if (eq == 0) {
                error(path, "empty variable name", Quote.value(entry), "write KEY=VALUE");
            }
        }
    }

    private void checkRlimits(List<PosixRlimit> rlimits, String at) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rlimits.size(); i++) {
            PosixRlimit rlimit = rlimits.get(i);
            String path = JsonPath.element(at, i);
            String typePath = JsonPath.member(path, "type");
            String type = rlimit.type();
            if (!notEmpty(type)) {
                error(typePath, "missing", null, "e.g. \"RLIMIT_NOFILE\"");
            } else if (!PosixRlimit.TYPES.contains(type)) {
                error(typePath, "unknown rlimit type", Quote.value(type),
                        "known types are " + String.join(", ", PosixRlimit.TYPES));
            } else if (seen.containsKey(type)) {
                error(typePath, "duplicate rlimit type", Quote.value(type),
                        "already set at " + JsonPath.element(at, seen.get(type)));
            } else {
                seen.put(type, i);
            }
            if (Long.compareUnsigned(rlimit.soft(), rlimit.hard()) > 0) {
                error(JsonPath.member(path, "soft"), "soft limit is above the hard limit",
                        Long.toUnsignedString(rlimit.soft()) + " > " + Long.toUnsignedString(rlimit.hard()),
                        "lower soft or raise hard");
            }
        }
    }

    private void checkMounts(List<Mount> mounts) {
        // A relative destination is deprecated but valid (config.md: "MUST be interpreted as
        // relative to /"), so it is a warning, see warnings().
        for (int i = 0; i < mounts.size(); i++) {
            Mount mount = mounts.get(i);
            String path = JsonPath.element("mounts", i);
            String destination = JsonPath.member(path, "destination");
            if (!cString(destination, mount.destination())) {
                // reported
            } else if (!notEmpty(mount.destination())) {
                error(destination, "missing", null, "give the absolute path inside the container to mount on");
            }
            cString(JsonPath.member(path, "type"), mount.type());
            cString(JsonPath.member(path, "source"), mount.source());
            cStrings(JsonPath.member(path, "options"), mount.optionsOrEmpty());
        }
    }

    private void checkHooks(Hooks hooks) {
        for (String name : Hooks.NAMES) {
            List<Hook> list = hooks.byName(name);
            for (int i = 0; i < list.size(); i++) {
                Hook hook = list.get(i);
                String path = JsonPath.element(JsonPath.member("hooks", name), i);
                if (!cString(JsonPath.member(path, "path"), hook.path())) {
                    // reported
                } else if (!notEmpty(hook.path())) {
                    error(JsonPath.member(path, "path"), "missing", null, "give the absolute path of the program");
                } else if (!isAbsolute(hook.path())) {
                    error(JsonPath.member(path, "path"), "must be an absolute path", Quote.value(hook.path()),
                            "hooks are not looked up in $PATH");
                }
                cStrings(JsonPath.member(path, "args"), hook.args() == null ? List.of() : hook.args());
                cStrings(JsonPath.member(path, "env"), hook.envOrEmpty());
                if (hook.timeout() != null && hook.timeout() <= 0) {
                    error(JsonPath.member(path, "timeout"), "must be greater than 0", hook.timeout().toString(),
                            "leave it out for no timeout");
                }
            }
        }
    }

    private void checkLinux(Linux linux) {
        Map<String, Integer> namespaces = checkNamespaces(linux.namespacesOrEmpty());
        checkUserNamespace(linux, namespaces);
        checkTimeNamespace(linux, namespaces);
        checkSysctl(linux.sysctlOrEmpty(), namespaces);
        checkDevices(linux.devicesOrEmpty());
        cString("linux.cgroupsPath", linux.cgroupsPath());
        String propagation = linux.rootfsPropagation();
        if (notEmpty(propagation) && !PROPAGATIONS.contains(propagation)) {
            error("linux.rootfsPropagation", "unknown propagation mode", Quote.value(propagation),
                    "use private, rprivate, slave, rslave, shared, rshared, unbindable or runbindable");
        }
        cStrings("linux.maskedPaths", linux.maskedPathsOrEmpty());
        cStrings("linux.readonlyPaths", linux.readonlyPathsOrEmpty());
        if (linux.seccomp() != null) {
            cString("linux.seccomp.listenerPath", linux.seccomp().listenerPath());
        }
        if (!namespaces.containsKey(LinuxNamespace.MOUNT)) {
            if (!linux.maskedPathsOrEmpty().isEmpty()) {
                error("linux.maskedPaths", "cannot mask paths without a mount namespace", null,
                        ADD_NAMESPACE.formatted(LinuxNamespace.MOUNT));
            }
            if (!linux.readonlyPathsOrEmpty().isEmpty()) {
                error("linux.readonlyPaths", "cannot make paths read-only without a mount namespace", null,
                        ADD_NAMESPACE.formatted(LinuxNamespace.MOUNT));
            }
        }
    }

    /** Checks each entry; returns the index of the first entry of each valid type. */
    private Map<String, Integer> checkNamespaces(List<LinuxNamespace> namespaces) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < namespaces.size(); i++) {
            LinuxNamespace ns = namespaces.get(i);
            String path = JsonPath.element("linux.namespaces", i);
            String type = ns.type();
            if (!notEmpty(type)) {
                error(JsonPath.member(path, "type"), "missing", null, "e.g. \"pid\"");
            } else if (!LinuxNamespace.TYPES.contains(type)) {
                error(JsonPath.member(path, "type"), "unknown namespace type", Quote.value(type),
                        "known types are " + String.join(", ", LinuxNamespace.TYPES));
            } else if (first.containsKey(type)) {
                error(JsonPath.member(path, "type"), "duplicate namespace type", Quote.value(type),
                        "already listed at " + JsonPath.element("linux.namespaces", first.get(type)));
            } else {
                first.put(type, i);
            }
            if (!cString(JsonPath.member(path, "path"), ns.path())) {
                // reported
            } else if (notEmpty(ns.path()) && !isAbsolute(ns.path())) {
                error(JsonPath.member(path, "path"), "must be an absolute path", Quote.value(ns.path()),
                        "e.g. \"/proc/1234/ns/" + (notEmpty(type) ? type : "pid") + "\"");
            }
        }
        return first;
    }

    /**
     * A new user namespace needs both mappings (the kernel gives an unmapped namespace no usable
     * ids); mappings without a user namespace would be silently meaningless, so runc rejects them.
     */
    private void checkUserNamespace(Linux linux, Map<String, Integer> namespaces) {
        Integer userIndex = namespaces.get(LinuxNamespace.USER);
        boolean newUserNs = userIndex != null && linux.namespacesOrEmpty().get(userIndex).createsNew();
        String uidPath = "linux.uidMappings";
        String gidPath = "linux.gidMappings";
        if (newUserNs) {
            String nsPath = JsonPath.element("linux.namespaces", userIndex);
            if (linux.uidMappingsOrEmpty().isEmpty()) {
                error(uidPath, "missing", null, "the new user namespace (" + nsPath
                        + ") needs uid mappings, e.g. [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]");
            }
            if (linux.gidMappingsOrEmpty().isEmpty()) {
                error(gidPath, "missing", null, "the new user namespace (" + nsPath
                        + ") needs gid mappings, e.g. [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]");
            }
        } else if (userIndex == null) {
            if (!linux.uidMappingsOrEmpty().isEmpty()) {
                error(uidPath, "mappings given but the container has no user namespace", null,
                        ADD_NAMESPACE.formatted(LinuxNamespace.USER));
            }
            if (!linux.gidMappingsOrEmpty().isEmpty()) {
                error(gidPath, "mappings given but the container has no user namespace", null,
                        ADD_NAMESPACE.formatted(LinuxNamespace.USER));
            }
        }
        checkMappingSizes(linux.uidMappingsOrEmpty(), uidPath);
        checkMappingSizes(linux.gidMappingsOrEmpty(), gidPath);
    }

    private void checkMappingSizes(List<LinuxIdMapping> mappings, String at) {
        for (int i = 0; i < mappings.size(); i++) {
            if (mappings.get(i).size() == 0) {
                error(JsonPath.member(JsonPath.element(at, i), "size"), "must be greater than 0", "0", null);
            }
        }
    }

    private void checkTimeNamespace(Linux linux, Map<String, Integer> namespaces) {
        Map<String, LinuxTimeOffset> offsets = linux.timeOffsetsOrEmpty();
        if (offsets.isEmpty()) {
            return;
        }
        Integer timeIndex = namespaces.get(LinuxNamespace.TIME);
        if (timeIndex == null) {
            error("linux.timeOffsets", "time offsets given but the container has no time namespace", null,
                    ADD_NAMESPACE.formatted(LinuxNamespace.TIME));
        } else if (!linux.namespacesOrEmpty().get(timeIndex).createsNew()) {
            String nsPath = JsonPath.element("linux.namespaces", timeIndex);
            error("linux.timeOffsets", "cannot set offsets of a time namespace that is joined", null,
                    "the offsets of " + nsPath + " are fixed; drop them or drop its path");
        }
        for (String clock : offsets.keySet()) {
            if (!LinuxTimeOffset.MONOTONIC.equals(clock) && !LinuxTimeOffset.BOOTTIME.equals(clock)) {
                error(JsonPath.member("linux.timeOffsets", clock), "unknown clock", Quote.value(clock),
                        "only monotonic and boottime can be offset");
            }
        }
    }

    /**
     * Names follow sysctl.d(5): dot-separated, or slash-separated when the first separator is a
     * slash (then a dot is part of a name, as in {@code net/ipv4/conf/eth0.100/rp_filter}). runc
     * accepts both forms, so jrun does too. The name becomes a path under /proc/sys, so an empty,
     * "." or ".." part (a way out of /proc/sys) is rejected. Like runc, only sysctls that belong to
     * a namespace the container has of its own are allowed: the rest would change the host.
     */
    private void checkSysctl(Map<String, String> sysctl, Map<String, Integer> namespaces) {
        for (Map.Entry<String, String> entry : sysctl.entrySet()) {
            String key = entry.getKey();
            String path = JsonPath.member("linux.sysctl", key);
            boolean cStrings = cString(path, key);
            cStrings &= cString(path, entry.getValue());
            if (!cStrings) {
                continue;
            }
            if (key.isEmpty()) {
                error(path, "empty sysctl name", null, null);
                continue;
            }
            String dotted = Sysctls.dotted(key);
            if (dotted == null) {
                error(path, "not a valid sysctl name", Quote.value(key),
                        "write dot-separated names such as \"net.ipv4.ip_forward\"; empty, \".\" and \"..\" parts"
                                + " are not allowed");
                continue;
            }
            if (IPC_SYSCTLS.contains(dotted) || dotted.startsWith("fs.mqueue.")) {
                if (!namespaces.containsKey(LinuxNamespace.IPC)) {
                    error(path, "needs an IPC namespace", Quote.value(key), ADD_NAMESPACE.formatted(LinuxNamespace.IPC));
                }
            } else if (dotted.startsWith("net.")) {
                // Joining the host's own network namespace by path is caught at create time,
                // where the namespace file can be compared with the runtime's.
                if (!namespaces.containsKey(LinuxNamespace.NETWORK)) {
                    error(path, "needs a network namespace", Quote.value(key),
                            ADD_NAMESPACE.formatted(LinuxNamespace.NETWORK));
                }
            } else if (dotted.equals("kernel.domainname") || dotted.equals("kernel.hostname")) {
                if (!namespaces.containsKey(LinuxNamespace.UTS)) {
                    error(path, "needs a UTS namespace", Quote.value(key), ADD_NAMESPACE.formatted(LinuxNamespace.UTS));
                } else if (dotted.equals("kernel.hostname")) {
                    error(path, "conflicts with the hostname field", Quote.value(key), "set \"hostname\" instead");
                }
            } else {
                error(path, "is not namespaced, so a container cannot set it", Quote.value(key),
                        "set it on the host instead");
            }
        }
    }

    private void checkDevices(List<LinuxDevice> devices) {
        for (int i = 0; i < devices.size(); i++) {
            LinuxDevice device = devices.get(i);
            String path = JsonPath.element("linux.devices", i);
            if (!cString(JsonPath.member(path, "path"), device.path())) {
                // reported
            } else if (!notEmpty(device.path())) {
                error(JsonPath.member(path, "path"), "missing", null, "give the device's absolute path in the container");
            } else if (!isAbsolute(device.path())) {
                error(JsonPath.member(path, "path"), "must be an absolute path", Quote.value(device.path()),
                        "e.g. " + Quote.value("/dev/" + device.path()));
            }
            String type = device.type();
            if (!notEmpty(type)) {
                error(JsonPath.member(path, "type"), "missing", null, "use c, b, u or p");
            } else if (!LinuxDevice.TYPES.contains(type)) {
                error(JsonPath.member(path, "type"), "unknown device type", Quote.value(type), "use c, b, u or p");
            } else if (!type.equals("p")) {
                if (device.major() == null) {
                    error(JsonPath.member(path, "major"), "missing", null,
                            "required for device type " + Quote.value(type));
                }
                if (device.minor() == null) {
                    error(JsonPath.member(path, "minor"), "missing", null,
                            "required for device type " + Quote.value(type));
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Adds "what: value; hint", leaving out the parts that are null. */
    private void error(String path, String what, String value, String hint) {
        StringBuilder message = new StringBuilder(what);
        if (value != null) {
            message.append(": ").append(value);
        }
        if (hint != null) {
            message.append("; ").append(hint);
        }
        errors.add(new ValidationError(path, message.toString()));
    }

    /** False, with the error added, if {@code value} has a NUL byte ({@link #nulByte}). */
    private boolean cString(String path, String value) {
        ValidationError error = nulByte(path, value);
        if (error != null) {
            errors.add(error);
        }
        return error == null;
    }

    /** {@link #cString} of each element, as {@code path[i]}. */
    private void cStrings(String path, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            cString(JsonPath.element(path, i), values.get(i));
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean isAbsolute(String path) {
        return path.startsWith("/");
    }
}
