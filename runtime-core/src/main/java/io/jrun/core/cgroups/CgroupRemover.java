package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removing a container's cgroup directory, with the cgroups below it and the parents created for
 * it (runc's RemovePath), on cgroup v2 and in each v1 hierarchy alike.
 */
final class CgroupRemover {
    private static final Log LOG = Log.of(CgroupRemover.class);

    private final CgroupKernel kernel;
    private final Duration bound;

    /** @param bound how long a busy cgroup is retried */
    CgroupRemover(CgroupKernel kernel, Duration bound) {
        this.kernel = kernel;
        this.bound = bound;
    }

    /**
     * Removes {@code dir} and any cgroups below it, retrying while busy, then the parents created
     * for it while they are empty, never {@code root} or above. See {@link Cgroup#destroy()}.
     *
     * @param createdDepth as in {@link CgroupRef}
     */
    void destroy(Path dir, int createdDepth, Path root) {
        destroy(dir, createdDepth, root, System.nanoTime() + bound.toNanos());
    }

    /** {@link #destroy(Path, int, Path)} with busy retries until {@code deadline} ({@link System#nanoTime()}). */
    void destroy(Path dir, int createdDepth, Path root, long deadline) {
        removeTree(dir, deadline);
        Path p = dir.getParent();
        for (int i = 1; i < createdDepth && p != null && !p.equals(root); i++, p = p.getParent()) {
            int r = kernel.rmdir(p);
            if (r == 0 || r == -Errno.ENOENT) {
                continue;
            }
            if (r != -Errno.ENOTEMPTY && r != -Errno.EBUSY) {
                LOG.warn("remove cgroup {} (created for {}): {}", p, dir, Messages.errno(r));
            }
            break; // in use by another container: leave it and what is above
        }
    }

    /**
     * Undoes a create that failed: removes {@code deepest} and the {@code count - 1} directories
     * above it, which the create made and nothing else uses yet. Best effort: a failure is logged
     * and ends it (a parent cannot go while its child stays).
     */
    static void removeCreated(CgroupKernel kernel, Path deepest, int count) {
        Path p = deepest;
        for (int i = 0; i < count && p != null; i++, p = p.getParent()) {
            int r = kernel.rmdir(p);
            if (r < 0 && r != -Errno.ENOENT) {
                LOG.warn("cleanup: remove cgroup {}: {}", p, Messages.errno(r));
                return;
            }
        }
    }

    private void removeTree(Path d, long deadline) {
        int r = kernel.rmdir(d);
        if (r == 0 || r == -Errno.ENOENT) {
            return;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(d)) {
            children = s.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CgroupException("remove cgroup " + d + ": list " + d + ": " + Messages.of(e), e);
        }
        for (Path child : children) {
            removeTree(child, deadline);
        }
        // Tasks that have exited but not been released yet keep the cgroup busy for a moment
        // (runc retries 10 times, ~1 s in all). On a loaded machine that moment can be longer;
        // a process that is still there (moved in after the kill, or no kill before) keeps it
        // busy for good: hence a bound, a generous one.
        long delay = 1;
        while (true) {
            r = kernel.rmdir(d);
            if (r == 0 || r == -Errno.ENOENT) {
                return;
            }
            if (r != -Errno.EBUSY || System.nanoTime() - deadline >= 0) {
                String left = "";
                if (r == -Errno.EBUSY || r == -Errno.ENOTEMPTY) {
                    left = " (processes left: " + CgroupProcesses.read(d) + ")";
                }
                String still = r == -Errno.EBUSY ? " for " + Messages.duration(bound) : "";
                throw new CgroupException("remove cgroup " + d + ": " + Messages.errno(r) + still + left);
            }
            Cgroups.sleepMillis(delay);
            delay = Math.min(delay * 2, 100);
        }
    }
}
