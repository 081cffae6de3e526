package io.jrun.core.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cgroup v2 freezer of one cgroup: cgroup.freeze, and cgroup.events' "frozen" to wait for
 * (runc's fs2 freezer.go).
 */
final class Freezer implements CgroupFreezer {
    private final CgroupKernel kernel;
    private final Path dir;
    private final Path root;
    private final Duration bound;

    Freezer(CgroupKernel kernel, Path dir, Path root, Duration bound) {
        this.kernel = kernel;
        this.dir = dir;
        this.root = root;
        this.bound = bound;
    }

    @Override
    public boolean available() {
        return Files.exists(dir.resolve("cgroup.freeze"));
    }

    /** See {@link Cgroup#freeze} and {@link Cgroup#thaw}. */
    @Override
    public void set(boolean frozen) {
        Path file = dir.resolve("cgroup.freeze");
        String doing = frozen ? "freeze cgroup " + dir : "thaw cgroup " + dir;
        if (!Files.exists(file)) {
            if (!frozen) {
                return; // nothing can be frozen without a freezer
            }
            throw new CgroupException(doing + ": " + file + " does not exist (the cgroup v2 freezer needs Linux 5.2+)");
        }
        try (FileWatch watch = FileWatch.on(dir)) {
            int r = kernel.write(file, frozen ? "1" : "0");
            if (r < 0) {
                throw new CgroupException(doing + ": write to " + file + ": " + Messages.errno(r));
            }
            long want = frozen ? 1 : 0;
            Path events = dir.resolve("cgroup.events");
            boolean done = watch.await(() -> CgroupFiles.key(events, "frozen", -2, doing) == want, bound);
            if (!done) {
                String why = "";
                if (frozen) {
                    why = " (" + new CgroupProcesses(dir).describe("") + "; a process in an uninterruptible sleep, D,"
                            + " is not frozen until it leaves it)";
                    // As runc: do not leave it half frozen.
                    kernel.write(file, "0");
                } else {
                    Path ancestor = frozenAncestor();
                    if (ancestor != null) {
                        why = " (" + ancestor.resolve("cgroup.freeze") + " is 1: the cgroup stays frozen while "
                                + ancestor + " is)";
                    }
                }
                throw new CgroupException(doing + ": " + events + " did not say \"frozen " + want + "\" within "
                        + Messages.duration(bound) + why + (frozen ? "; thawed it again" : ""));
            }
        }
    }

    /** The nearest ancestor below the root whose cgroup.freeze is 1, or null. */
    private Path frozenAncestor() {
        for (Path p = dir.getParent(); p != null && !p.equals(root) && p.startsWith(root); p = p.getParent()) {
            String s = CgroupFiles.readIfExists(p.resolve("cgroup.freeze"), "check the freezer of " + p);
            if (s != null && s.strip().equals("1")) {
                return p;
            }
        }
        return null;
    }

    /** See {@link Cgroup#freezerState}. */
    @Override
    public FreezerState state() {
        String doing = "read the freezer state of " + dir;
        String s = CgroupFiles.readIfExists(dir.resolve("cgroup.freeze"), doing);
        if (s == null) {
            return FreezerState.UNDEFINED;
        }
        if (s.strip().equals("0")) {
            return FreezerState.THAWED;
        }
        Path events = dir.resolve("cgroup.events");
        try (FileWatch watch = FileWatch.on(dir)) {
            if (watch.await(() -> CgroupFiles.key(events, "frozen", 0, doing) == 1, bound)) {
                return FreezerState.FROZEN;
            }
        }
        throw new CgroupException(doing + ": cgroup.freeze is 1 but " + events + " has not said \"frozen 1\" in "
                + Messages.duration(bound));
    }
}
