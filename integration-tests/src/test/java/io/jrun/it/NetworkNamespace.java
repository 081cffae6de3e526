package io.jrun.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named network namespace made with `ip netns add`, for tests that join one by path. `ip`
 * makes /run/netns a shared mount point on first use; {@link #close} puts that back as it was.
 */
public final class NetworkNamespace implements Containers.Cleanup {
    private static final Path NETNS_DIR = Path.of("/run/netns");

    private final Containers containers;
    private final String name;
    private final boolean dirExisted = Files.isDirectory(NETNS_DIR);
    private final boolean dirWasMounted = isMountPoint();

    private NetworkNamespace(Containers containers, String name) {
        this.containers = containers;
        this.name = name;
    }

    /** A new network namespace, deleted after the test. */
    public static NetworkNamespace add(Containers containers) {
        NetworkNamespace ns = new NetworkNamespace(containers, containers.testRun().newId());
        containers.host("ip", "netns", "add", ns.name).ok();
        containers.afterTest(ns);
        return ns;
    }

    public Path path() {
        return NETNS_DIR.resolve(name);
    }

    /** Its inode number: /proc/PID/ns/net of a process in it reads net:[INODE]. */
    public long inode() throws IOException {
        return ((Number) Files.getAttribute(path(), "unix:ino")).longValue();
    }

    @Override
    public void run() throws IOException {
        containers.host("ip", "netns", "delete", name).ok();
        boolean empty;
        try (var entries = Files.list(NETNS_DIR)) {
            empty = entries.findAny().isEmpty();
        }
        if (empty && !dirWasMounted && isMountPoint()) {
            containers.host("umount", NETNS_DIR.toString()).ok();
        }
        if (empty && !dirExisted) {
            Files.delete(NETNS_DIR);
        }
    }

    private static boolean isMountPoint() {
        return MountEntry.host().stream().anyMatch(m -> m.mountPoint().equals(NETNS_DIR.toString()));
    }
}
