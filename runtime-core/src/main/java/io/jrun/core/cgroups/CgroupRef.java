package io.jrun.core.cgroups;

/**
 * What the state store keeps of a container's cgroup, to reopen it in a later command.
 *
 * @param path         the cgroup directory, absolute, e.g. {@code /sys/fs/cgroup/jrun/c1}
 * @param createdDepth how many directories jrun created for it, counting from the container's own
 *                     upwards: 0 if it existed already, 1 if only the container's directory was
 *                     new, 2 if its parent was new too, ... {@link Cgroup#destroy()} removes those
 *                     (the parents only while empty) and nothing above
 */
public record CgroupRef(String path, int createdDepth) {
    public CgroupRef {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("cgroup path must be absolute: " + path);
        }
        if (createdDepth < 0) {
            throw new IllegalArgumentException("createdDepth must be >= 0: " + createdDepth);
        }
    }
}
