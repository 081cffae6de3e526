package io.jrun.core.cgroups;

import java.io.IOException;
import java.nio.file.Files;
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
        return parse(read(mountinfo), mountinfo.toString(), read(procCgroup), procCgroup.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CgroupException("find the cgroup v2 hierarchy: read " + file + ": " + Messages.of(e), e);
        }
    }

    /**
     * Parses mountinfo and /proc/PID/cgroup text.
     *
     * @throws CgroupException if there is no cgroup2 mount or no "0::" line
     */
    public static Hierarchy parse(String mountinfo, String mountinfoName, String procCgroup, String procCgroupName) {
        Path mountPoint = null;
        String mountRoot = "/";
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String line : mountinfo.split("\n")) {
            // 41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 1) {
                continue;
            }
            String fsType = right[0];
            Path point = Path.of(unescape(left[4]));
            if (fsType.equals("cgroup2")) {
                // Prefer the standard places if there are several mounts (bind mounts, nested
                // container layouts): /sys/fs/cgroup, then the hybrid /sys/fs/cgroup/unified.
                if (mountPoint == null || rank(point) < rank(mountPoint)) {
                    mountPoint = point;
                    mountRoot = unescape(left[3]);
                }
            } else if (fsType.equals("cgroup") && right.length >= 3) {
                for (String option : right[2].split(",")) {
                    if (!option.isEmpty() && !option.equals("rw") && !option.equals("ro") && !option.contains("=")) {
                        v1.putIfAbsent(option, point);
                    }
                }
            }
        }
        if (mountPoint == null) {
            throw new CgroupException("find the cgroup v2 hierarchy: no cgroup2 filesystem is mounted (" + mountinfoName
                    + " has no cgroup2 line); jrun needs the unified hierarchy, at /sys/fs/cgroup or /sys/fs/cgroup/unified");
        }
        String own = null;
        for (String line : procCgroup.split("\n")) {
            if (line.startsWith("0::")) {
                own = line.substring(3);
                break;
            }
        }
        if (own == null || !own.startsWith("/")) {
            throw new CgroupException("find the caller's cgroup: " + procCgroupName
                    + " has no \"0::/...\" line for the cgroup v2 hierarchy");
        }
        // Inside a mount of a subtree (a container's /sys/fs/cgroup), the mount's root is a prefix
        // of our cgroup as the kernel prints it; paths under the mount point are relative to it.
        if (!mountRoot.equals("/") && (own.equals(mountRoot) || own.startsWith(mountRoot + "/"))) {
            own = own.substring(mountRoot.length());
            if (own.isEmpty()) {
                own = "/";
            }
        }
        return new Hierarchy(mountPoint, own, v1);
    }

    private static int rank(Path point) {
        if (point.equals(Path.of("/sys/fs/cgroup"))) {
            return 0;
        }
        if (point.equals(Path.of("/sys/fs/cgroup/unified"))) {
            return 1;
        }
        return 2;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2)) && isOctal(s.charAt(i + 3))) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
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
