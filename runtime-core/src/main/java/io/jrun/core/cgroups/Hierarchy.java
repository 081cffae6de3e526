package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the cgroup v2 (unified) hierarchy is and where the calling process sits in it.
 *
 * <p>On a pure v2 host the unified hierarchy is mounted at {@code /sys/fs/cgroup}; on a hybrid
 * host (systemd's "hybrid" layout, like the build machines) it is at {@code
 * /sys/fs/cgroup/unified} and the controllers live on v1 hierarchies next to it. jrun uses the
 * unified hierarchy only; the v1 mounts are remembered to explain why a controller is missing.
 * It is the v2 part of the host's {@link CgroupLayout}.
 *
 * @param mountPoint    where the cgroup2 filesystem is mounted, e.g. {@code /sys/fs/cgroup}
 * @param ownCgroup     the caller's cgroup, relative to the mount ("0::" line of
 *                      /proc/self/cgroup), always absolute, e.g. {@code /user.slice/session-1.scope}
 * @param v1Controllers v1 controllers mounted on this host and their mount points
 */
public record Hierarchy(Path mountPoint, String ownCgroup, Map<String, Path> v1Controllers) {
    public static final Path PROC_SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");
    public static final Path PROC_SELF_CGROUP = Path.of("/proc/self/cgroup");

    public Hierarchy {
        v1Controllers = Collections.unmodifiableMap(new LinkedHashMap<>(v1Controllers));
    }

    /** The calling process's view, from /proc/self. */
    public static Hierarchy detect() {
        return detect(PROC_SELF_MOUNTINFO, PROC_SELF_CGROUP);
    }

    /** The hierarchy described by a mountinfo file and a /proc/PID/cgroup file. */
    public static Hierarchy detect(Path mountinfo, Path procCgroup) {
        return of(CgroupLayout.detect(mountinfo, procCgroup), mountinfo.toString());
    }

    /**
     * Parses mountinfo and /proc/PID/cgroup text.
     *
     * @throws CgroupException if there is no cgroup2 mount jrun can use or no "0::" line
     */
    public static Hierarchy parse(String mountinfo, String mountinfoName, String procCgroup, String procCgroupName) {
        return of(CgroupLayout.parse(mountinfo, mountinfoName, procCgroup, procCgroupName), mountinfoName);
    }

    /**
     * The unified hierarchy of a layout.
     *
     * @param mountinfoName the file the layout was read from, named in the error
     * @throws CgroupException on a legacy (v1 only) host
     */
    public static Hierarchy of(CgroupLayout layout, String mountinfoName) {
        return switch (layout) {
            case CgroupLayout.Unified u -> u.unified();
            case CgroupLayout.Hybrid h -> h.unified();
            case CgroupLayout.Legacy l -> throw noUnified(l, mountinfoName);
        };
    }

    private static CgroupException noUnified(CgroupLayout.Legacy legacy, String mountinfoName) {
        String why = "no cgroup2 filesystem is mounted (" + mountinfoName + " has no cgroup2 line)";
        if (!legacy.unusedCgroup2().isEmpty()) {
            // Cilium's /run/cilium/cgroupv2 on a v1 host: a cgroup2 with none of the controllers.
            why = "the controllers are on cgroup v1, and " + mountinfoName + " has cgroup2 only at "
                    + String.join(", ", legacy.unusedCgroup2().stream().map(Path::toString).toList())
                    + ", not at " + CgroupLayout.HYBRID_UNIFIED + " where systemd's hybrid layout mounts it";
        }
        return new CgroupException("find the cgroup v2 hierarchy: " + why
                + "; jrun needs the unified hierarchy, at /sys/fs/cgroup or /sys/fs/cgroup/unified");
    }

    /** The root of the unified hierarchy: the mount point. */
    public Path root() {
        return mountPoint;
    }

    /** The caller's own cgroup directory. */
    public Path ownCgroupDir() {
        return CgroupPaths.under(mountPoint, ownCgroup);
    }

    /** True when v1 controller hierarchies are mounted too (systemd's hybrid layout). */
    public boolean hybrid() {
        return !v1Controllers.isEmpty();
    }
}
