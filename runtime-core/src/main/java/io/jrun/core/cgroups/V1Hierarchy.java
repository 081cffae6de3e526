package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One cgroup v1 hierarchy as the calling process sees it: where it is mounted, what is mounted
 * of it, and the caller's cgroup in it (runc's cgroups.Mount plus the hierarchy's line of
 * /proc/self/cgroup).
 *
 * @param controllers the subsystems bound to it, co-mounted ones together, e.g. [cpu, cpuacct];
 *                    empty for a named hierarchy such as systemd's
 * @param name        a named hierarchy's name ("systemd" for "name=systemd"), or ""
 * @param mountPoint  where it is mounted, e.g. {@code /sys/fs/cgroup/cpu,cpuacct}
 * @param mountRoot   the hierarchy's directory that is mounted there (mountinfo field 4): "/", or
 *                    the container's own cgroup when a container's runtime bind-mounted only that
 * @param ownCgroup   the caller's cgroup in the hierarchy as /proc/self/cgroup prints it, relative
 *                    to the root of the caller's cgroup namespace, e.g. {@code /user.slice}
 */
public record V1Hierarchy(List<String> controllers, String name, Path mountPoint, String mountRoot, String ownCgroup) {
    /** The prefix of a named hierarchy in mount options and /proc/self/cgroup. */
    static final String NAME_PREFIX = "name=";

    public V1Hierarchy {
        controllers = List.copyOf(controllers);
    }

    /**
     * The names /proc/self/cgroup and runc's paths map use for it: the controllers, then
     * "name=systemd" for a named hierarchy.
     */
    public List<String> subsystems() {
        if (name.isEmpty()) {
            return controllers;
        }
        List<String> out = new ArrayList<>(controllers);
        out.add(NAME_PREFIX + name);
        return List.copyOf(out);
    }

    /** For messages: "cpu,cpuacct", "name=systemd". */
    public String label() {
        return String.join(",", subsystems());
    }

    /** The directory of an absolute, clean cgroup path of this hierarchy, below the mount point. */
    public Path dir(String absolute) {
        return CgroupPaths.under(mountPoint, absolute);
    }

    /**
     * The caller's cgroup relative to the mount, as an absolute path ("/" for the mount point
     * itself): runc's getCgroupPathHelper, filepath.Rel(root, cgroup), for nested containers whose
     * /proc/self/cgroup shows the host's path while only their own part of it is mounted.
     *
     * @throws CgroupException if the caller's cgroup cannot be reached through the mount: outside
     *                         the mounted directory, or above the cgroup namespace ("/.."), where
     *                         runc's Rel would climb out of the mount or clean ".." away
     */
    public String ownCgroupInMount() {
        if (hasDotDot(ownCgroup) || hasDotDot(mountRoot)) {
            throw outside("lies outside this process's cgroup namespace");
        }
        String own = CgroupPaths.clean(ownCgroup);
        String root = CgroupPaths.clean(mountRoot);
        if (root.equals("/")) {
            return own;
        }
        if (own.equals(root)) {
            return "/";
        }
        if (own.startsWith(root + "/")) {
            return own.substring(root.length());
        }
        throw outside("is not below the directory " + root + " that is mounted there");
    }

    private CgroupException outside(String why) {
        return new CgroupException("find this process's cgroup in the " + label() + " hierarchy: " + ownCgroup
                + " (from /proc/self/cgroup) " + why + " (mount " + mountPoint + ", root " + mountRoot + ")");
    }

    private static boolean hasDotDot(String path) {
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
