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
 */
public final class FakeCgroupFs implements CgroupKernel {
    record Call(String op, Path path, String value) {}

    final Path root;
    final List<Call> log = new ArrayList<>();
    /** file name or absolute path → -errno, for the next writes to it. */
    final Map<String, Integer> failWrites = new HashMap<>();
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

    // Fake eventfds (guarded by eventfds): counters by fd, and files opened by fd.
    private final Map<Integer, Long> eventfds = new HashMap<>();
    private final Map<Integer, Path> openFiles = new HashMap<>();

    public FakeCgroupFs(Path root, String... controllers) throws IOException {
        this.root = root;
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
        populate(dir, words(read(dir.getParent().resolve("cgroup.subtree_control"))));
        return 0;
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
    final Map<Integer, Integer> killsToDie = new HashMap<>();

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
