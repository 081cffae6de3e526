package io.jrun.core.lifecycle;

import io.jrun.core.JrunException;
import io.jrun.core.host.Procfs;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Spec;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lifecycle's use of the container's cgroup v2 directory. */
final class Cgroups {
    private static final Logger log = LoggerFactory.getLogger(Cgroups.class);

    private Cgroups() {}

    /** A cgroup directory decided on, not yet made. */
    record Planned(Path path) {
        Live create() {
            List<Path> made = new ArrayList<>();
            Path p = path;
            while (!Files.exists(p)) {
                made.addFirst(p);
                p = p.getParent();
            }
            try {
                for (Path dir : made) {
                    Files.createDirectory(dir);
                }
            } catch (IOException e) {
                for (Path dir : made.reversed()) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException ignored) {
                        // best effort on the way out
                    }
                }
                throw new JrunException("create the cgroup " + path + ": " + e.getMessage(), e);
            }
            int fd = Native.libc().open(path.toString(), FileFlags.O_PATH | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC, 0);
            if (fd < 0) {
                throw new JrunException("open the cgroup " + path + ": " + Errno.message(Native.errno()));
            }
            return new Live(path, fd);
        }
    }

    static final class Live {
        private final Path path;
        private int fd;

        Live(Path path, int fd) {
            this.path = path;
            this.fd = fd;
        }

        Path path() {
            return path;
        }

        int fd() {
            return fd;
        }

        void closeFd() {
            if (fd >= 0) {
                Native.libc().close(fd);
                fd = -1;
            }
        }

        void destroy() {
            closeFd();
            Cgroups.destroy(path);
        }
    }

    /** Where the cgroup2 hierarchy is mounted: /sys/fs/cgroup on a v2 host, .../unified on a hybrid one. */
    static Path unifiedRoot() {
        Path best = null;
        for (Procfs.MountInfo m : Procfs.mountinfo()) {
            if (m.fstype().equals("cgroup2") && (best == null || m.mountPoint().toString().equals("/sys/fs/cgroup"))) {
                best = m.mountPoint();
            }
        }
        if (best == null) {
            throw new JrunException("no cgroup2 hierarchy is mounted (looked for a cgroup2 mount in /proc/self/mountinfo)");
        }
        return best;
    }

    static Planned plan(String id, Spec spec) {
        LinuxResources r = spec.linux() == null ? null : spec.linux().resources();
        if (r != null) {
            if (r.devices() != null && !r.devices().isEmpty()) {
                log.warn("linux.resources.devices: device rules are not enforced yet (a cgroup v2 device program comes with "
                        + "jrun's cgroup support)");
            }
            String asked = asked(r);
            if (asked != null) {
                throw new JrunException("linux.resources." + asked + ": resource limits are not supported yet; remove it");
            }
        }
        Path root = unifiedRoot();
        String cgroupsPath = spec.linux() == null ? null : spec.linux().cgroupsPath();
        String inner = cgroupsPath == null || cgroupsPath.isEmpty() ? id : cgroupsPath;
        Path rel = Path.of("/").resolve(inner).normalize();
        if (!Path.of(inner).isAbsolute()) {
            rel = Path.of(own()).getParent() == null ? Path.of("/").resolve(inner).normalize()
                    : Path.of(own()).getParent().resolve(inner).normalize();
        }
        Path path = root.resolve(Path.of("/").relativize(rel)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new JrunException("linux.cgroupsPath: " + cgroupsPath + " is not a cgroup under " + root);
        }
        if (Files.exists(path)) {
            throw new JrunException("linux.cgroupsPath: the cgroup " + path + " already exists");
        }
        return new Planned(path);
    }

    private static String asked(LinuxResources r) {
        if (r.memory() != null) return "memory";
        if (r.cpu() != null) return "cpu";
        if (r.pids() != null) return "pids";
        if (r.blockIO() != null) return "blockIO";
        if (r.hugepageLimits() != null && !r.hugepageLimits().isEmpty()) return "hugepageLimits";
        if (r.rdma() != null && !r.rdma().isEmpty()) return "rdma";
        if (r.unified() != null && !r.unified().isEmpty()) return "unified";
        if (r.network() != null) return "network";
        return null;
    }

    /** This process's cgroup on the unified hierarchy ("0::/path" of /proc/self/cgroup). */
    private static String own() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                if (line.startsWith("0::")) {
                    return line.substring(3);
                }
            }
        } catch (IOException e) {
            throw new JrunException("read /proc/self/cgroup: " + e.getMessage(), e);
        }
        return "/";
    }

    static boolean frozen(Path cgroup) {
        try {
            for (String line : Files.readAllLines(cgroup.resolve("cgroup.events"))) {
                if (line.equals("frozen 1")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static List<Integer> pids(Path cgroup) {
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream().filter(s -> !s.isBlank())
                    .map(Integer::parseInt).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Kills every process in the cgroup (cgroup.kill where the kernel has it) and removes it. */
    static void destroy(Path cgroup) {
        if (!Files.isDirectory(cgroup)) {
            return;
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<Integer> pids = pids(cgroup);
            if (pids.isEmpty()) {
                try {
                    Files.delete(cgroup);
                    return;
                } catch (IOException e) {
                    // EBUSY while the kernel still tears down the last task: try again
                }
            } else if (Files.exists(cgroup.resolve("cgroup.kill"))) {
                try {
                    Files.writeString(cgroup.resolve("cgroup.kill"), "1");
                } catch (IOException ignored) {
                    // the processes may be gone already
                }
            } else {
                for (int pid : pids) {
                    Native.libc().kill(pid, 9);
                }
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(attempt < 10 ? 1 : 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new JrunException("remove the cgroup " + cgroup + ": it is still busy");
    }
}
