package io.jrun.spec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration {@code jrun spec} writes: the same content as {@code runc spec} (runc's
 * specconv.Example and ToRootless), with {@link SpecVersion#CURRENT} as its version.
 */
public final class SpecDefaults {
    private SpecDefaults() {}

    private static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    /** The example configuration: {@code sh} on a read-only {@code rootfs}, as root, with a terminal. */
    public static Spec example() {
        Process process = new Process(
                true,
                null,
                new User(0, 0, null, null, null),
                List.of("sh"),
                null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/",
                new LinuxCapabilities(DEFAULT_CAPABILITIES, DEFAULT_CAPABILITIES, null, DEFAULT_CAPABILITIES,
                        DEFAULT_CAPABILITIES),
                List.of(new PosixRlimit("RLIMIT_NOFILE", 1024, 1024)),
                true,
                null, null, null, null, null, null);
        List<Mount> mounts = List.of(
                mount("/proc", "proc", "proc"),
                mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
                mount("/dev/pts", "devpts", "devpts",
                        "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
                mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
                mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
                mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
                mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));
        LinuxResources resources = new LinuxResources(
                List.of(new LinuxDeviceCgroup(false, null, null, null, "rwm")),
                null, null, null, null, null, null, null, null);
        List<LinuxNamespace> namespaces = List.of(
                new LinuxNamespace(LinuxNamespace.PID, null),
                new LinuxNamespace(LinuxNamespace.NETWORK, null),
                new LinuxNamespace(LinuxNamespace.IPC, null),
                new LinuxNamespace(LinuxNamespace.UTS, null),
                new LinuxNamespace(LinuxNamespace.MOUNT, null));
        Linux linux = new Linux(null, null, null, resources, null, namespaces, null, null, null, null,
                List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"),
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                null, null, null, null, null);
        return new Spec(SpecVersion.CURRENT, process, new Root("rootfs", true), "runc", null, mounts, null, null, linux);
    }

    /** {@link #example()} made rootless for the user {@code uid}/{@code gid} ({@code spec --rootless}). */
    public static Spec rootless(long uid, long gid) {
        return toRootless(example(), uid, gid);
    }

    /**
     * What runc's ToRootless does: no network namespace (an unprivileged user cannot set one up) and
     * a new user namespace mapping container root to {@code uid}/{@code gid}; {@code /sys} bind
     * mounted from the host (sysfs cannot be mounted without a network namespace of one's own);
     * {@code uid=}/{@code gid=} mount options dropped (they name ids that are not mapped); no cgroup
     * resources (an unprivileged user usually cannot write them).
     */
    public static Spec toRootless(Spec spec, long uid, long gid) {
        Linux linux = spec.linux();
        List<LinuxNamespace> namespaces = new ArrayList<>();
        for (LinuxNamespace ns : linux == null ? List.<LinuxNamespace>of() : linux.namespacesOrEmpty()) {
            if (!LinuxNamespace.NETWORK.equals(ns.type()) && !LinuxNamespace.USER.equals(ns.type())) {
                namespaces.add(ns);
            }
        }
        namespaces.add(new LinuxNamespace(LinuxNamespace.USER, null));

        List<Mount> mounts = new ArrayList<>();
        for (Mount m : spec.mountsOrEmpty()) {
            if (isSys(m.destination())) {
                mounts.add(new Mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"),
                        null, null));
                continue;
            }
            List<String> options = m.optionsOrEmpty().stream()
                    .filter(o -> !o.startsWith("uid=") && !o.startsWith("gid="))
                    .toList();
            mounts.add(new Mount(m.destination(), m.type(), m.source(), m.options() == null ? null : options,
                    m.uidMappings(), m.gidMappings()));
        }

        Linux base = linux != null ? linux
                : new Linux(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null);
        Linux rootlessLinux = new Linux(
                List.of(new LinuxIdMapping(0, uid, 1)),
                List.of(new LinuxIdMapping(0, gid, 1)),
                base.sysctl(), null, base.cgroupsPath(), namespaces, base.devices(), base.netDevices(),
                base.seccomp(), base.rootfsPropagation(), base.maskedPaths(), base.readonlyPaths(),
                base.mountLabel(), base.intelRdt(), base.memoryPolicy(), base.personality(), base.timeOffsets());
        return new Spec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.domainname(), mounts,
                spec.hooks(), spec.annotations(), rootlessLinux);
    }

    /** Whether a mount destination names /sys, however spelt ("/sys/", "//sys"...). */
    private static boolean isSys(String destination) {
        try {
            return destination != null && Path.of(destination).normalize().equals(Path.of("/sys"));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Mount mount(String destination, String type, String source, String... options) {
        return new Mount(destination, type, source, options.length == 0 ? null : List.of(options), null, null);
    }
}
