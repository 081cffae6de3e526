package io.jrun.core.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The cgroup v2 hierarchy of this host, and the entry point of the cgroup package: it derives a
 * container's cgroup path, validates resources, creates cgroups and reopens them.
 *
 * <p>The lifecycle as the runtime uses it:
 *
 * <pre>{@code
 * Cgroups cgroups = Cgroups.host();
 * CgroupConfig config = CgroupConfig.of(spec.linux());
 * cgroups.plan(config);                                  // validate early: nothing created yet
 * Path dir = cgroups.containerPath(spec.linux().cgroupsPath(), id);
 * Cgroup cg = cgroups.create(dir, config);               // mkdir -p, enable, write, devices
 * int fd = cg.openFd().orElseThrow();                   // CLONE_INTO_CGROUP, then close it
 * state.cgroup = cg.ref();                               // store; later commands reopen it:
 * Cgroup again = cgroups.open(state.cgroup);             // kill, pause, update, stats, delete
 * }</pre>
 */
public final class Cgroups {
    /**
     * Controllers enabled on the way down, when available, even if no resource needs them:
     * their accounting files (memory.current, cpu.stat's throttling, io.stat, pids.current) are
     * what `events --stats` reports, and runc enables every available controller for the same
     * reason. Best effort: a failure to enable one of these is not an error.
     */
    static final List<String> ACCOUNTING = List.of("cpu", "io", "memory", "pids");

    /** Where the kernel lists its huge page sizes. */
    public static final Path HUGEPAGES = Path.of("/sys/kernel/mm/hugepages");

    /**
     * The bound on waits for what may never happen: a freeze to complete (a task in an
     * uninterruptible sleep does not freeze; runc's waitFrozen gives up after 10 s), a thaw to
     * show (a frozen ancestor keeps the cgroup frozen), a busy cgroup to become removable (a
     * process moved in from outside keeps it busy). Generous, because on a loaded machine each
     * of these can take seconds; without a bound a stuck kernel task would hang the command.
     * Killing has no bound: a SIGKILLed process always goes (see {@link Cgroup#killAll}).
     */
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(60);

    /** How often a kill that is taking long says so in the log (it keeps going). */
    static final Duration DEFAULT_REPORT = Duration.ofSeconds(10);

    private final Hierarchy hierarchy;
    final CgroupKernel kernel;
    private final Path hugepagesDir;
    final Duration bound;
    final Duration report;

    public Cgroups(Hierarchy hierarchy, CgroupKernel kernel, Path hugepagesDir) {
        this(hierarchy, kernel, hugepagesDir, DEFAULT_BOUND, DEFAULT_REPORT);
    }

    Cgroups(Hierarchy hierarchy, CgroupKernel kernel, Path hugepagesDir, Duration bound, Duration report) {
        this.hierarchy = hierarchy;
        this.kernel = kernel;
        this.hugepagesDir = hugepagesDir;
        this.bound = bound;
        this.report = report;
    }

    /**
     * This host's unified hierarchy, as the calling process sees it (found once per process, the
     * v2 part of {@link CgroupLayout#host()}).
     */
    public static Cgroups host() {
        return Host.INSTANCE;
    }

    private static final class Host {
        static final Cgroups INSTANCE = new Cgroups(
                Hierarchy.of(CgroupLayout.host(), Hierarchy.PROC_SELF_MOUNTINFO.toString()), NativeCgroupKernel.INSTANCE,
                HUGEPAGES);
    }

    public Hierarchy hierarchy() {
        return hierarchy;
    }

    public Path root() {
        return hierarchy.root();
    }

    /** The container's cgroup directory, as runc's fs2 driver derives it; see {@link CgroupPaths}. */
    public Path containerPath(String cgroupsPath, String containerId) {
        return CgroupPaths.containerPath(hierarchy, cgroupsPath, containerId);
    }

    /**
     * Validates {@code config} against this host and returns what applying it will write.
     * Nothing is created or written.
     *
     * @throws CgroupException one line per invalid field
     */
    public ResourcePlan plan(CgroupConfig config) {
        return ResourcePlan.of(config, environment());
    }

    ResourcePlan.Environment environment() {
        Path file = root().resolve("cgroup.controllers");
        Set<String> controllers = words(CgroupFiles.read(file, "list the cgroup v2 controllers"));
        return new ResourcePlan.Environment(controllers, file, hugePageSizes(), hierarchy.v1Controllers());
    }

    /** The kernel's huge page sizes; see {@link #hugePageSizes(Path)}. */
    List<String> hugePageSizes() {
        return hugePageSizes(hugepagesDir);
    }

    /**
     * The kernel's huge page sizes in the cgroup files' notation ("2MB", "1GB"), from the names of
     * /sys/kernel/mm/hugepages/hugepages-2048kB etc., as runc's HugePageSizes.
     */
    static List<String> hugePageSizes(Path hugepagesDir) {
        List<String> sizes = new ArrayList<>();
        try (Stream<Path> s = Files.list(hugepagesDir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith("hugepages-") || !name.endsWith("kB")) {
                    continue;
                }
                long kb;
                try {
                    kb = Long.parseLong(name.substring("hugepages-".length(), name.length() - 2));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (kb >= 1 << 20) {
                    sizes.add((kb >> 20) + "GB");
                } else if (kb >= 1 << 10) {
                    sizes.add((kb >> 10) + "MB");
                } else {
                    sizes.add(kb + "KB");
                }
            }
        } catch (NoSuchFileException e) {
            return List.of(); // a kernel without hugetlbfs
        } catch (IOException e) {
            throw new CgroupException("list huge page sizes: read " + hugepagesDir + ": " + Messages.of(e), e);
        }
        return sizes;
    }

    /**
     * Creates the container's cgroup: validates {@code config}, creates {@code dir} and any
     * missing parents, enables the controllers it needs in cgroup.subtree_control from the root
     * down to its parent, writes the resources and installs the device program. On failure
     * whatever it created is removed again.
     *
     * <p>An existing directory is used as it is if it has no processes and is not frozen (runc's
     * checks before it creates a container).
     */
    public Cgroup create(Path dir, CgroupConfig config) {
        checkInside(dir);
        ResourcePlan plan = plan(config);
        int createdDepth = CgroupDirs.make(kernel, dir, root());
        Cgroup cgroup = new Cgroup(this, dir, createdDepth);
        try {
            if (createdDepth == 0) {
                cgroup.checkUnused();
            }
            cgroup.configure(plan);
            return cgroup;
        } catch (RuntimeException e) {
            CgroupRemover.removeCreated(kernel, dir, createdDepth);
            throw e;
        }
    }

    /**
     * The reference {@link #create} is expected to return for {@code dir}, recorded before it
     * runs: the directories missing now are the ones it will make. If the create is killed half
     * way, deleting through this reference removes what it made ({@link Cgroup#destroy()}
     * removes parents only while they are empty).
     */
    public CgroupRef refBeforeCreate(Path dir) {
        checkInside(dir);
        int missing = CgroupDirs.missing(dir, root());
        return new CgroupRef(dir.toString(), missing);
    }

    /** Reopens the cgroup of a container created earlier (by this or another process). */
    public Cgroup open(CgroupRef ref) {
        Path dir = Path.of(ref.path());
        checkInside(dir);
        return new Cgroup(this, dir, ref.createdDepth());
    }

    CgroupRemover remover() {
        return new CgroupRemover(kernel, bound);
    }

    /** The directories from just below the root down to {@code dir}. */
    List<Path> levels(Path dir) {
        return CgroupDirs.levels(dir, root());
    }

    void checkInside(Path dir) {
        CgroupDirs.checkInside(dir, root(), "the cgroup v2 root");
    }

    /** A short wait between retries; interruption ends the operation. */
    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted", e);
        }
    }

    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : text.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
