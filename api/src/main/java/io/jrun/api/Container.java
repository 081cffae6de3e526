package io.jrun.api;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running (or finished) container started by {@link Jrun#start}. Closing it kills it if it
 * still runs, deletes it and removes its files; {@link Jrun#close()} and the JVM's exit close
 * what is left open. Thread-safe.
 *
 * <p>Its program runs under {@code jrun run --keep}, a process of this JVM's own, which waits for
 * it without a JVM and exits with its status; the container stays until closed, so that its
 * cgroup can still be read ({@link Exit}).
 */
public final class Container implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);
    private static final Duration STOP_DEADLINE = Duration.ofMinutes(1);

    private final Jrun jrun;
    private final String id;
    private final ContainerSpec spec;
    private final Path dir;
    private final Process process;
    private final int pid;
    private volatile ScheduledFuture<?> timeout;
    private volatile boolean timedOut;
    private Exit exit;
    private boolean closed;
    private String stdoutAtClose;
    private String stderrAtClose;

    private Container(Jrun jrun, String id, ContainerSpec spec, Path dir, Process process, int pid) {
        this.jrun = jrun;
        this.id = id;
        this.spec = spec;
        this.dir = dir;
        this.process = process;
        this.pid = pid;
    }

    /** Starts {@code spec} as container {@code id}, in {@code dir}; returns once its program runs (or ran). */
    static Container start(Jrun jrun, String id, ContainerSpec spec, Path dir) {
        LauncherRuntime runtime = jrun.runtime();
        Path log = dir.resolve("jrun.log");
        Path pidFile = dir.resolve("pid");
        List<String> command = new java.util.ArrayList<>(List.of("run", "--keep", "--pid-file", pidFile.toString()));
        if (spec.source() instanceof ContainerSpec.Source.Image) {
            command.addAll(ContainerConfig.imageRunArguments(spec, id));
        } else {
            try {
                io.jrun.spec.Json.writePretty(dir.resolve(io.jrun.spec.Json.CONFIG_FILE),
                        ContainerConfig.bundleConfig(spec, id, dir), io.jrun.spec.Json.Indent.TWO_SPACES);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the container's config.json in " + dir, e);
            }
            command.addAll(List.of("--bundle", dir.toString(), id));
        }
        ProcessBuilder pb = new ProcessBuilder(runtime.commandLine(log, command));
        File devNull = new File("/dev/null");
        switch (spec.stdio()) {
            case COLLECT -> pb.redirectInput(devNull).redirectOutput(dir.resolve("stdout").toFile())
                    .redirectError(dir.resolve("stderr").toFile());
            case STREAMS -> pb.redirectInput(Redirect.PIPE).redirectOutput(Redirect.PIPE).redirectError(Redirect.PIPE);
            case INHERIT -> pb.inheritIO();
            case DISCARD -> pb.redirectInput(devNull).redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD);
        }
        Process process = LauncherRuntime.start(pb);
        int pid = waitUntilStarted(runtime, id, process, pidFile, log);
        Container c = new Container(jrun, id, spec, dir, process, pid);
        if (spec.timeout() != null) {
            c.timeout = Jrun.TIMERS.schedule(c::timeUp, spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        return c;
    }

    /**
     * Until the pid file is written and the container left "created" (its program runs or ran),
     * or `run` failed. A condition polled, with a deadline generous for a loaded machine.
     *
     * @return the container process's pid
     */
    private static int waitUntilStarted(LauncherRuntime runtime, String id, Process process, Path pidFile, Path log) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        long sleep = 1;
        while (true) {
            if (!process.isAlive()) {
                // run ended already: the program ran and ended (even by an OOM kill, which jrun
                // reports as an error record beside 137), unless jrun failed, with status 1 and
                // an error record, or before the container had a pid
                String text = read(log);
                if (!Files.exists(pidFile) || (process.exitValue() == 1 && text.contains("\"level\":\"error\""))) {
                    throw LauncherRuntime.failure(List.of("run"), text);
                }
                return pidOf(pidFile);
            }
            if (Files.exists(pidFile)) {
                try {
                    Status status = runtime.state(id).status();
                    if (status != Status.CREATING && status != Status.CREATED) {
                        return pidOf(pidFile);
                    }
                } catch (JrunException notYet) {
                    // the state directory is written after the pid file
                }
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new JrunException("container " + id + " did not start within " + START_DEADLINE.toSeconds() + " s");
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JrunException("interrupted while container " + id + " started");
            }
            sleep = Math.min(20, sleep * 2);
        }
    }

    private static int pidOf(Path pidFile) {
        try {
            return Integer.parseInt(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The container's id (as `jrun --root ROOT list` shows it; ROOT is {@link Jrun#root()}). */
    public String id() {
        return id;
    }

    /** The host pid of its first process. */
    public int pid() {
        return pid;
    }

    public ContainerSpec spec() {
        return spec;
    }

    /** Its program has not ended yet. */
    public boolean isRunning() {
        return process.isAlive();
    }

    private void timeUp() {
        if (process.isAlive()) {
            timedOut = true;
            try {
                jrun.runtime().kill(id, 9, true);
            } catch (JrunException gone) {
                // it ended meanwhile
            }
        }
    }

    /** Waits for its program to end (at most its timeout, when it has one). */
    public Exit waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while waiting for container " + id);
        }
        return exit();
    }

    /**
     * Waits at most {@code wait} for its program to end.
     *
     * @throws JrunException if it still runs then (it goes on running)
     */
    public Exit waitFor(Duration wait) {
        try {
            if (!process.waitFor(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JrunException("container " + id + " still runs after " + wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while waiting for container " + id);
        }
        return exit();
    }

    /** The exit, read from its cgroup once, before the container is deleted. */
    private synchronized Exit exit() {
        if (exit == null) {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            String log = read(dir.resolve("jrun.log"));
            Optional<String> error = log.contains("\"level\":\"error\"")
                    ? Optional.of(LauncherRuntime.failure(List.of("run"), log).getMessage()) : Optional.empty();
            exit = CgroupUsage.exit(id, process.exitValue(), timedOut, error);
        }
        return exit;
    }

    /**
     * Runs {@code command} in the container (`jrun exec`) and waits for it.
     *
     * @throws JrunException when jrun cannot run it (the container stopped, no such program...)
     */
    public ExecResult exec(String... command) {
        return exec(new ExecOptions(null, List.of(command), null, List.of(), false, null, List.of(), List.of(), false,
                null, null, false, null, null, 0, null, false));
    }

    /** Runs a process in the container with all of `jrun exec`'s options, collecting its output. */
    public ExecResult exec(ExecOptions options) {
        if (options.detach() || options.tty()) {
            throw new IllegalArgumentException("exec collects the output of a process it waits for: neither detach nor tty");
        }
        LauncherRuntime runtime = jrun.runtime();
        Path log = LauncherRuntime.tempLog();
        try {
            List<String> command = LauncherRuntime.execCommand(id, options);
            ProcessBuilder pb = new ProcessBuilder(runtime.commandLine(log, command))
                    .redirectInput(new File("/dev/null"));
            Process p = LauncherRuntime.start(pb);
            CompletableFuture<String> out = LauncherRuntime.readAsync(p.getInputStream());
            CompletableFuture<String> err = LauncherRuntime.readAsync(p.getErrorStream());
            int status = p.waitFor();
            String text = Files.readString(log);
            if (text.contains("\"level\":\"error\"")) {
                throw LauncherRuntime.failure(command, text);
            }
            return new ExecResult(status, out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while exec in container " + id);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** Sends {@code signal} (such as 15, SIGTERM) to its first process. */
    public void kill(int signal) {
        jrun.runtime().kill(id, signal, false);
    }

    /** Freezes every process of it. */
    public void pause() {
        jrun.runtime().pause(id);
    }

    /** Thaws it. */
    public void resume() {
        jrun.runtime().resume(id);
    }

    /** Its state, as `jrun state` reports it. */
    public ContainerState state() {
        return jrun.runtime().state(id);
    }

    /** Its cgroup's statistics now, as `jrun events --stats` reports them (running containers only). */
    public CgroupStats stats() {
        return jrun.runtime().stats(id);
    }

    /** Its standard input ({@link ContainerSpec.Stdio#STREAMS}). */
    public OutputStream stdin() {
        requireStdio(ContainerSpec.Stdio.STREAMS);
        return process.getOutputStream();
    }

    /** Its standard output ({@link ContainerSpec.Stdio#STREAMS}). */
    public InputStream stdoutStream() {
        requireStdio(ContainerSpec.Stdio.STREAMS);
        return process.getInputStream();
    }

    /** Its standard error ({@link ContainerSpec.Stdio#STREAMS}). */
    public InputStream stderrStream() {
        requireStdio(ContainerSpec.Stdio.STREAMS);
        return process.getErrorStream();
    }

    /** What it wrote to its standard output so far, as UTF-8 ({@link ContainerSpec.Stdio#COLLECT}); kept after close. */
    public synchronized String stdout() {
        requireStdio(ContainerSpec.Stdio.COLLECT);
        return closed ? stdoutAtClose : read(dir.resolve("stdout"));
    }

    /** What it wrote to its standard error so far, as UTF-8 ({@link ContainerSpec.Stdio#COLLECT}); kept after close. */
    public synchronized String stderr() {
        requireStdio(ContainerSpec.Stdio.COLLECT);
        return closed ? stderrAtClose : read(dir.resolve("stderr"));
    }

    private void requireStdio(ContainerSpec.Stdio stdio) {
        if (spec.stdio() != stdio) {
            throw new IllegalStateException("container " + id + " was started with Stdio." + spec.stdio() + ", not " + stdio);
        }
    }

    /** Kills it if it still runs, deletes it, and removes its files. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (spec.stdio() == ContainerSpec.Stdio.COLLECT) {
                stdoutAtClose = read(dir.resolve("stdout"));
                stderrAtClose = read(dir.resolve("stderr"));
            }
            closed = true;
        }
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        RuntimeException failure = null;
        try {
            jrun.runtime().delete(id, true);
        } catch (JrunException e) {
            if (!e.getMessage().contains("does not exist")) {
                failure = e;
            }
        }
        try {
            if (!process.waitFor(STOP_DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            if (failure == null) {
                failure = new UncheckedIOException("cannot remove " + dir, e);
            }
        }
        jrun.forget(this);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "container " + id;
    }
}
