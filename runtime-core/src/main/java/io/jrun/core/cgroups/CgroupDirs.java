package io.jrun.core.cgroups;

import io.jrun.spec.Quote;
import io.jrun.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgroup directory as the levels below the root of its hierarchy (the v2 root, or a v1
 * hierarchy's mount point): checking that it is one, making the missing levels (mkdir -p) and
 * counting them, which is what {@link CgroupRef#createdDepth()} records.
 */
final class CgroupDirs {
    private CgroupDirs() {}

    /**
     * Refuses a directory that is not strictly below {@code root} in clean absolute form.
     *
     * @param rootName what the root is, for the message: "the cgroup v2 root"
     */
    static void checkInside(Path dir, Path root, String rootName) {
        Path normal = dir.normalize();
        if (!dir.isAbsolute() || !normal.equals(dir) || !dir.startsWith(root) || dir.equals(root)) {
            throw new CgroupException("cgroup " + dir + " is not a directory below " + rootName + " " + root);
        }
    }

    /** The directories from just below {@code root} down to {@code dir}. */
    static List<Path> levels(Path dir, Path root) {
        List<Path> out = new ArrayList<>();
        for (Path p = dir; !p.equals(root); p = p.getParent()) {
            out.add(0, p);
        }
        return out;
    }

    /** How many levels of {@code dir} are missing now: the ones {@link #make} would create. */
    static int missing(Path dir, Path root) {
        int missing = 0;
        for (Path level : levels(dir, root)) {
            if (!Files.isDirectory(level)) {
                missing++;
            }
        }
        return missing;
    }

    /**
     * mkdir -p of {@code dir} below {@code root}, one level at a time so that the levels it makes
     * are known. On failure the levels made are removed again.
     *
     * @return how many levels it made, counting from {@code dir} upwards ({@link CgroupRef#createdDepth()})
     */
    static int make(CgroupKernel kernel, Path dir, Path root) {
        List<Path> levels = levels(dir, root);
        int firstCreated = -1;
        for (int i = 0; i < levels.size(); i++) {
            Path level = levels.get(i);
            int r = kernel.mkdir(level);
            if (r == 0) {
                if (firstCreated < 0) {
                    firstCreated = i;
                }
            } else if (r != -Errno.EEXIST || !Files.isDirectory(level)) {
                CgroupRemover.removeCreated(kernel, level.getParent(), firstCreated < 0 ? 0 : i - firstCreated);
                // dir comes from linux.cgroupsPath, of any length until mkdir says otherwise
                throw new CgroupException("create cgroup " + Quote.bare(dir.toString()) + ": mkdir "
                        + Quote.bare(level.toString()) + ": " + Messages.errno(r)
                        + (r == -Errno.EEXIST ? " (not a directory)" : ""));
            }
        }
        return firstCreated < 0 ? 0 : levels.size() - firstCreated;
    }
}
