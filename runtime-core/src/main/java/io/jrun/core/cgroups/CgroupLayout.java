package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.util.List;

/**
 * How this host's cgroups are mounted, as the calling process sees them, decided the way runc
 * decides it (libcontainer/cgroups/utils.go): by what is mounted at /sys/fs/cgroup and
 * /sys/fs/cgroup/unified.
 *
 * <ul>
 *   <li>{@link Unified}: cgroup2 at /sys/fs/cgroup (runc's IsCgroup2UnifiedMode). v1 hierarchies
 *       mounted elsewhere are not used (their controllers are kept only to explain errors);
 *   <li>{@link Hybrid}: controllers on v1 hierarchies, and a cgroup2 at /sys/fs/cgroup/unified
 *       (systemd's hybrid layout, runc's IsCgroup2HybridMode), which holds processes but, on the
 *       usual host, no controllers. The build machines are this;
 *   <li>{@link Legacy}: controllers on v1 hierarchies only, usually with systemd's named
 *       hierarchy next to them (CentOS 7). A cgroup2 mounted somewhere else (Cilium mounts one at
 *       /run/cilium/cgroupv2 for its BPF programs) does not make the host hybrid: runc ignores it.
 * </ul>
 *
 * A cgroup2 mount anywhere with no v1 controller hierarchy is unified too: there is nowhere else
 * a controller could be.
 */
public sealed interface CgroupLayout permits CgroupLayout.Unified, CgroupLayout.Hybrid, CgroupLayout.Legacy {
    /** Where runc looks for the v2 hierarchy of a pure v2 host, and for v1 mounts. */
    Path ROOT = Path.of("/sys/fs/cgroup");

    /** Where systemd's hybrid layout mounts the v2 hierarchy (runc's hybridMountpoint). */
    Path HYBRID_UNIFIED = ROOT.resolve("unified");

    /** The name the features document and error messages use: "unified", "hybrid" or "legacy". */
    String name();

    /** The v1 hierarchies a v1 manager uses, in mountinfo order; none on a unified host. */
    List<V1Hierarchy> v1();

    /**
     * Pure v2.
     *
     * @param unified the v2 hierarchy; its {@link Hierarchy#v1Controllers()} lists v1 controllers
     *                mounted elsewhere, which runc does not use
     */
    record Unified(Hierarchy unified) implements CgroupLayout {
        @Override
        public String name() {
            return "unified";
        }

        @Override
        public List<V1Hierarchy> v1() {
            return List.of();
        }
    }

    /**
     * v1 controllers, and the v2 hierarchy at /sys/fs/cgroup/unified.
     *
     * @param unified the v2 hierarchy at /sys/fs/cgroup/unified
     * @param v1      the v1 hierarchies
     */
    record Hybrid(Hierarchy unified, List<V1Hierarchy> v1) implements CgroupLayout {
        public Hybrid {
            v1 = List.copyOf(v1);
        }

        @Override
        public String name() {
            return "hybrid";
        }
    }

    /**
     * v1 only.
     *
     * @param v1            the v1 hierarchies
     * @param unusedCgroup2 cgroup2 mounts that are not where runc looks for one (not
     *                      /sys/fs/cgroup, not /sys/fs/cgroup/unified), named in errors
     */
    record Legacy(List<V1Hierarchy> v1, List<Path> unusedCgroup2) implements CgroupLayout {
        public Legacy {
            v1 = List.copyOf(v1);
            unusedCgroup2 = List.copyOf(unusedCgroup2);
        }

        @Override
        public String name() {
            return "legacy";
        }
    }

    /** This host's layout as the calling process sees it, found once per process. */
    static CgroupLayout host() {
        return LayoutParser.Host.LAYOUT;
    }

    /** The calling process's view, read now from /proc/self. */
    static CgroupLayout detect() {
        return detect(Hierarchy.PROC_SELF_MOUNTINFO, Hierarchy.PROC_SELF_CGROUP);
    }

    /** The layout described by a mountinfo file and a /proc/PID/cgroup file of the same process. */
    static CgroupLayout detect(Path mountinfo, Path procCgroup) {
        String doing = "find the host's cgroup hierarchies";
        return parse(CgroupFiles.read(mountinfo, doing), mountinfo.toString(),
                CgroupFiles.read(procCgroup, doing), procCgroup.toString());
    }

    /**
     * The layout described by mountinfo and /proc/PID/cgroup text; the names are the files they
     * came from, for errors.
     *
     * @throws CgroupException if no cgroup filesystem is mounted, or /proc/PID/cgroup is malformed
     */
    static CgroupLayout parse(String mountinfo, String mountinfoName, String procCgroup, String procCgroupName) {
        return LayoutParser.parse(mountinfo, mountinfoName, procCgroup, procCgroupName);
    }
}
