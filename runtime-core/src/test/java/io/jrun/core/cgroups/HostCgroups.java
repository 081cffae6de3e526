package io.jrun.core.cgroups;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrun.sys.Native;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real cgroups for tests that run as root: each test gets its own directory {@code
 * jrun-test-<uuid>} directly below the unified hierarchy's root (on this build machine
 * /sys/fs/cgroup/unified, never a v1 hierarchy), and {@link #close()} removes it and kills the
 * processes the test started, whatever happened.
 */
final class HostCgroups implements AutoCloseable {
    final Cgroups cgroups;
    final Path base;
    private final List<Process> children = new ArrayList<>();

    private HostCgroups(Cgroups cgroups, Path base) {
        this.cgroups = cgroups;
        this.base = base;
    }

    /** Skips the test unless this is root with a writable cgroup v2 hierarchy. */
    static HostCgroups open() {
        assumeTrue(Native.libc().getuid() == 0, "needs root");
        Hierarchy h;
        try {
            h = Hierarchy.detect();
        } catch (CgroupException e) {
            assumeTrue(false, "no cgroup v2 hierarchy: " + e.getMessage());
            throw e;
        }
        assumeTrue(Files.isWritable(h.root()), "cgroup v2 root " + h.root() + " is not writable");
        // Only ever below the unified root: the v1 hierarchies (and process_api in v1 memory)
        // are never touched.
        Path base = h.root().resolve("jrun-test-" + UUID.randomUUID().toString().substring(0, 8));
        return new HostCgroups(new Cgroups(h, NativeCgroupKernel.INSTANCE, Cgroups.HUGEPAGES), base);
    }

    /** A cgroup path below this test's base: "/jrun-test-x/" + name, as linux.cgroupsPath. */
    String cgroupsPath(String name) {
        return "/" + cgroups.root().relativize(base.resolve(name));
    }

    Path path(String name) {
        return base.resolve(name);
    }

    /** The set of controllers the root offers. */
    java.util.Set<String> rootControllers() throws IOException {
        return Cgroups.words(Files.readString(cgroups.root().resolve("cgroup.controllers")));
    }

    /**
     * Starts {@code sh -c script} (which should begin with {@code read go}), moves it into the
     * cgroup, then lets it go.
     */
    Child start(Cgroup cg, String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).start();
        children.add(p);
        cg.addProcess((int) p.pid());
        Child c = new Child(p);
        c.send("go");
        return c;
    }

    /** A process the test started, line by line. */
    static final class Child {
        final Process process;
        final BufferedReader out;
        final BufferedReader err;

        Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        }

        int pid() {
            return (int) process.pid();
        }

        void send(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String line() throws IOException {
            return out.readLine();
        }

        /** Waits for the exit; all output, stdout then stderr. */
        String finish() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child " + pid() + " did not exit");
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Kills what the test started and removes every cgroup below the base, deepest first. */
    @Override
    public void close() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (!Files.isDirectory(base)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(base)) {
            dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path d : dirs) {
            // A frozen cgroup would keep its killed processes: thaw first.
            Path freeze = d.resolve("cgroup.freeze");
            if (Files.exists(freeze)) {
                NativeCgroupKernel.INSTANCE.write(freeze, "0");
            }
            Path kill = d.resolve("cgroup.kill");
            if (Files.exists(kill)) {
                NativeCgroupKernel.INSTANCE.write(kill, "1");
            }
        }
        for (Path d : dirs) {
            for (int i = 0; i < 100 && NativeCgroupKernel.INSTANCE.rmdir(d) == -io.jrun.sys.Errno.EBUSY; i++) {
                Thread.sleep(10);
            }
        }
        if (Files.exists(base)) {
            throw new AssertionError("could not remove " + base);
        }
    }
}
