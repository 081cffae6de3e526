package io.jrun.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * jrun for Java programs and test suites: containers started from this JVM, each one a process in
 * namespaces of its own, with limits, whose output and exit status come back here, and which do
 * not outlive their owner.
 *
 * <pre>{@code
 * try (Jrun jrun = Jrun.open()) {
 *     Jrun.Result r = jrun.run(ContainerSpec.rootDirectory(rootfs).command("echo", "hello").build());
 *     assert r.exit().status() == 0 && r.stdout().equals("hello\n");
 * }
 * }</pre>
 *
 * <p><b>How.</b> A container's process is a clone of the JVM that creates it, which only the JVM of
 * jrun's launcher is prepared for (no JIT, no safepoint or allocation in the clone). So every
 * operation runs {@code bin/jrun} ({@link Launcher}) as a process of this JVM: {@link #runtime()}
 * is a {@link ContainerRuntime} over it, the interface jrun's command line itself calls.
 *
 * <p><b>Cleanup.</b> {@link Container#close()} deletes a container; {@link #close()} deletes every
 * container it started and did not close, and so does the JVM's exit (a shutdown hook). What a
 * killed JVM left behind is deleted when the next {@code Jrun} opens on the same root: each
 * container's directory names the process that owns it.
 *
 * <p><b>Requirements.</b> Linux, root, and jrun's launcher (the dependency {@code io.jrun:jrun-dist},
 * or {@code -Djrun.home}); {@link #unavailable()} says what is missing. Thread-safe: many threads
 * may start containers at once.
 */
public final class Jrun implements AutoCloseable {
    /** Where the API's containers live by default: its own root, apart from the command line's /run/jrun. */
    public static final Path DEFAULT_HOME = Path.of("/run/jrun-java");

    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jrun-timeouts");
        t.setDaemon(true);
        return t;
    });
    private static final Set<Jrun> OPEN = ConcurrentHashMap.newKeySet();
    private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A directory being set up by another JVM has no owner file for a moment: left alone that long. */
    private static final Duration OWNERLESS_GRACE = Duration.ofMinutes(1);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Jrun::close), "jrun-cleanup"));
    }

    private final LauncherRuntime runtime;
    private final Path containers;
    private final Set<Container> started = ConcurrentHashMap.newKeySet();

    private Jrun(LauncherRuntime runtime, Path containers) {
        this.runtime = runtime;
        this.containers = containers;
    }

    /** Opens jrun with its state under {@link #DEFAULT_HOME}. */
    public static Jrun open() {
        return open(DEFAULT_HOME);
    }

    /**
     * Opens jrun with its state under {@code home}: {@code home/state} (jrun's --root) and
     * {@code home/containers} (each container's config, output and owner). Removes what dead
     * owners left there.
     *
     * @throws JrunException when containers cannot run in this JVM ({@link #unavailable()})
     */
    public static Jrun open(Path home) {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            throw new JrunException(why.get());
        }
        Path root = home.toAbsolutePath().normalize();
        Launcher launcher = Launcher.find();
        Jrun jrun = new Jrun(new LauncherRuntime(launcher, new RuntimeOptions(root.resolve("state"), false, "auto")),
                root.resolve("containers"));
        try {
            Files.createDirectories(jrun.containers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + jrun.containers, e);
        }
        if (CLEANED.add(root)) {
            jrun.removeOrphans();
        }
        OPEN.add(jrun);
        return jrun;
    }

    /**
     * Why containers cannot run in this JVM (not Linux, not root, no namespaces), or empty when
     * they can. Tests use it to skip rather than fail.
     */
    public static Optional<String> unavailable() {
        return Launcher.unavailable();
    }

    /** The runtime's operations (runc's commands) over this instance's state directory. */
    public LauncherRuntime runtime() {
        return runtime;
    }

    /** jrun's --root for these containers: {@code jrun --root ROOT list} shows them. */
    public Path root() {
        return runtime.options().root();
    }

    /**
     * Starts a container and returns once its program runs (or already ended).
     *
     * @throws JrunException with jrun's message when it cannot start (a bad setting, a missing
     *                       program, a limit the host lacks...); nothing is left behind then
     */
    public Container start(ContainerSpec spec) {
        String id = "jrun-" + HexFormat.of().formatHex(bytes(8));
        Path dir = containers.resolve(id);
        try {
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("owner"), Owner.self().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir, e);
        }
        try {
            Container c = Container.start(this, id, spec, dir);
            started.add(c);
            return c;
        } catch (RuntimeException e) {
            try {
                runtime.delete(id, true);
            } catch (JrunException gone) {
                // never created, or gone with its failure
            }
            try {
                FileTrees.delete(dir);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * What {@link #run} returns: how the program ended and what it wrote.
     *
     * @param exit   its exit
     * @param stdout its standard output, UTF-8
     * @param stderr its standard error, UTF-8
     */
    public record Result(Exit exit, String stdout, String stderr) {}

    /**
     * Runs a container to its end and deletes it: {@link #start}, {@link Container#waitFor()},
     * {@link Container#close()}. Its output is collected whatever {@link ContainerSpec#stdio()} says.
     */
    public Result run(ContainerSpec spec) {
        try (Container c = start(spec.withStdio(ContainerSpec.Stdio.COLLECT))) {
            Exit exit = c.waitFor();
            return new Result(exit, c.stdout(), c.stderr());
        }
    }

    /** The containers started here and not closed yet. */
    public List<Container> containers() {
        return new ArrayList<>(started);
    }

    void forget(Container c) {
        started.remove(c);
    }

    /** Closes every container started here and not closed yet. Idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Container c : containers()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        OPEN.remove(this);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Deletes the containers whose owner process is gone (a JVM killed before it closed them), and
     * their directories.
     */
    private void removeOrphans() {
        List<Path> dirs;
        try (var list = Files.list(containers)) {
            dirs = list.toList();
        } catch (IOException e) {
            return;
        }
        for (Path dir : dirs) {
            Path ownerFile = dir.resolve("owner");
            try {
                if (!Files.exists(ownerFile)) {
                    FileTime made = Files.getLastModifiedTime(dir);
                    if (made.toInstant().isAfter(Instant.now().minus(OWNERLESS_GRACE))) {
                        continue;
                    }
                } else if (Owner.parse(Files.readString(ownerFile)).isAlive()) {
                    continue;
                }
                try {
                    runtime.delete(dir.getFileName().toString(), true);
                } catch (JrunException gone) {
                    // deleted already, or never created
                }
                FileTrees.delete(dir);
            } catch (IOException | RuntimeException e) {
                // another JVM removes it at the same time, or it is not ours to read: left alone
            }
        }
    }

    /**
     * A process, told apart from a later one with the same pid by its start time (field 22 of
     * /proc/PID/stat, in clock ticks since boot).
     */
    record Owner(long pid, long startTime) {
        static Owner self() {
            long pid = ProcessHandle.current().pid();
            return new Owner(pid, startTime(pid));
        }

        static Owner parse(String text) {
            String[] f = text.strip().split(" ");
            return new Owner(Long.parseLong(f[0]), Long.parseLong(f[1]));
        }

        boolean isAlive() {
            return startTime(pid) == startTime;
        }

        private static long startTime(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                // after the command's ")", which may itself hold spaces and parentheses
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[19]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        @Override
        public String toString() {
            return pid + " " + startTime;
        }
    }
}
