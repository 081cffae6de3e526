package io.jrun.core.cgroups;

import io.jrun.api.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cgroup v1 hierarchies of a legacy or hybrid host, and the v1 counterpart of
 * {@link Cgroups}: it derives a container's directories ({@link V1Paths}), creates them and
 * reopens them, as runc 1.1's cgroupfs driver (libcontainer/cgroups/fs) does.
 *
 * <pre>{@code
 * V1Cgroups cgroups = V1Cgroups.host();
 * CgroupConfig config = CgroupConfig.of(spec.linux());
 * cgroups.plan(config);                                  // validate early: nothing created yet
 * V1Paths paths = cgroups.paths(spec.linux().cgroupsPath(), id);
 * state.cgroupV1 = cgroups.refBeforeCreate(paths);       // what a killed create leaves
 * V1Cgroup cg = cgroups.create(paths, config);           // mkdir in each hierarchy, write
 * cg.addProcess(initPid);                                // no CLONE_INTO_CGROUP on v1
 * state.cgroupV1 = cg.ref();                             // later commands reopen it:
 * V1Cgroup again = cgroups.open(state.cgroupV1);         // kill, pause, update, stats, delete
 * }</pre>
 */
public final class V1Cgroups {
    private static final Log LOG = Log.of(V1Cgroups.class);

    /** The v2 directory of a hybrid host: the "" group of runc's fs driver. */
    static final String UNIFIED = "";

    /** Where runc looks to tell a user namespace from the initial one. */
    static final Path UID_MAP = Path.of("/proc/self/uid_map");

    private final CgroupLayout layout;
    final CgroupKernel kernel;
    private final Path hugepagesDir;
    final Duration bound;
    final Duration report;
    /** In a user namespace the device rules are not written (runc's devices Set). */
    final boolean inUserNamespace;

    /** @param layout a legacy or hybrid layout; the caller's user namespace is read from /proc/self/uid_map */
    public V1Cgroups(CgroupLayout layout, CgroupKernel kernel, Path hugepagesDir) {
        this(layout, kernel, hugepagesDir, Cgroups.DEFAULT_BOUND, Cgroups.DEFAULT_REPORT, inUserNamespace(UID_MAP));
    }

    V1Cgroups(CgroupLayout layout, CgroupKernel kernel, Path hugepagesDir, Duration bound, Duration report,
            boolean inUserNamespace) {
        if (layout instanceof CgroupLayout.Unified) {
            throw new CgroupException("cgroup v1 manager: this host is unified, with no v1 hierarchy to use");
        }
        this.layout = layout;
        this.kernel = kernel;
        this.hugepagesDir = hugepagesDir;
        this.bound = bound;
        this.report = report;
        this.inUserNamespace = inUserNamespace;
    }

    /**
     * runc's RunningInUserNS: in the initial user namespace uid_map maps the full range, "0 0
     * 4294967295"; anything else is a user namespace. A kernel without user namespaces has no
     * uid_map: the initial one.
     */
    static boolean inUserNamespace(Path uidMap) {
        String text;
        try {
            text = Files.readString(uidMap);
        } catch (IOException e) {
            return false;
        }
        String first = text.lines().findFirst().orElse("").strip();
        return !first.isEmpty() && !List.of(first.split("\\s+")).equals(List.of("0", "0", "4294967295"));
    }

    /** This host's v1 hierarchies, as the calling process sees them (found once per process). */
    public static V1Cgroups host() {
        return Host.INSTANCE;
    }

    private static final class Host {
        static final V1Cgroups INSTANCE = new V1Cgroups(CgroupLayout.host(), NativeCgroupKernel.INSTANCE,
                Cgroups.HUGEPAGES);
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** The container's directories, as runc's fs driver derives them; see {@link V1Paths}. */
    public V1Paths paths(String cgroupsPath, String containerId) {
        return V1Paths.of(layout, cgroupsPath, containerId);
    }

    List<String> hugePageSizes() {
        return Cgroups.hugePageSizes(hugepagesDir);
    }

    /**
     * Validates {@code config} against this host and returns what applying it will write
     * ({@link ResourcePlan#ofV1}). Nothing is created or written.
     *
     * @throws CgroupException one line per invalid field
     */
    public ResourcePlan plan(CgroupConfig config) {
        return ResourcePlan.ofV1(config, environment());
    }

    /** What this host offers a v1 plan: the subsystems mounted, and the huge page sizes. */
    ResourcePlan.Environment environment() {
        Set<String> mounted = new LinkedHashSet<>();
        layout.v1().forEach(h -> mounted.addAll(h.controllers()));
        return new ResourcePlan.Environment(mounted, Hierarchy.PROC_SELF_MOUNTINFO, hugePageSizes(), Map.of());
    }

    /**
     * The mount point of the hierarchy that holds {@code subsystem} ({@link #UNIFIED} for the
     * hybrid host's v2 one), as {@link V1Paths} picks it.
     */
    Path mountOf(String subsystem) {
        if (subsystem.equals(UNIFIED)) {
            if (layout instanceof CgroupLayout.Hybrid h) {
                return h.unified().mountPoint();
            }
        } else {
            for (V1Hierarchy h : layout.v1()) {
                if (h.subsystems().contains(subsystem)) {
                    return h.mountPoint();
                }
            }
        }
        throw new CgroupException("cgroup v1: the " + label(subsystem) + " hierarchy is not mounted on this "
                + layout.name() + " host");
    }

    static String label(String subsystem) {
        return subsystem.equals(UNIFIED) ? "cgroup v2 (unified)" : "\"" + subsystem + "\"";
    }

    /** name=systemd and the hybrid host's v2 directory are joined best effort (runc's NameGroup). */
    static boolean optional(String subsystem) {
        return subsystem.equals(UNIFIED) || subsystem.startsWith(V1Hierarchy.NAME_PREFIX);
    }

    void checkInside(String subsystem, Path dir) {
        CgroupDirs.checkInside(dir, mountOf(subsystem), "the mount point of the " + label(subsystem) + " hierarchy");
    }

    /**
     * Validates {@code config}, then creates the container's directory in every hierarchy and
     * writes the resources; see {@link #create(V1Paths, ResourcePlan)}.
     */
    public V1Cgroup create(V1Paths paths, CgroupConfig config) {
        return create(paths, plan(config));
    }

    /**
     * Creates the container's directory in every hierarchy, in runc's order (cpuset first), and
     * writes {@code plan} (runc's Apply, then Set). In the cpuset hierarchy each level takes its
     * parent's CPUs and memory nodes where it has none ({@link V1Cpuset}). Without a devices
     * hierarchy nothing is created: runc refuses a container whose device access it cannot
     * restrict. The name=systemd directory and, on a hybrid host, the v2 one are made best effort
     * and left out of the reference if they cannot be (runc's NameGroup ignores their errors).
     * On failure whatever was created is removed again.
     *
     * <p>An existing directory is used as it is if it has no processes and is not frozen (runc's
     * checks before it creates a container).
     */
    V1Cgroup create(V1Paths paths, ResourcePlan plan) {
        if (!paths.subsystems().containsKey("devices")) {
            // runc's errSubsystemDoesNotExist, for devices alone: it is the security boundary
            throw new CgroupException("create cgroup: cgroup: subsystem does not exist: devices (this host mounts no"
                    + " devices hierarchy, and without it the container's device access cannot be restricted)");
        }
        paths.subsystems().forEach(this::checkInside);
        paths.unified().ifPresent(u -> checkInside(UNIFIED, u));
        Map<Path, CgroupRef> made = new LinkedHashMap<>();
        Map<String, CgroupRef> subsystems = new LinkedHashMap<>();
        CgroupRef unified = null;
        try {
            for (Map.Entry<String, Path> e : paths.subsystems().entrySet()) {
                CgroupRef ref = made.get(e.getValue());
                if (ref == null) {
                    ref = make(e.getKey(), e.getValue());
                    if (ref == null) {
                        continue;
                    }
                    made.put(e.getValue(), ref);
                }
                subsystems.put(e.getKey(), ref);
            }
            if (paths.unified().isPresent()) {
                unified = make(UNIFIED, paths.unified().get());
            }
        } catch (RuntimeException e) {
            made.values().stream().toList().reversed().forEach(this::removeCreated);
            throw e;
        }
        V1Cgroup cgroup = new V1Cgroup(this, new V1CgroupRef(subsystems, unified));
        try {
            if (made.values().stream().anyMatch(r -> r.createdDepth() == 0)) {
                cgroup.checkUnused();
            }
            cgroup.configure(plan);
            return cgroup;
        } catch (RuntimeException e) {
            cgroup.removeCreated();
            throw e;
        }
    }

    /** mkdir -p of one hierarchy's directory; null if an optional one cannot be made. */
    private CgroupRef make(String subsystem, Path dir) {
        Path mount = mountOf(subsystem);
        int createdDepth;
        try {
            createdDepth = CgroupDirs.make(kernel, dir, mount);
        } catch (CgroupException e) {
            if (optional(subsystem)) {
                LOG.debug("join the {} hierarchy (best effort): {}", label(subsystem), e.getMessage());
                return null;
            }
            throw e;
        }
        CgroupRef ref = new CgroupRef(dir.toString(), createdDepth);
        if (subsystem.equals("cpuset")) {
            try {
                V1Cpuset.inherit(kernel, dir, mount);
            } catch (RuntimeException e) {
                removeCreated(ref);
                throw e;
            }
        }
        return ref;
    }

    void removeCreated(CgroupRef ref) {
        CgroupRemover.removeCreated(kernel, Path.of(ref.path()), ref.createdDepth());
    }

    /**
     * The reference {@link #create(V1Paths, CgroupConfig)} is expected to return for {@code
     * paths}, recorded before it runs: the directories missing now are the ones it will make. If
     * the create is killed half way, deleting through this reference removes what it made.
     */
    public V1CgroupRef refBeforeCreate(V1Paths paths) {
        Map<String, CgroupRef> subsystems = new LinkedHashMap<>();
        paths.subsystems().forEach((s, dir) -> subsystems.put(s, refBeforeCreate(s, dir)));
        return new V1CgroupRef(subsystems, paths.unified().map(u -> refBeforeCreate(UNIFIED, u)).orElse(null));
    }

    private CgroupRef refBeforeCreate(String subsystem, Path dir) {
        checkInside(subsystem, dir);
        return new CgroupRef(dir.toString(), CgroupDirs.missing(dir, mountOf(subsystem)));
    }

    /** Reopens the cgroups of a container created earlier (by this or another process). */
    public V1Cgroup open(V1CgroupRef ref) {
        ref.subsystems().forEach((s, r) -> checkInside(s, Path.of(r.path())));
        if (ref.unified() != null) {
            checkInside(UNIFIED, Path.of(ref.unified().path()));
        }
        return new V1Cgroup(this, ref);
    }
}
