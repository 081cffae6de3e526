package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A container's cgroup directories on a v1 host (legacy or hybrid), derived as runc 1.1's fs
 * driver derives them (libcontainer/cgroups/fs/paths.go, initPaths and subsysPath):
 *
 * <ul>
 *   <li>the path is {@link CgroupPaths#innerPath}: {@code linux.cgroupsPath} cleaned, else the
 *       container id as a relative path; cleaning keeps it from climbing out with "..";
 *   <li>absolute: that path below each hierarchy's mount point (runc joins the cgroup root,
 *       /sys/fs/cgroup, with the mount point's last name: the same directory when, as systemd
 *       and cgroupfs-mount do it, the hierarchies are mounted side by side in that root);
 *   <li>relative: below the caller's <em>own</em> cgroup in each hierarchy (GetOwnCgroupPath),
 *       not its parent as on v2: a v1 cgroup may have both processes and children. Each
 *       hierarchy has its own, so the directories can differ in more than their mount point
 *       (the build machines' memory cgroup is /process_api/ID, their cpu cgroup /);
 *   <li>one directory for co-mounted subsystems (cpu and cpuacct on CentOS 7 both map to
 *       /sys/fs/cgroup/cpu,cpuacct/...), and one for systemd's named hierarchy, which runc joins
 *       too ({@code &NameGroup{GroupName: "name=systemd", Join: true}});
 *   <li>on a hybrid host, also a directory in the v2 hierarchy: runc's fs driver adds a "" group
 *       when IsCgroup2HybridMode and only puts the process in it (no resources). For it
 *       FindCgroupMountpoint and GetOwnCgroupPath both answer /sys/fs/cgroup/unified, so the
 *       path, absolute or relative, is below the mount point: the caller's own v2 cgroup plays
 *       no part;
 *   <li>a subsystem not mounted has no directory (runc skips it, failing only for devices unless
 *       SkipDevices: that is the manager's call); subsystems runc's fs driver does not know
 *       (misc, debug, other named hierarchies) are not joined.
 * </ul>
 *
 * @param subsystems subsystem (or "name=systemd") to its directory, in the order of {@link
 *                   #SUBSYSTEMS}, the keys runc's state.json uses for cgroup_paths
 * @param unified    the directory in the v2 hierarchy of a hybrid host
 */
public record V1Paths(Map<String, Path> subsystems, Optional<Path> unified) {
    /**
     * The subsystems of runc 1.1's fs driver in its order (fs.go {@code subsystems}), in which
     * it creates, joins and configures them: cpuset first, whose parents need cpus and mems
     * before a child can have any.
     */
    public static final List<String> SUBSYSTEMS = List.of("cpuset", "devices", "memory", "cpu", "cpuacct", "pids",
            "blkio", "hugetlb", "net_cls", "net_prio", "perf_event", "freezer", "rdma", "name=systemd");

    public V1Paths {
        subsystems = Collections.unmodifiableMap(new LinkedHashMap<>(subsystems));
    }

    /**
     * The container's directories on a v1 host.
     *
     * @param cgroupsPath {@code linux.cgroupsPath}, may be null
     * @param containerId used when {@code cgroupsPath} is absent
     * @throws CgroupException on a unified host, if the path names no cgroup of its own, or if a
     *                         relative path cannot be placed below the caller's cgroup
     */
    public static V1Paths of(CgroupLayout layout, String cgroupsPath, String containerId) {
        Map<String, V1Hierarchy> mounted = mounted(layout);
        V1Hierarchy first = mounted.values().iterator().next();
        String inner = CgroupPaths.innerPath(cgroupsPath, containerId, p -> dir(first, p));
        return place(layout, mounted, inner);
    }

    /**
     * The directories of one absolute, clean cgroup path, below each hierarchy's mount point and
     * the v2 one of a hybrid host, whatever the caller's own cgroups: where systemd puts a unit on
     * a v1 host (runc 1.1.6's systemd v1 getSubsystemPath: mount point, expanded slice, unit).
     *
     * @throws CgroupException on a unified host
     */
    public static V1Paths below(CgroupLayout layout, String absolute) {
        return place(layout, mounted(layout), absolute);
    }

    /** The subsystems of {@link #SUBSYSTEMS} this host mounts, each to its hierarchy. */
    private static Map<String, V1Hierarchy> mounted(CgroupLayout layout) {
        List<V1Hierarchy> v1 = switch (layout) {
            case CgroupLayout.Unified u -> throw new CgroupException("cgroup v1 paths: this host is unified (cgroup2 at "
                    + u.unified().mountPoint() + "), where a container has one cgroup directory");
            case CgroupLayout.Hybrid h -> h.v1();
            case CgroupLayout.Legacy l -> l.v1();
        };
        Map<String, V1Hierarchy> mounted = new LinkedHashMap<>();
        for (String subsystem : SUBSYSTEMS) {
            for (V1Hierarchy h : v1) {
                if (h.subsystems().contains(subsystem)) {
                    mounted.put(subsystem, h);
                    break;
                }
            }
        }
        if (mounted.isEmpty()) {
            throw new CgroupException("cgroup v1 paths: none of " + String.join(", ", SUBSYSTEMS) + " is mounted"
                    + " (the v1 hierarchies: " + String.join("; ", v1.stream().map(V1Hierarchy::label).toList()) + ")");
        }
        return mounted;
    }

    /**
     * The directories of {@code inner} (an absolute or relative clean path) in each hierarchy,
     * and in the v2 one of a hybrid host, always below its mount point: there runc's
     * FindCgroupMountpoint and GetOwnCgroupPath both answer /sys/fs/cgroup/unified.
     */
    private static V1Paths place(CgroupLayout layout, Map<String, V1Hierarchy> mounted, String inner) {
        Map<V1Hierarchy, Path> dirs = new HashMap<>();
        Map<String, Path> out = new LinkedHashMap<>();
        mounted.forEach((subsystem, h) -> out.put(subsystem, dirs.computeIfAbsent(h, x -> dir(x, inner))));
        Optional<Path> unified = layout instanceof CgroupLayout.Hybrid h
                ? Optional.of(CgroupPaths.under(h.unified().mountPoint(), inner))
                : Optional.empty();
        return new V1Paths(out, unified);
    }

    /** runc's subsysPath for one hierarchy. */
    private static Path dir(V1Hierarchy h, String inner) {
        return h.dir(inner.startsWith("/") ? inner : CgroupPaths.clean(h.ownCgroupInMount() + "/" + inner));
    }

    /**
     * Every directory once, subsystems' first, in their order, then the v2 one: what to create
     * and join, and (in reverse) to remove.
     */
    public Set<Path> directories() {
        Set<Path> out = new LinkedHashSet<>(subsystems.values());
        unified.ifPresent(out::add);
        return Collections.unmodifiableSet(out);
    }
}
