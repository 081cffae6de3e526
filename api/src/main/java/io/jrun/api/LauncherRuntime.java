package io.jrun.api;

import io.jrun.spec.Features;
import io.jrun.spec.Json;
import io.jrun.spec.LinuxResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The runtime's operations, each one a run of jrun's launcher ({@code bin/jrun}, found by
 * {@link Launcher}): the way any JVM but the launcher's own runs containers. A container's
 * process is a clone of the JVM that creates it, and only the launcher's JVM is prepared for
 * that (README, "Java API"). The launcher's commands that need no JVM (state, kill, delete, list)
 * take a millisecond or two.
 *
 * <p>create, run and exec give the container's process this JVM's standard input, output and
 * error, as the command line would; {@link Jrun} redirects them. Thread-safe: every call is a
 * process of its own.
 */
public final class LauncherRuntime implements ContainerRuntime {
    private final Launcher launcher;
    private final RuntimeOptions options;

    public LauncherRuntime(Launcher launcher, RuntimeOptions options) {
        this.launcher = launcher;
        this.options = options;
    }

    @Override
    public RuntimeOptions options() {
        return options;
    }

    /** The command line of one jrun command: the global options, then {@code command}. */
    List<String> commandLine(Path log, List<String> command) {
        List<String> line = new ArrayList<>();
        line.add(launcher.executable().toString());
        line.add("--root");
        line.add(options.root().toString());
        if (options.systemdCgroup()) {
            line.add("--systemd-cgroup");
        }
        line.add("--log-format");
        line.add("json");
        if (log != null) {
            line.add("--log");
            line.add(log.toString());
        }
        line.addAll(command);
        return line;
    }

    /**
     * A command whose output this JVM reads (state, list, ps, events --stats, ...).
     *
     * @throws JrunException with jrun's message when it exits non-zero
     */
    private String call(List<String> command, byte[] input) {
        ProcessBuilder pb = new ProcessBuilder(commandLine(null, command));
        pb.redirectInput(input == null ? Redirect.from(new java.io.File("/dev/null")) : Redirect.PIPE);
        Process p = start(pb);
        CompletableFuture<String> err = readAsync(p.getErrorStream());
        try {
            if (input != null) {
                try (var in = p.getOutputStream()) {
                    in.write(input);
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw failure(command, err.join());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("jrun " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new JrunException("jrun " + command.getFirst() + ": interrupted");
        }
    }

    static Process start(ProcessBuilder pb) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new JrunException("cannot start jrun's launcher " + pb.command().getFirst() + ": " + e.getMessage());
        }
    }

    static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, Thread::startVirtualThread);
    }

    /** One record of jrun's log in --log-format json. */
    record LogRecord(String level, String msg) {}

    /** jrun's error, as the command line printed it: the last error record of its log or stderr. */
    static JrunException failure(List<String> command, String log) {
        String message = null;
        for (String line : log.lines().toList()) {
            if (line.startsWith("{")) {
                try {
                    LogRecord r = Json.parse(line, LogRecord.class, "jrun's log");
                    if (("error".equals(r.level()) || "fatal".equals(r.level())) && r.msg() != null) {
                        message = r.msg();
                    }
                } catch (RuntimeException notARecord) {
                    // a line of the container's own output
                }
            }
        }
        if (message == null) {
            String text = log.strip();
            message = text.isEmpty() ? "jrun " + command.getFirst() + " failed" : text;
        }
        return new JrunException(message);
    }

    /** A command whose process has this JVM's stdio, as on the command line; jrun's own messages go to a log file. */
    private int inherit(List<String> command, boolean statusIsResult) {
        Path log = tempLog();
        try {
            ProcessBuilder pb = new ProcessBuilder(commandLine(log, command)).inheritIO();
            Process p = start(pb);
            int status = p.waitFor();
            if (status != 0) {
                String text = Files.readString(log);
                // jrun's own failure exits 1 with an error record; a program's status comes with
                // none, but for "container was OOM-killed", which jrun logs only beside 137 (a
                // SIGKILL), so that a program's own 1 is never taken for jrun's
                if (!statusIsResult || (status == 1 && text.contains("\"level\":\"error\""))) {
                    throw failure(command, text);
                }
            }
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("jrun " + command.getFirst() + ": interrupted");
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    static Path tempLog() {
        try {
            return Files.createTempFile("jrun-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary file for jrun's log", e);
        }
    }

    private static List<String> createFlags(CreateOptions o) {
        List<String> flags = new ArrayList<>();
        if (o.pidFile() != null) {
            flags.add("--pid-file=" + o.pidFile().toAbsolutePath());
        }
        if (o.consoleSocket() != null) {
            flags.add("--console-socket=" + o.consoleSocket().toAbsolutePath());
        }
        if (o.noPivot()) {
            flags.add("--no-pivot");
        }
        if (o.noNewKeyring()) {
            flags.add("--no-new-keyring");
        }
        if (o.preserveFds() > 0) {
            flags.add("--preserve-fds=" + o.preserveFds());
        }
        return flags;
    }

    @Override
    public ContainerState create(String id, Path bundle, CreateOptions create) {
        List<String> command = new ArrayList<>(List.of("create", "--bundle", bundle.toAbsolutePath().toString()));
        command.addAll(createFlags(create));
        command.add(id);
        inherit(command, false);
        return state(id);
    }

    @Override
    public void start(String id) {
        call(List.of("start", id), null);
    }

    @Override
    public int run(String id, Path bundle, RunOptions run) {
        List<String> command = new ArrayList<>(List.of("run", "--bundle", bundle.toAbsolutePath().toString()));
        command.addAll(createFlags(run.create()));
        if (run.detach()) {
            command.add("--detach");
        }
        if (run.keep()) {
            command.add("--keep");
        }
        command.add(id);
        return inherit(command, true);
    }

    @Override
    public ContainerState state(String id) {
        return StateDocument.parse(call(List.of("state", id), null));
    }

    @Override
    public int exec(String id, ExecOptions o) {
        return inherit(execCommand(id, o), !o.detach());
    }

    /** `exec`'s command line for {@code o}; a process document goes through a file. */
    static List<String> execCommand(String id, ExecOptions o) {
        List<String> c = new ArrayList<>(List.of("exec"));
        if (o.process() != null) {
            try {
                Path file = Files.createTempFile("jrun-process-", ".json");
                file.toFile().deleteOnExit();
                Files.writeString(file, Json.toJson(o.process()));
                c.add("--process=" + file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the process document", e);
            }
        }
        if (o.cwd() != null) {
            c.add("--cwd=" + o.cwd());
        }
        o.env().forEach(e -> c.add("--env=" + e));
        if (o.tty()) {
            c.add("--tty");
        }
        if (o.user() != null) {
            c.add("--user=" + o.user());
        }
        o.additionalGids().forEach(g -> c.add("--additional-gids=" + g));
        o.caps().forEach(cap -> c.add("--cap=" + cap));
        if (o.noNewPrivs()) {
            c.add("--no-new-privs");
        }
        if (o.apparmor() != null) {
            c.add("--apparmor=" + o.apparmor());
        }
        if (o.processLabel() != null) {
            c.add("--process-label=" + o.processLabel());
        }
        if (o.detach()) {
            c.add("--detach");
        }
        if (o.pidFile() != null) {
            c.add("--pid-file=" + o.pidFile().toAbsolutePath());
        }
        if (o.consoleSocket() != null) {
            c.add("--console-socket=" + o.consoleSocket().toAbsolutePath());
        }
        if (o.preserveFds() > 0) {
            c.add("--preserve-fds=" + o.preserveFds());
        }
        if (o.cgroup() != null) {
            c.add("--cgroup=" + o.cgroup());
        }
        if (o.ignorePaused()) {
            c.add("--ignore-paused");
        }
        c.add(id);
        if (o.process() == null) {
            // after the id, as runc's: options stop at the first operand, so the command's own
            // "-x" arguments stay its own
            c.addAll(o.args());
        }
        return c;
    }

    @Override
    public void kill(String id, int signal, boolean all) {
        List<String> command = new ArrayList<>(List.of("kill"));
        if (all) {
            command.add("--all");
        }
        command.add(id);
        command.add(Integer.toString(signal));
        call(command, null);
    }

    @Override
    public void delete(String id, boolean force) {
        call(force ? List.of("delete", "--force", id) : List.of("delete", id), null);
    }

    @Override
    public List<ContainerState> list() {
        String json = call(List.of("list", "--format", "json"), null).strip();
        if (json.isEmpty() || json.equals("null")) {
            return List.of();
        }
        return StateDocument.parseList(json);
    }

    @Override
    public void pause(String id) {
        call(List.of("pause", id), null);
    }

    @Override
    public void resume(String id) {
        call(List.of("resume", id), null);
    }

    @Override
    public List<Integer> ps(String id) {
        return Json.parseList(call(List.of("ps", "--format", "json", id), null), Integer.class, "jrun ps");
    }

    @Override
    public CgroupStats stats(String id) {
        ContainerEvent e = EventDocument.parse(call(List.of("events", "--stats", id), null));
        if (e instanceof ContainerEvent.Stats s) {
            return s.stats();
        }
        throw new JrunException("jrun events --stats " + id + " printed no statistics");
    }

    @Override
    public void events(String id, Duration interval, Consumer<ContainerEvent> sink) {
        long seconds = Math.max(1, interval.toSeconds());
        ProcessBuilder pb = new ProcessBuilder(commandLine(null, List.of("events", "--interval", seconds + "s", id)));
        pb.redirectInput(Redirect.from(new java.io.File("/dev/null")));
        Process p = start(pb);
        CompletableFuture<String> err = readAsync(p.getErrorStream());
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.isBlank()) {
                    sink.accept(EventDocument.parse(line));
                }
            }
            if (p.waitFor() != 0) {
                throw failure(List.of("events"), err.join());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void update(String id, LinuxResources resources) {
        call(List.of("update", "--resources", "-", id), Json.toJson(resources).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Features features() {
        return Json.parse(call(List.of("features"), null), Features.class, "jrun features");
    }

    /** What `jrun state` prints (runc's layout). */
    record StateDocument(String ociVersion, String id, int pid, String status, String bundle, String rootfs,
                         String created, String owner, Map<String, String> annotations) {
        static ContainerState parse(String json) {
            return Json.parse(json, StateDocument.class, "jrun state").toState();
        }

        /** `list --format json`: an array of states. */
        static List<ContainerState> parseList(String json) {
            return Json.parseList(json, StateDocument.class, "jrun list").stream().map(StateDocument::toState).toList();
        }

        ContainerState toState() {
            Status s = null;
            for (Status candidate : Status.values()) {
                if (candidate.word().equals(status)) {
                    s = candidate;
                }
            }
            Instant when = created == null || created.startsWith("0001-") ? null : Instant.parse(created);
            return new ContainerState(ociVersion, id, pid, s, bundle == null || bundle.isEmpty() ? null : Path.of(bundle),
                    rootfs == null || rootfs.isEmpty() ? null : Path.of(rootfs), when, owner, annotations);
        }
    }
}
