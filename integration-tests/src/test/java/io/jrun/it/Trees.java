package io.jrun.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removal of directory trees the tests made (bundles, state roots), that can never reach into the host. */
public final class Trees {
    private Trees() {}

    /**
     * Deletes {@code dir} and everything in it, refusing if anything is mounted at or under it:
     * a bind mount left behind by a runtime bug could be the host's /etc. Symlinks are removed,
     * never followed.
     */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String prefix = dir.toString() + "/";
        List<String> mounts = MountEntry.host().stream()
                .map(MountEntry::mountPoint)
                .filter(m -> m.equals(dir.toString()) || m.startsWith(prefix))
                .toList();
        if (!mounts.isEmpty()) {
            throw new IOException("not removing " + dir + ": mounts under it: " + mounts);
        }
        Object device = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
                if (!Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS).equals(device)) {
                    throw new IOException("not removing " + p + ": another filesystem");
                }
                Files.delete(p);
            }
        }
    }
}
