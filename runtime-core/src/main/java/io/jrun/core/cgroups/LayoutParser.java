package io.jrun.core.cgroups;

import io.jrun.spec.Quote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link CgroupLayout} from mountinfo and /proc/PID/cgroup text. */
final class LayoutParser {
    private LayoutParser() {}

    /** Holds the host's layout, read on first use. */
    static final class Host {
        private Host() {}

        static final CgroupLayout LAYOUT = CgroupLayout.detect();
    }

    /**
     * A line of /proc/PID/cgroup, "4:cpu,cpuacct:/user.slice": the hierarchy's subsystem list
     * as printed ("" for the v2 hierarchy), and the process's cgroup in it.
     */
    private record ProcLine(String subsystems, String path) {}

    static CgroupLayout parse(String mountinfo, String mountinfoName, String procCgroup, String procCgroupName) {
        Map<String, ProcLine> own = procCgroup(procCgroup, procCgroupName);
        List<MountInfo.Mount> mounts = MountInfo.cgroupMounts(mountinfo);
        List<V1Hierarchy> v1 = v1Hierarchies(mounts, own);
        Map<String, Path> v1Controllers = new LinkedHashMap<>();
        for (V1Hierarchy h : v1) {
            for (String c : h.controllers()) {
                v1Controllers.put(c, h.mountPoint());
            }
        }
        List<MountInfo.Mount> cgroup2 = mounts.stream().filter(m -> m.fsType().equals("cgroup2")).toList();
        MountInfo.Mount atRoot = at(cgroup2, CgroupLayout.ROOT);
        MountInfo.Mount atHybrid = at(cgroup2, CgroupLayout.HYBRID_UNIFIED);
        if (atRoot != null) {
            return new CgroupLayout.Unified(hierarchy(atRoot, own, procCgroupName, v1Controllers));
        }
        if (!v1Controllers.isEmpty()) {
            if (atHybrid != null) {
                return new CgroupLayout.Hybrid(hierarchy(atHybrid, own, procCgroupName, v1Controllers), v1);
            }
            return new CgroupLayout.Legacy(v1, cgroup2.stream().map(MountInfo.Mount::point).toList());
        }
        if (!cgroup2.isEmpty()) {
            // No v1 controllers: this cgroup2 is where the controllers are, wherever it is mounted.
            MountInfo.Mount m = atHybrid != null ? atHybrid : cgroup2.get(0);
            return new CgroupLayout.Unified(hierarchy(m, own, procCgroupName, v1Controllers));
        }
        if (!v1.isEmpty()) {
            return new CgroupLayout.Legacy(v1, List.of()); // named hierarchies only
        }
        throw new CgroupException("find the host's cgroup hierarchies: no cgroup filesystem is mounted (" + mountinfoName
                + " has no cgroup2 line, and no cgroup line for a hierarchy that " + procCgroupName + " lists)");
    }

    /**
     * The v1 hierarchies, one mount each. Options count as subsystems only if /proc/PID/cgroup
     * lists them, as in runc's getCgroupMountsV1, which leaves out flags (xattr, clone_children,
     * release_agent=) and subsystems of hierarchies this process is not in; a subsystem listed but
     * not mounted has no hierarchy here.
     *
     * <p>A hierarchy mounted more than once (bind mounts, Bedrock Linux's strata, a container's
     * view next to the host's) is taken from the first mount directly below /sys/fs/cgroup, else
     * the first in mountinfo order: runc's FindCgroupMountpoint tries /sys/fs/cgroup/SUBSYSTEM
     * first (tryDefaultPath), then takes the first mountinfo line with the subsystem.
     */
    private static List<V1Hierarchy> v1Hierarchies(List<MountInfo.Mount> mounts, Map<String, ProcLine> own) {
        Map<String, V1Hierarchy> byLine = new LinkedHashMap<>();
        for (MountInfo.Mount m : mounts) {
            if (!m.fsType().equals("cgroup")) {
                continue;
            }
            List<String> controllers = new ArrayList<>();
            String name = "";
            ProcLine line = null;
            for (String option : m.superOptions()) {
                if (option.isEmpty() || !own.containsKey(option)) {
                    continue;
                }
                line = own.get(option);
                if (option.startsWith(V1Hierarchy.NAME_PREFIX)) {
                    name = option.substring(V1Hierarchy.NAME_PREFIX.length());
                } else {
                    controllers.add(option);
                }
            }
            if (line == null) {
                continue;
            }
            V1Hierarchy h = new V1Hierarchy(controllers, name, m.point(), m.root(), line.path());
            V1Hierarchy seen = byLine.get(line.subsystems());
            if (seen == null || (!inRoot(seen) && inRoot(h))) {
                byLine.put(line.subsystems(), h);
            }
        }
        return List.copyOf(byLine.values());
    }

    private static boolean inRoot(V1Hierarchy h) {
        return CgroupLayout.ROOT.equals(h.mountPoint().getParent());
    }

    private static MountInfo.Mount at(List<MountInfo.Mount> mounts, Path point) {
        for (MountInfo.Mount m : mounts) {
            if (m.point().equals(point)) {
                return m;
            }
        }
        return null;
    }

    /** The v2 hierarchy of a cgroup2 mount, with the caller's cgroup from the "0::" line. */
    private static Hierarchy hierarchy(MountInfo.Mount m, Map<String, ProcLine> own, String procCgroupName,
            Map<String, Path> v1Controllers) {
        ProcLine line = own.get("");
        if (line == null || !line.path().startsWith("/")) {
            throw new CgroupException("find the caller's cgroup: " + procCgroupName
                    + " has no \"0::/...\" line for the cgroup v2 hierarchy");
        }
        String path = line.path();
        // Inside a mount of a subtree (a container's /sys/fs/cgroup), the mount's root is a prefix
        // of our cgroup as the kernel prints it; paths under the mount point are relative to it.
        String root = m.root();
        if (!root.equals("/") && (path.equals(root) || path.startsWith(root + "/"))) {
            path = path.substring(root.length());
            if (path.isEmpty()) {
                path = "/";
            }
        }
        return new Hierarchy(m.point(), path, v1Controllers);
    }

    /**
     * Subsystem (or "name=systemd", or "" for v2) to its line, as runc's parseCgroupFromReader:
     * "hierarchy-ID:subsystem-list:cgroup-path", the path possibly holding colons itself.
     */
    private static Map<String, ProcLine> procCgroup(String text, String name) {
        Map<String, ProcLine> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                throw new CgroupException("read " + name + ": invalid cgroup entry " + Quote.value(line)
                        + ": must contain at least two colons");
            }
            ProcLine entry = new ProcLine(parts[1], parts[2]);
            for (String subsystem : parts[1].split(",", -1)) {
                out.putIfAbsent(subsystem, entry);
            }
        }
        return out;
    }
}
