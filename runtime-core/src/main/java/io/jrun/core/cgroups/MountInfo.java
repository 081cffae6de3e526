package io.jrun.core.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cgroup lines of /proc/PID/mountinfo (proc(5)), in the order the kernel lists them. */
final class MountInfo {
    private MountInfo() {}

    /**
     * One mount of a cgroup or cgroup2 filesystem.
     *
     * @param root         field 4: the directory of the hierarchy that is mounted, "/" unless a
     *                     sub-directory was (bind) mounted, as a container's /sys/fs/cgroup/memory is
     * @param point        field 5: where it is mounted
     * @param fsType       "cgroup" (v1) or "cgroup2"
     * @param superOptions the options after the fs type and source: for v1 the subsystems, "name=",
     *                     and flags such as "rw", "xattr", "clone_children"
     */
    record Mount(String root, Path point, String fsType, List<String> superOptions) {
        Mount {
            superOptions = List.copyOf(superOptions);
        }
    }

    /** The cgroup and cgroup2 mounts; other lines, and lines too short to be mounts, are skipped. */
    static List<Mount> cgroupMounts(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            // 41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            // Optional fields (shared:4 ...) come before the " - " separator, so split there.
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || !(right[0].equals("cgroup") || right[0].equals("cgroup2"))) {
                continue;
            }
            List<String> options = right.length >= 3 ? List.of(right[2].split(",")) : List.of();
            out.add(new Mount(unescape(left[3]), Path.of(unescape(left[4])), right[0], options));
        }
        return out;
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
}
