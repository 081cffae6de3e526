package io.jrun.core.cgroups.systemd;

/**
 * systemd slices and where their cgroups are. systemd nests slices by name, each dash a level
 * down: "a-b-c.slice" is in "a-b.slice", which is in "a.slice", which is in the root slice
 * "-.slice", whose cgroup is the root of the hierarchy.
 */
public final class Slices {
    private Slices() {}

    public static final String SUFFIX = ".slice";

    /** The root slice. */
    public static final String ROOT = "-.slice";

    /**
     * runc's ExpandSlice: the cgroup of a slice, relative to the manager's root cgroup, e.g.
     * "/a.slice/a-b.slice/a-b-c.slice"; "/" for "-.slice".
     *
     * @throws IllegalArgumentException in runc's words, "invalid slice name: NAME", for a name
     *                                  that does not end in ".slice", has a slash, or has an
     *                                  empty part between dashes ("a--b.slice", "-a.slice",
     *                                  "a-.slice", ".slice")
     */
    public static String expand(String slice) {
        if (!slice.endsWith(SUFFIX) || slice.indexOf('/') >= 0) {
            throw invalid(slice);
        }
        String name = slice.substring(0, slice.length() - SUFFIX.length());
        if (name.equals("-")) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        int start = 0;
        while (true) {
            int dash = name.indexOf('-', start);
            int end = dash < 0 ? name.length() : dash;
            if (end == start) {
                throw invalid(slice);
            }
            // Each level is named by every part up to here: a, a-b, a-b-c.
            path.append('/').append(name, 0, end).append(SUFFIX);
            if (dash < 0) {
                return path.toString();
            }
            start = dash + 1;
        }
    }

    /**
     * The slice that systemd puts {@code slice} in, by its name: "a.slice" for "a-b.slice",
     * "-.slice" for "a.slice" (systemd's slice_build_parent_slice).
     *
     * @throws IllegalArgumentException as {@link #expand}, and for "-.slice", which has none
     */
    public static String parent(String slice) {
        String path = expand(slice);
        if (path.equals("/")) {
            throw new IllegalArgumentException("the root slice " + ROOT + " has no parent");
        }
        int last = path.lastIndexOf('/');
        return last == 0 ? ROOT : path.substring(path.lastIndexOf('/', last - 1) + 1, last);
    }

    private static IllegalArgumentException invalid(String slice) {
        return new IllegalArgumentException("invalid slice name: " + slice);
    }
}
