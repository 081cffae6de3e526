package io.jrun.core.cgroups;

import io.jrun.spec.Quote;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

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
        String field = "linux.cgroupsPath";
        String inner = cleanPath(cgroupsPath == null ? "" : cgroupsPath);
        if (inner.isEmpty()) {
            field = "container id";
            inner = cleanPath(containerId == null ? "" : containerId);
        }
        String relative;
        if (inner.startsWith("/")) {
            relative = inner;
        } else {
            relative = clean(dir(hierarchy.ownCgroup()) + "/" + inner);
        }
        if (inner.isEmpty() || inner.equals("/") || inner.equals(".")) {
            String value = field.equals("linux.cgroupsPath") ? cgroupsPath : containerId;
            throw new CgroupException(field + ": " + Quote.value(value) + " names no cgroup of its own (it cleans to "
                    + under(hierarchy.root(), relative) + "); give a path such as \"/jrun/<id>\" or \"<id>\"");
        }
        return under(hierarchy.root(), relative);
    }

    /** {@code root} joined with an absolute, clean cgroup path ("/" is the root itself). */
    static Path under(Path root, String absolute) {
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
