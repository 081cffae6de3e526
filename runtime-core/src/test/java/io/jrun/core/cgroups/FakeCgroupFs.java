package io.jrun.core.cgroups;

import io.jrun.sys.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cgroup v2 hierarchy in a temp dir, with a {@link CgroupKernel} that behaves like cgroupfs
 * where it matters: mkdir fills the new directory with the interface files of the controllers
 * its parent enabled, a write to a missing file is ENOENT, cgroup.subtree_control takes "+c"
 * only for controllers in cgroup.controllers, rmdir ignores interface files but not
 * sub-cgroups. Every write is logged; any (file name → errno) can be made to fail. Public for the
 * lifecycle's tests, which run create and delete on it.
 *
 * <p>Or ({@link #v1}) the cgroup v1 hierarchies of a legacy or hybrid host, one directory per
 * hierarchy below the temp dir as below /sys/fs/cgroup: mkdir fills a new cgroup with its
 * hierarchy's files (cpuset.cpus and cpuset.mems empty, freezer.state THAWED, memory.oom_control
 * counting oom_kill), a process cannot join a cpuset cgroup without CPUs (ENOSPC), freezer.state
 * may stay FREEZING ({@link #freezingWrites}), and cgroup.event_control registers an eventfd that
 * {@link #oom} and the cgroup's removal signal.
 */
public final class FakeCgroupFs implements CgroupKernel {
    record Call(String op, Path path, String value) {}

    final Path root;
    final List<Call> log = new ArrayList<>();
    /** file name or absolute path → -errno, for the next writes to it. */
    public final Map<String, Integer> failWrites = new HashMap<>();
    boolean bfq;
    boolean bfqPerDevice = true;

    // Fake bpf state: attached program ids per cgroup fd path, loaded programs by fd.
    final Map<Path, List<Integer>> attached = new HashMap<>();
    final Map<Integer, byte[]> programs = new HashMap<>();
    private final Map<Integer, Path> dirFds = new HashMap<>();
    private final Map<Integer, Integer> progFds = new HashMap<>(); // fd → program id
    private int nextFd = 100;
    private int nextProgId = 1;
    public int openFds;

    /** v1 mount point → its subsystems ("name=systemd" for the named one); empty on a v2 tree. */
    final Map<Path, List<String>> v1Mounts = new LinkedHashMap<>();
    /** The hybrid host's v2 mount point, or null. */
    Path unifiedMount;
    /** v1: whether memory.memsw.* exist (swap accounting on). */
    boolean swapAccounting = true;
    /** v1: how many more writes of FROZEN leave freezer.state FREEZING (Integer.MAX_VALUE: it never freezes). */
    int freezingWrites;

    // Fake eventfds (guarded by eventfds): counters by fd, files opened by fd, registrations (eventfd → cgroup).
    private final Map<Integer, Long> eventfds = new HashMap<>();
    private final Map<Integer, Path> openFiles = new HashMap<>();
    private final Map<Integer, Path> registrations = new HashMap<>();

    private FakeCgroupFs(Path root) {
        this.root = root;
    }

    public FakeCgroupFs(Path root, String... controllers) throws IOException {
        this(root);
        Files.writeString(root.resolve("cgroup.controllers"), String.join(" ", controllers) + "\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "\n");
        Files.writeString(root.resolve("cgroup.procs"), "");
        Files.writeString(root.resolve("cpu.stat"), "usage_usec 0\n");
    }

    Hierarchy hierarchy(String ownCgroup) {
        return new Hierarchy(root, ownCgroup, Map.of());
    }

    /** Bounded waits (freeze, thaw, a busy rmdir) give up after 300 ms here; a kill reports every 300 ms. */
    public Cgroups cgroups(Path hugepages) {
        return cgroups(hugepages, java.time.Duration.ofMillis(300));
    }

    Cgroups cgroups(Path hugepages, java.time.Duration bound) {
        return new Cgroups(hierarchy("/"), this, hugepages, bound, java.time.Duration.ofMillis(300));
    }

    /** The hierarchies of {@link #v1(Path, boolean, List)} unless told otherwise: rdma is not mounted. */
    static final List<String> V1_MOUNTS = List.of("cpuset", "devices", "memory", "cpu,cpuacct", "pids", "blkio",
            "hugetlb", "net_cls,net_prio", "perf_event", "freezer", "name=systemd");

    /** A legacy host's v1 hierarchies below {@code root}, as {@link #V1_MOUNTS}. */
    static FakeCgroupFs legacy(Path root) {
        return v1(root, false, V1_MOUNTS);
    }

    /** A hybrid host's: {@link #V1_MOUNTS} and a v2 hierarchy without controllers at root/unified. */
    public static FakeCgroupFs hybrid(Path root) throws IOException {
        return v1(root, true, V1_MOUNTS);
    }

    /**
     * v1 hierarchies below {@code root}, each mounted at root/NAME ("name=systemd" at
     * root/systemd), and a v2 one at root/unified if {@code hybrid}.
     */
    static FakeCgroupFs v1(Path root, boolean hybrid, List<String> mounts) {
        FakeCgroupFs fs = new FakeCgroupFs(root);
        for (String m : mounts) {
            Path mount = root.resolve(m.startsWith("name=") ? m.substring("name=".length()) : m);
            mkdirs(mount);
            fs.v1Mounts.put(mount, List.of(m.split(",")));
            fs.populateV1(mount, fs.v1Mounts.get(mount), true);
        }
        if (hybrid) {
            fs.unifiedMount = root.resolve("unified");
            mkdirs(fs.unifiedMount);
            put(fs.unifiedMount.resolve("cgroup.controllers"), "\n");
            put(fs.unifiedMount.resolve("cgroup.subtree_control"), "\n");
            put(fs.unifiedMount.resolve("cgroup.procs"), "");
        }
        return fs;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The layout {@link #v1} describes, with the caller's own cgroup at each hierarchy's root. */
    CgroupLayout layout() {
        List<V1Hierarchy> hierarchies = new ArrayList<>();
        v1Mounts.forEach((mount, subsystems) -> {
            List<String> controllers = subsystems.stream().filter(x -> !x.startsWith("name=")).toList();
            String name = subsystems.stream().filter(x -> x.startsWith("name=")).map(x -> x.substring(5))
                    .findFirst().orElse("");
            hierarchies.add(new V1Hierarchy(controllers, name, mount, "/", "/"));
        });
        if (unifiedMount == null) {
            return new CgroupLayout.Legacy(hierarchies, List.of());
        }
        Map<String, Path> v1Controllers = new LinkedHashMap<>();
        hierarchies.forEach(h -> h.controllers().forEach(c -> v1Controllers.put(c, h.mountPoint())));
        return new CgroupLayout.Hybrid(new Hierarchy(unifiedMount, "/", v1Controllers), hierarchies);
    }

    /** A v1 manager on this fake, with the bounds of {@link #cgroups(Path)}, in the initial user namespace. */
    public V1Cgroups v1Cgroups(Path hugepages) {
        return v1Cgroups(hugepages, this);
    }

    /** The same, with the fake's calls going through {@code kernel} (one that tweaks a call, say). */
    V1Cgroups v1Cgroups(Path hugepages, CgroupKernel kernel) {
        return new V1Cgroups(layout(), kernel, hugepages, java.time.Duration.ofMillis(300),
                java.time.Duration.ofMillis(300), false);
    }

    /** The v1 mount point {@code p} is in or below, or null. */
    private Path v1Mount(Path p) {
        for (Path m : v1Mounts.keySet()) {
            if (p.startsWith(m)) {
                return m;
            }
        }
        return null;
    }

    /** The interface files cgroupfs shows in a v1 cgroup of a hierarchy with these subsystems. */
    /** "file=content" of a new v1 cgroup, for every cgroup and then by subsystem. */
    private static final Map<String, List<String>> V1_FILES = Map.ofEntries(
            Map.entry("", List.of("cgroup.procs=", "tasks=", "cgroup.clone_children=0\n", "notify_on_release=0\n")),
            // a new cpuset cgroup has neither CPUs nor memory nodes (clone_children 0)
            Map.entry("cpuset", List.of("cpuset.cpus=\n", "cpuset.mems=\n", "cpuset.cpu_exclusive=0\n")),
            Map.entry("devices", List.of("devices.allow=", "devices.deny=", "devices.list=a *:* rwm\n")),
            Map.entry("memory", List.of("memory.soft_limit_in_bytes=9223372036854771712\n", "memory.swappiness=60\n",
                    "memory.use_hierarchy=1\n", "memory.stat=cache 0\nrss 0\n",
                    "memory.oom_control=oom_kill_disable 0\nunder_oom 0\noom_kill 0\n", "cgroup.event_control=")),
            Map.entry("cpu", List.of("cpu.shares=1024\n", "cpu.cfs_quota_us=-1\n", "cpu.cfs_period_us=100000\n",
                    "cpu.stat=nr_periods 0\nnr_throttled 0\nthrottled_time 0\n")),
            Map.entry("cpuacct", List.of("cpuacct.usage=0\n", "cpuacct.usage_percpu=0 0 0 0 \n",
                    "cpuacct.stat=user 0\nsystem 0\n")),
            Map.entry("pids", List.of("pids.max=max\n", "pids.current=0\n")),
            Map.entry("blkio", List.of("blkio.weight=500\n", "blkio.throttle.io_service_bytes=Total 0\n",
                    "blkio.throttle.io_serviced=Total 0\n", "blkio.throttle.io_service_bytes_recursive=Total 0\n",
                    "blkio.throttle.io_serviced_recursive=Total 0\n", "blkio.throttle.read_bps_device=")),
            Map.entry("net_cls", List.of("net_cls.classid=0\n")),
            Map.entry("net_prio", List.of("net_prio.ifpriomap=lo 0\n")),
            // the root cgroup cannot be frozen: it has no freezer.state (see populateV1)
            Map.entry("freezer", List.of("freezer.state=THAWED\n", "freezer.self_freezing=0\n",
                    "freezer.parent_freezing=0\n")));

    /** The interface files cgroupfs shows in a v1 cgroup of a hierarchy with these subsystems. */
    private void populateV1(Path dir, List<String> subsystems, boolean root) {
        List<String> files = new ArrayList<>(V1_FILES.get(""));
        for (String s : subsystems) {
            if (!(root && s.equals("freezer"))) {
                files.addAll(V1_FILES.getOrDefault(s, List.of()));
            }
        }
        // usage counters: memory's, memory+swap's (with swap accounting), kernel memory's, 2 MB pages'
        List<String> counters = new ArrayList<>();
        if (subsystems.contains("memory")) {
            counters.addAll(swapAccounting ? List.of("memory", "memory.memsw", "memory.kmem")
                    : List.of("memory", "memory.kmem"));
        }
        if (subsystems.contains("hugetlb")) {
            counters.add("hugetlb.2MB");
        }
        for (String c : counters) {
            files.addAll(List.of(c + ".limit_in_bytes=9223372036854771712\n", c + ".usage_in_bytes=0\n",
                    c + ".max_usage_in_bytes=0\n", c + ".failcnt=0\n"));
        }
        if (root && subsystems.contains("cpuset")) {
            files.addAll(List.of("cpuset.cpus=0-3\n", "cpuset.mems=0\n"));
        }
        for (String f : files) {
            int eq = f.indexOf('=');
            put(dir.resolve(f.substring(0, eq)), f.substring(eq + 1));
        }
    }

    static Set<String> words(String s) {
        return new LinkedHashSet<>(List.of(s.strip().isEmpty() ? new String[0] : s.strip().split("\\s+")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Path p, String v) {
        try {
            Files.writeString(p, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The interface files cgroupfs shows in a new cgroup with these controllers. */
    private void populate(Path dir, Set<String> controllers) {
        put(dir.resolve("cgroup.controllers"), String.join(" ", controllers) + "\n");
        put(dir.resolve("cgroup.subtree_control"), "\n");
        put(dir.resolve("cgroup.procs"), "");
        put(dir.resolve("cgroup.type"), "domain\n");
        put(dir.resolve("cgroup.freeze"), "0\n");
        put(dir.resolve("cgroup.kill"), "");
        put(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        put(dir.resolve("cpu.stat"), "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
        populateControllers(dir, controllers);
    }

    /** A controller's files appear in a cgroup when its parent enables it. */
    private void populateControllers(Path dir, Set<String> controllers) {
        for (String c : controllers) {
            switch (c) {
                case "memory" -> {
                    for (String f : List.of("memory.max", "memory.low", "memory.high", "memory.swap.max")) {
                        init(dir.resolve(f), "max\n");
                    }
                    init(dir.resolve("memory.current"), "0\n");
                    init(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
                    init(dir.resolve("memory.stat"), "anon 0\nfile 0\n");
                }
                case "cpu" -> {
                    init(dir.resolve("cpu.weight"), "100\n");
                    init(dir.resolve("cpu.max"), "max 100000\n");
                    init(dir.resolve("cpu.max.burst"), "0\n");
                    init(dir.resolve("cpu.idle"), "0\n");
                }
                case "pids" -> {
                    init(dir.resolve("pids.max"), "max\n");
                    init(dir.resolve("pids.current"), "0\n");
                }
                case "io" -> {
                    init(dir.resolve("io.max"), "");
                    init(dir.resolve("io.stat"), "");
                    if (bfq) {
                        init(dir.resolve("io.bfq.weight"), bfqPerDevice ? "default 100\n" : "100\n");
                    } else {
                        init(dir.resolve("io.weight"), "default 100\n");
                    }
                }
                case "cpuset" -> {
                    init(dir.resolve("cpuset.cpus"), "\n");
                    init(dir.resolve("cpuset.mems"), "\n");
                }
                case "hugetlb" -> {
                    init(dir.resolve("hugetlb.2MB.max"), "max\n");
                    init(dir.resolve("hugetlb.2MB.current"), "0\n");
                    init(dir.resolve("hugetlb.2MB.events"), "max 0\n");
                }
                case "rdma" -> init(dir.resolve("rdma.max"), "");
                default -> { }
            }
        }
    }

    private static void init(Path p, String v) {
        if (!Files.exists(p)) {
            put(p, v);
        }
    }

    @Override
    public int write(Path file, String value) {
        log.add(new Call("write", file, value));
        Integer fail = failWrites.get(file.toString());
        if (fail == null) {
            fail = failWrites.get(file.getFileName().toString());
        }
        if (fail != null) {
            return fail;
        }
        if (!Files.isRegularFile(file)) {
            return -Errno.ENOENT;
        }
        String name = file.getFileName().toString();
        if (name.equals("cgroup.procs")) {
            return join(file.getParent(), value);
        }
        if (name.equals("freezer.state")) {
            return freezerState(file, value.strip());
        }
        if (name.equals("cgroup.event_control")) {
            return register(file.getParent(), value);
        }
        if (name.equals("devices.allow") || name.equals("devices.deny")) {
            return deviceRule(file.resolveSibling("devices.list"), value, name.equals("devices.allow"));
        }
        if (file.getFileName().toString().equals("cgroup.subtree_control")) {
            Set<String> available = words(read(file.resolveSibling("cgroup.controllers")));
            Set<String> enabled = words(read(file));
            for (String w : value.strip().split("\\s+")) {
                String c = w.substring(1);
                if (!available.contains(c)) {
                    return -Errno.ENOENT;
                }
                if (w.startsWith("+")) {
                    enabled.add(c);
                } else {
                    enabled.remove(c);
                }
            }
            put(file, String.join(" ", enabled) + "\n");
            // Like cgroupfs: the children see the change in cgroup.controllers and get the files.
            try (Stream<Path> children = Files.list(file.getParent())) {
                for (Path child : children.filter(Files::isDirectory).toList()) {
                    put(child.resolve("cgroup.controllers"), String.join(" ", enabled) + "\n");
                    populateControllers(child, enabled);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        }
        if (file.getFileName().toString().equals("cgroup.kill") && value.strip().equals("1")) {
            cgroupKill(file.getParent());
            return 0;
        }
        if (file.getFileName().toString().equals("io.bfq.weight") && bfqPerDevice) {
            // "default N" plus one line per device, as BFQ shows it since Linux 5.4.
            String[] v = value.strip().split(" ");
            if (v.length == 1) {
                put(file, "default " + v[0] + "\n");
            } else {
                put(file, read(file) + value + "\n");
            }
            return 0;
        }
        put(file, value);
        return 0;
    }

    @Override
    public int mkdir(Path dir) {
        log.add(new Call("mkdir", dir, null));
        if (Files.exists(dir)) {
            return -Errno.EEXIST;
        }
        if (!Files.isDirectory(dir.getParent())) {
            return -Errno.ENOENT;
        }
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path mount = v1Mount(dir);
        if (mount != null) {
            populateV1(dir, v1Mounts.get(mount), false);
        } else {
            populate(dir, words(read(dir.getParent().resolve("cgroup.subtree_control"))));
        }
        return 0;
    }

    /**
     * A write to cgroup.procs: the process leaves its cgroup in this hierarchy for {@code dir}.
     * v1's cpuset refuses it while the cgroup has no CPUs or memory nodes.
     */
    private int join(Path dir, String value) {
        int pid;
        try {
            pid = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -Errno.EINVAL;
        }
        Path mount = v1Mount(dir);
        if (mount != null && v1Mounts.get(mount).contains("cpuset")
                && (read(dir.resolve("cpuset.cpus")).isBlank() || read(dir.resolve("cpuset.mems")).isBlank())) {
            return -Errno.ENOSPC;
        }
        Path hierarchy = mount != null ? mount : unifiedMount != null && dir.startsWith(unifiedMount) ? unifiedMount : root;
        try {
            for (Path d : walk(hierarchy)) {
                List<Integer> pids = new ArrayList<>(pids(d));
                if (pids.remove(Integer.valueOf(pid))) {
                    writePids(d, pids);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Integer> pids = new ArrayList<>(pids(dir));
        pids.add(pid);
        writePids(dir, pids);
        return 0;
    }

    private static void writePids(Path dir, List<Integer> pids) {
        StringBuilder sb = new StringBuilder();
        pids.forEach(p -> sb.append(p).append('\n'));
        put(dir.resolve("cgroup.procs"), sb.toString());
    }

    /** v1's freezer.state: FROZEN (maybe FREEZING first, see {@link #freezingWrites}) or THAWED. */
    private int freezerState(Path file, String state) {
        Path self = file.resolveSibling("freezer.self_freezing");
        switch (state) {
            case "FROZEN" -> {
                if (freezingWrites > 0) {
                    if (freezingWrites != Integer.MAX_VALUE) {
                        freezingWrites--;
                    }
                    put(file, "FREEZING\n");
                } else {
                    put(file, "FROZEN\n");
                }
                put(self, "1\n");
            }
            case "THAWED" -> {
                put(file, "THAWED\n");
                put(self, "0\n");
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }

    /**
     * v1's devices.allow and devices.deny: "TYPE MAJ:MIN ACCESS" (or "a") applied to the state
     * devices.list shows, which then shows "a *:* rwm" alone in allow-all mode, else what is allowed.
     */
    private int deviceRule(Path list, String value, boolean allow) {
        String[] f = value.strip().split("[ :]+");
        DeviceEmulator state = DeviceEmulator.fromList(read(list));
        try {
            state.apply(f[0].equals("a") ? new DeviceRule('a', -1, -1, DeviceRule.RWM, allow)
                    : new DeviceRule(f[0].charAt(0), f[1].equals("*") ? -1 : Long.parseLong(f[1]),
                            f[2].equals("*") ? -1 : Long.parseLong(f[2]), DeviceRule.parseAccess(f[3]), allow));
        } catch (RuntimeException e) {
            return -Errno.EINVAL;
        }
        StringBuilder sb = new StringBuilder();
        if (state.defaultAllow()) {
            sb.append(ResourcePlan.DeviceTransition.ALLOW_ALL);
        } else {
            state.rules().forEach(r -> sb.append(r.cgroupString()).append('\n'));
        }
        put(list, sb.toString());
        return 0;
    }

    /** cgroup.event_control: "EVENTFD FD [ARGS]", FD an open memory.oom_control of the same cgroup. */
    private int register(Path dir, String value) {
        String[] f = value.strip().split(" ");
        synchronized (eventfds) {
            try {
                int efd = Integer.parseInt(f[0]);
                Path watched = openFiles.get(Integer.parseInt(f[1]));
                if (!eventfds.containsKey(efd) || watched == null) {
                    return -Errno.EBADF;
                }
                if (!watched.equals(dir.resolve("memory.oom_control"))) {
                    return -Errno.EINVAL;
                }
                registrations.put(efd, dir);
                return 0;
            } catch (RuntimeException e) {
                return -Errno.EINVAL;
            }
        }
    }

    /**
     * An OOM in the v1 memory cgroup {@code dir}: the OOM killer killed {@code kills} processes
     * (memory.oom_control's oom_kill goes up), and the registered eventfds are signalled once.
     */
    void oom(Path dir, int kills) {
        Path control = dir.resolve("memory.oom_control");
        long before = Long.parseLong(read(control).replaceAll("(?s).*oom_kill (\\d+).*", "$1"));
        // at once, as the kernel shows it: a reader in another thread never sees half a file
        Path next = dir.resolve(".oom_control.next");
        put(next, read(control).replaceAll("oom_kill \\d+", "oom_kill " + (before + kills)));
        try {
            Files.move(next, control, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        signal(dir);
    }

    /** Adds one to every eventfd registered on {@code dir}. */
    void signal(Path dir) {
        synchronized (eventfds) {
            registrations.forEach((efd, d) -> {
                if (d.equals(dir)) {
                    eventfds.merge(efd, 1L, Long::sum);
                }
            });
            eventfds.notifyAll();
        }
    }

    /** How many eventfds are registered now. */
    int registrations() {
        synchronized (eventfds) {
            return registrations.size();
        }
    }

    @Override
    public int rmdir(Path dir) {
        log.add(new Call("rmdir", dir, null));
        if (!Files.isDirectory(dir)) {
            return -Errno.ENOENT;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> entries = s.toList();
            if (entries.stream().anyMatch(Files::isDirectory)) {
                return -Errno.EBUSY; // cgroupfs: a cgroup with children is busy
            }
            if (!read(dir.resolve("cgroup.procs")).isBlank()) {
                return -Errno.EBUSY;
            }
            for (Path e : entries) {
                Files.delete(e);
            }
            Files.delete(dir);
            signal(dir); // the kernel tells the eventfds registered on a cgroup that it is gone
            return 0;
        } catch (NoSuchFileException e) {
            return -Errno.ENOENT;
        } catch (DirectoryNotEmptyException e) {
            return -Errno.ENOTEMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final List<int[]> kills = new ArrayList<>();

    /**
     * The fake's processes that can die: pid → how many SIGKILLs it takes (through kill(2) or
     * cgroup.kill). A pid listed in a cgroup.procs but not here never dies.
     */
    public final Map<Integer, Integer> killsToDie = new HashMap<>();

    @Override
    public int kill(int pid, int signal) {
        kills.add(new int[] {pid, signal});
        if (signal == 9) {
            sigkill(pid);
        }
        return 0;
    }

    /** cgroup.kill: SIGKILL to every process of the cgroup and below. */
    private void cgroupKill(Path dir) {
        try {
            for (Path d : walk(dir)) {
                for (int pid : pids(d)) {
                    sigkill(pid);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sigkill(int pid) {
        Integer left = killsToDie.get(pid);
        if (left == null) {
            return;
        }
        if (left > 1) {
            killsToDie.put(pid, left - 1);
            return;
        }
        killsToDie.remove(pid);
        // gone: out of its cgroup.procs, and cgroup.events "populated" recomputed everywhere
        try {
            for (Path d : walk(root)) {
                List<Integer> pids = new ArrayList<>(pids(d));
                if (pids.remove(Integer.valueOf(pid))) {
                    StringBuilder sb = new StringBuilder();
                    pids.forEach(p -> sb.append(p).append('\n'));
                    put(d.resolve("cgroup.procs"), sb.toString());
                }
            }
            for (Path d : walk(root)) {
                Path events = d.resolve("cgroup.events");
                if (Files.exists(events)) {
                    boolean populated = false;
                    for (Path x : walk(d)) {
                        populated |= !pids(x).isEmpty();
                    }
                    put(events, read(events).replaceAll("populated \\d", "populated " + (populated ? 1 : 0)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> walk(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isDirectory).toList();
        }
    }

    private static List<Integer> pids(Path dir) {
        Path procs = dir.resolve("cgroup.procs");
        if (!Files.exists(procs)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String l : read(procs).split("\n")) {
            if (!l.isBlank()) {
                out.add(Integer.parseInt(l.strip()));
            }
        }
        return out;
    }

    @Override
    public int openPath(Path dir) {
        return openDirectory(dir);
    }

    @Override
    public int openDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return -Errno.ENOENT;
        }
        int fd = nextFd++;
        dirFds.put(fd, dir);
        openFds++;
        return fd;
    }

    @Override
    public void close(int fd) {
        if (fd < 0) {
            return;
        }
        if (dirFds.remove(fd) != null || progFds.remove(fd) != null) {
            openFds--;
        }
        synchronized (eventfds) {
            if (eventfds.remove(fd) != null | openFiles.remove(fd) != null) {
                registrations.remove(fd);
                openFds--;
                eventfds.notifyAll();
            }
        }
    }

    @Override
    public int openFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return -Errno.ENOENT;
        }
        synchronized (eventfds) {
            int fd = nextFd++;
            openFiles.put(fd, file);
            openFds++;
            return fd;
        }
    }

    @Override
    public int eventfd() {
        synchronized (eventfds) {
            int fd = nextFd++;
            eventfds.put(fd, 0L);
            openFds++;
            return fd;
        }
    }

    @Override
    public long readEventfd(int fd, int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (eventfds) {
            while (true) {
                Long counter = eventfds.get(fd);
                if (counter == null) {
                    return -Errno.EBADF;
                }
                if (counter > 0) {
                    eventfds.put(fd, 0L);
                    return counter;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(eventfds, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -Errno.EINTR;
                }
            }
        }
    }

    @Override
    public int loadDeviceProgram(byte[] insns, String license, StringBuilder verifierLog) {
        log.add(new Call("bpf-load", null, license));
        int id = nextProgId++;
        programs.put(id, insns);
        int fd = nextFd++;
        progFds.put(fd, id);
        openFds++;
        return fd;
    }

    @Override
    public int[] queryDevicePrograms(int cgroupFd) {
        List<Integer> ids = attached.getOrDefault(dirFds.get(cgroupFd), List.of());
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int deviceProgramById(int id) {
        if (!programs.containsKey(id)) {
            return -Errno.ENOENT;
        }
        int fd = nextFd++;
        progFds.put(fd, id);
        openFds++;
        return fd;
    }

    boolean supportReplace = true;

    @Override
    public int attachDeviceProgram(int cgroupFd, int programFd, int replaceFd) {
        Path dir = dirFds.get(cgroupFd);
        int id = progFds.get(programFd);
        List<Integer> list = attached.computeIfAbsent(dir, d -> new ArrayList<>());
        if (replaceFd >= 0) {
            if (!supportReplace) {
                return -Errno.EINVAL;
            }
            int old = progFds.get(replaceFd);
            int at = list.indexOf(old);
            if (at < 0) {
                return -Errno.ENOENT;
            }
            list.set(at, id);
            log.add(new Call("bpf-replace", dir, old + "->" + id));
            return 0;
        }
        list.add(id);
        log.add(new Call("bpf-attach", dir, Integer.toString(id)));
        return 0;
    }

    @Override
    public int detachDeviceProgram(int cgroupFd, int programFd) {
        Path dir = dirFds.get(cgroupFd);
        Integer id = progFds.get(programFd);
        List<Integer> list = attached.getOrDefault(dir, new ArrayList<>());
        if (!list.remove(id)) {
            return -Errno.ENOENT;
        }
        log.add(new Call("bpf-detach", dir, Integer.toString(id)));
        return 0;
    }

    /** The writes made, as "path-relative-to-root=value" strings, in order. */
    List<String> writes() {
        List<String> out = new ArrayList<>();
        for (Call c : log) {
            if (c.op().equals("write")) {
                out.add(root.relativize(c.path()) + "=" + c.value());
            }
        }
        return out;
    }
}
