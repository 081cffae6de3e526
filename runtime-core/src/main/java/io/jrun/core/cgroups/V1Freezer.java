package io.jrun.core.cgroups;

import io.jrun.api.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cgroup v1 freezer of one container: freezer.state in the freezer hierarchy (runc 1.1's
 * fs/freezer.go). A write of FROZEN may leave the cgroup FREEZING, above all while processes keep
 * appearing in it; like runc, the freeze is written again until the state reads back FROZEN, with
 * an occasional thaw and pause in between, and a freeze that does not complete is thawed rather
 * than left half done.
 */
final class V1Freezer implements CgroupFreezer {
    private static final Log LOG = Log.of(V1Freezer.class);

    /** runc 1.1's numbers: 1000 writes, a thaw and 10 ms pause every 50th, 10 µs before every 25th read. */
    static final int ATTEMPTS = 1000;

    private static final String FROZEN = "FROZEN";
    private static final String THAWED = "THAWED";
    private static final String FREEZING = "FREEZING";

    private final CgroupKernel kernel;
    private final Path dir;
    private final Duration bound;

    /**
     * @param dir   the container's directory in the freezer hierarchy, or null if this host has
     *              none mounted
     * @param bound how long {@link #state} waits for a freeze in progress
     */
    V1Freezer(CgroupKernel kernel, Path dir, Duration bound) {
        this.kernel = kernel;
        this.dir = dir;
        this.bound = bound;
    }

    @Override
    public boolean available() {
        return dir != null && Files.exists(dir.resolve("freezer.state"));
    }

    /** See {@link V1Cgroup#freeze} and {@link V1Cgroup#thaw}. */
    @Override
    public void set(boolean frozen) {
        String doing = frozen ? "freeze cgroup" : "thaw cgroup";
        if (dir == null) {
            throw new CgroupException(doing + ": cannot toggle freezer: cgroups not configured for container"
                    + " (this host has no freezer hierarchy mounted)");
        }
        doing += " " + dir;
        Path file = dir.resolve("freezer.state");
        if (!frozen) {
            write(file, THAWED, doing);
            return;
        }
        try {
            freeze(file, doing);
        } catch (CgroupException e) {
            // As runc: a cgroup left FROZEN or FREEZING would hang the container.
            kernel.write(file, THAWED);
            throw e;
        }
    }

    private void freeze(Path file, String doing) {
        for (int i = 0; i < ATTEMPTS; i++) {
            if (i % 50 == 49) {
                // runc: an occasional thaw and pause helps when new processes keep appearing
                kernel.write(file, THAWED);
                Cgroups.sleepMillis(10);
            }
            write(file, FROZEN, doing);
            if (i % 25 == 24) {
                // runc: and a short pause before reading back helps on a very slow system
                sleepNanos(10_000);
            }
            String state = CgroupFiles.read(file, doing).strip();
            switch (state) {
                case FREEZING -> {
                    continue;
                }
                case FROZEN -> {
                    if (i > 1) {
                        LOG.debug("{}: frozen after {} retries", dir, i);
                    }
                    return;
                }
                default -> throw new CgroupException(doing + ": unexpected state " + state + " while freezing ("
                        + file + ")");
            }
        }
        throw new CgroupException(doing + ": unable to freeze: " + file + " still said " + FREEZING + " after "
                + ATTEMPTS + " attempts (" + new CgroupProcesses(dir).describe("") + "; a process in an"
                + " uninterruptible sleep, D, is not frozen until it leaves it); thawed it again");
    }

    private void write(Path file, String state, String doing) {
        int r = kernel.write(file, state);
        if (r < 0) {
            throw new CgroupException(doing + ": write \"" + state + "\" to " + file + ": " + Messages.errno(r));
        }
    }

    /**
     * THAWED, FROZEN, or UNDEFINED without a freezer (runc's GetState). FROZEN only if the cgroup
     * itself was frozen (freezer.self_freezing 1): one frozen by an ancestor is THAWED here, as
     * in runc, since resuming it is not this container's to do. While FREEZING it waits, bounded.
     */
    @Override
    public FreezerState state() {
        if (dir == null) {
            return FreezerState.UNDEFINED;
        }
        String doing = "read the freezer state of " + dir;
        Path file = dir.resolve("freezer.state");
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            String state = CgroupFiles.readIfExists(file, doing);
            if (state == null) {
                return FreezerState.UNDEFINED; // runc: an old kernel, or the cgroup being removed
            }
            switch (state.strip()) {
                case THAWED -> {
                    return FreezerState.THAWED;
                }
                case FROZEN -> {
                    return selfFreezing(doing);
                }
                case FREEZING -> {
                    if (System.nanoTime() - deadline >= 0) {
                        throw new CgroupException(doing + ": " + file + " has said " + FREEZING + " for "
                                + Messages.duration(bound));
                    }
                    Cgroups.sleepMillis(1);
                }
                default -> throw new CgroupException(doing + ": unknown freezer.state \"" + state.strip() + "\" ("
                        + file + ")");
            }
        }
    }

    private FreezerState selfFreezing(String doing) {
        Path file = dir.resolve("freezer.self_freezing");
        String self = CgroupFiles.readIfExists(file, doing);
        if (self == null) {
            return FreezerState.FROZEN; // runc: a kernel too old to say
        }
        return switch (self.strip()) {
            case "0" -> FreezerState.THAWED;
            case "1" -> FreezerState.FROZEN;
            default -> throw new CgroupException(doing + ": unknown \"freezer.self_freezing\" state: \"" + self.strip()
                    + "\" (" + file + ")");
        };
    }

    private static void sleepNanos(int nanos) {
        try {
            Thread.sleep(0, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted", e);
        }
    }
}
