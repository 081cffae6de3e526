package io.jrun.spec;

import java.util.List;
import java.util.Map;

/**
 * The {@code features} document (features.md, features-linux.md): what the runtime recognises.
 * Everything is optional; in nested objects a null list or flag means "unknown", not "none".
 *
 * @param ociVersionMin                      lowest spec version recognised
 * @param ociVersionMax                      highest spec version recognised
 * @param hooks                              recognised hook names
 * @param mountOptions                       recognised mount options
 * @param linux                              Linux-specific features
 * @param annotations                        implementation details, e.g. its version
 * @param potentiallyUnsafeConfigAnnotations config annotations that can change behaviour in unsafe
 *                                           ways; a value ending in "." is a prefix
 */
public record Features(
        String ociVersionMin,
        String ociVersionMax,
        List<String> hooks,
        List<String> mountOptions,
        Linux linux,
        Map<String, String> annotations,
        List<String> potentiallyUnsafeConfigAnnotations) {

    public Features {
        hooks = Copies.list(hooks);
        mountOptions = Copies.list(mountOptions);
        annotations = Copies.map(annotations);
        potentiallyUnsafeConfigAnnotations = Copies.list(potentiallyUnsafeConfigAnnotations);
    }

    /** {@code linux} of the features document. */
    public record Linux(
            List<String> namespaces,
            List<String> capabilities,
            Cgroup cgroup,
            Seccomp seccomp,
            Apparmor apparmor,
            Selinux selinux,
            IntelRdt intelRdt,
            MemoryPolicy memoryPolicy,
            MountExtensions mountExtensions,
            NetDevices netDevices) {

        public Linux {
            namespaces = Copies.list(namespaces);
            capabilities = Copies.list(capabilities);
        }
    }

    /** Which cgroup managers the runtime implements (not what the host has). */
    public record Cgroup(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma) {}

    /** The runtime's seccomp support. */
    public record Seccomp(
            Boolean enabled,
            List<String> actions,
            List<String> operators,
            List<String> archs,
            List<String> knownFlags,
            List<String> supportedFlags) {

        public Seccomp {
            actions = Copies.list(actions);
            operators = Copies.list(operators);
            archs = Copies.list(archs);
            knownFlags = Copies.list(knownFlags);
            supportedFlags = Copies.list(supportedFlags);
        }
    }

    public record Apparmor(Boolean enabled) {}

    public record Selinux(Boolean enabled) {}

    /** Intel RDT support; {@code schemata} and {@code monitoring} name the config fields handled. */
    public record IntelRdt(Boolean enabled, Boolean schemata, Boolean monitoring) {}

    /** Recognised {@code linux.memoryPolicy} modes and flags. */
    public record MemoryPolicy(List<String> modes, List<String> flags) {
        public MemoryPolicy {
            modes = Copies.list(modes);
            flags = Copies.list(flags);
        }
    }

    public record MountExtensions(IdMap idmap) {}

    /** Whether id-mapped mounts ({@code mounts[].uidMappings}) are recognised. */
    public record IdMap(Boolean enabled) {}

    /** Whether {@code linux.netDevices} is supported. */
    public record NetDevices(Boolean enabled) {}
}
