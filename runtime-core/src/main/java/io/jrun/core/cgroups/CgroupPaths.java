package io.jrun.core.cgroups;

import io.jrun.spec.Quote;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * The container's cgroup directory, derived the way runc's fs2 driver does it
 * (libcontainer/cgroups/fs2/defaultpath.go with libcontainer/utils.CleanPath):
 *
 * <ul>
 *   <li>{@code linux.cgroupsPath} absolute: that path under the root of the unified hierarchy;
 *   <li>relative: under the <em>parent</em> of the caller's own cgroup (the caller's own cgroup
 *       has processes, so no controller could be enabled for a child of it);
 *   <li>absent or empty: the container id, taken as a relative path.
 * </ul>
 *
 * The path is cleaned first so that it cannot leave the hierarchy: {@code ../../x} is {@code x},
 * {@code /a/../../b} is {@code /b}.
 */
public final class CgroupPaths {
    private CgroupPaths() {}

    /**
     * The container's cgroup directory.
     *
     * @param cgroupsPath {@code linux.cgroupsPath}, may be null
     * @param containerId used when {@code cgroupsPath} is absent
     */
    public static Path containerPath(Hierarchy hierarchy, String cgroupsPath, String containerId) {
        // Relative: below the parent of the caller's cgroup, which has processes (fs2's defaultDirPath).
        Function<String, Path> place = inner -> under(hierarchy.root(),
                inner.startsWith("/") ? inner : clean(dir(hierarchy.ownCgroup()) + "/" + inner));
        return place.apply(innerPath(cgroupsPath, containerId, place));
    }

    /**
     * The container's cgroup path as runc's fs and fs2 drivers take it (innerPath in both, after
     * specconv's CreateCgroupConfig for the cgroupfs driver): {@code linux.cgroupsPath} cleaned
     * with {@link #cleanPath}; if that is empty, the container id cleaned, which stays relative
     * (specconv sets it as the cgroup's Name, with no Parent).
     *
     * @param place where an inner path puts the container, named in the error
     * @throws CgroupException if the path names no cgroup of its own (it cleans to "", "/" or ".")
     */
    static String innerPath(String cgroupsPath, String containerId, Function<String, Path> place) {
        String field = "linux.cgroupsPath";
        String value = cgroupsPath;
        String inner = cleanPath(cgroupsPath == null ? "" : cgroupsPath);
        if (inner.isEmpty()) {
            field = "container id";
            value = containerId;
            inner = cleanPath(containerId == null ? "" : containerId);
        }
        if (inner.isEmpty() || inner.equals("/") || inner.equals(".")) {
            throw new CgroupException(field + ": " + Quote.value(value) + " names no cgroup of its own (it cleans to "
                    + place.apply(inner) + "); give a path such as \"/jrun/<id>\" or \"<id>\"");
        }
        return inner;
    }

    /** {@code root} joined with an absolute, clean cgroup path ("/" is the root itself). */
    public static Path under(Path root, String absolute) {
        String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /**
     * runc's utils.CleanPath: like Go's filepath.Clean, but a relative path is cleaned as if it
     * were rooted (so it cannot climb above its base with "..") and stays relative. Empty stays
     * empty.
     */
    public static String cleanPath(String path) {
        if (path.isEmpty()) {
            return "";
        }
        if (path.startsWith("/")) {
            return clean(path);
        }
        String rooted = clean("/" + path);
        return rooted.equals("/") ? "." : rooted.substring(1);
    }

    /** Go's path/filepath.Clean for Unix paths. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
                continue;
            }
            parts.addLast(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's filepath.Dir of an absolute clean path: "/" for "/" and "/a". */
    static String dir(String absolute) {
        String c = clean(absolute);
        int slash = c.lastIndexOf('/');
        return slash <= 0 ? "/" : c.substring(0, slash);
    }
}
