package io.jrun.cli;

import io.jrun.api.FileTrees;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.CloneStage;
import io.jrun.core.program.HookProgram;
import io.jrun.sys.Native;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run the build makes jrun's AOT cache from (JRUN_AOT_OUTPUT=... bin/jrun): the
 * commands' code paths, each once, with their output thrown away. As root, with a static
 * busybox on the machine, real containers go through their whole lifecycle, the way engines
 * drive them (create, state, exec, pause, resume, ps, events, update, start, kill, delete, run
 * in the foreground with and without a terminal, seccomp): the classes of the success paths
 * are what every command loads. Without root the commands take their error paths, which load
 * the same classes up to the clone. A plain clone without namespaces takes the child stage
 * through a real exec either way. Whatever the training makes it removes. Its log records are
 * dropped, so that slf4j and logback stay out of the cache (see {@link Logging}).
 */
public final class AotTraining {
    private AotTraining() {}

    private static final Path BUSYBOX = Path.of("/bin/busybox");

    public static void main(String[] args) throws Exception {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true);
        System.setErr(nowhere);
        // stdin from /dev/null: a foreground run with a terminal would put the build's terminal in raw mode
        int devNull = Native.libc().open("/dev/null", 0 /* O_RDONLY */, 0);
        if (devNull > 0) {
            Native.libc().dup3(devNull, 0, 0);
            Native.libc().close(devNull);
        }
        // No record is written: every class in the cache is loaded by every command as it starts,
        // and logback must load only in a command that logs.
        Logging.dropRecords();
        Path dir = Files.createTempDirectory("jrun-aot-training");
        try {
            train(dir, nowhere);
        } finally {
            FileTrees.delete(dir);
        }
        System.exit(0);
    }

    private static void train(Path dir, PrintStream nowhere) throws IOException {
        Path root = dir.resolve("root");
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle.resolve("rootfs"));
        Path log = dir.resolve("log.json");
        String r = root.toString();
        String b = bundle.toString();
        List<String[]> commands = List.of(
                new String[] {"--version"},
                new String[] {"--help"},
                new String[] {"spec", "-b", b},
                new String[] {"spec", "--rootless", "-b", dir.toString()},
                new String[] {"features"},
                new String[] {"--root", r, "list"},
                new String[] {"--root", r, "list", "--format", "json"},
                new String[] {"--root", r, "state", "training"},
                new String[] {"--root", r, "--log", log.toString(), "--log-format", "json", "state", "training"},
                new String[] {"--root", r, "kill", "training", "KILL"},
                new String[] {"--root", r, "exec", "-e", "A=b", "--cwd", "/", "training", "sh", "-c", "true"},
                new String[] {"--root", r, "pause", "training"},
                new String[] {"--root", r, "resume", "training"},
                new String[] {"--root", r, "ps", "--format", "json", "training"},
                new String[] {"--root", r, "events", "--stats", "training"},
                new String[] {"--root", r, "update", "--memory", "100M", "--cpu-quota", "50000", "training"},
                new String[] {"--root", r, "start", "training"},
                new String[] {"--root", r, "delete", "--force", "training"},
                new String[] {"--root", r, "create", "--bundle", b, "--pid-file", dir.resolve("pid").toString(), "training"},
                new String[] {"--root", r, "run", "--bundle", b, "training"},
                new String[] {"run", "--help"},
                new String[] {"no-such-command"});
        for (String[] c : commands) {
            Main.run(c, nowhere, nowhere, dir);
        }
        if (Native.libc().getuid() == 0 && Files.isExecutable(BUSYBOX)) {
            containers(dir.resolve("containers"), nowhere);
        }
        // The child stage, for real: clone, the child's program, exec, wait. (Also without root.)
        ChildProcess child = new CloneStage().start(HookProgram.build(new HookProgram.Config(null, "/bin/true",
                List.of("true"), List.of(), null, -1, -1, -1)), new ChildStage.Clone(0, -1));
        try (child) {
            child.awaitExec();
            int[] status = new int[1];
            Native.libc().waitpid(child.pid(), status, 0);
        }
    }

    /**
     * Real containers, through the commands engines use, on a busybox root filesystem. Each
     * command's failure is only a gap in the training; the finally removes every container.
     */
    private static void containers(Path dir, PrintStream nowhere) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("bundle/rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        Files.createDirectories(rootfs.resolve("sys"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "true", "sleep")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        // one root filesystem for every bundle, by its real path
        String example = io.jrun.spec.Json.toJson(io.jrun.spec.SpecDefaults.example())
                .replace("\"path\":\"rootfs\"", "\"path\":\"" + rootfs.toRealPath() + "\"");
        String plain = example.replace("\"terminal\":true", "\"terminal\":false");
        Path bundle = dir.resolve("bundle");
        Path terminal = bundle(dir, "terminal", example.replace("\"args\":[\"sh\"]", "\"args\":[\"true\"]"));
        Path seccomp = bundle(dir, "seccomp", plain.replace("\"args\":[\"sh\"]", "\"args\":[\"true\"]").replace("\"linux\":{",
                "\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\","
                        + "\"SCMP_ARCH_AARCH64\"],\"syscalls\":[{\"names\":[\"mount\",\"unshare\"],\"action\":\"SCMP_ACT_ERRNO\"}]},"));
        Files.writeString(bundle.resolve("config.json"), plain.replace("\"args\":[\"sh\"]",
                "\"args\":[\"sh\",\"-c\",\"exec sleep 1000\"]"));
        String r = dir.resolve("root").toString();
        String id = "jrun-aot-training-" + ProcessHandle.current().pid();
        List<String> ids = List.of(id, id + "-run", id + "-tty", id + "-seccomp");
        List<String[]> commands = List.of(
                new String[] {"--root", r, "create", "--bundle", bundle.toString(), "--pid-file", dir.resolve("pid").toString(), id},
                new String[] {"--root", r, "state", id},
                new String[] {"--root", r, "list"},
                new String[] {"--root", r, "exec", id, "true"},
                new String[] {"--root", r, "pause", id},
                new String[] {"--root", r, "resume", id},
                new String[] {"--root", r, "start", id},
                new String[] {"--root", r, "ps", id},
                new String[] {"--root", r, "ps", "--format", "json", id},
                new String[] {"--root", r, "events", "--stats", id},
                new String[] {"--root", r, "update", "--pids-limit", "100", id},
                new String[] {"--root", r, "exec", "--env", "A=b", "--cwd", "/tmp", id, "sh", "-c", "true"},
                new String[] {"--root", r, "exec", "-t", id, "true"},
                new String[] {"--root", r, "exec", "--detach", id, "true"},
                new String[] {"--root", r, "kill", id, "KILL"},
                new String[] {"--root", r, "delete", "--force", id},
                new String[] {"--root", r, "run", "--bundle", terminal.toString(), id + "-tty"},
                new String[] {"--root", r, "run", "--bundle", seccomp.toString(), id + "-seccomp"},
                new String[] {"--root", r, "run", "--detach", "--bundle", bundle.toString(), id + "-run"},
                new String[] {"--root", r, "kill", id + "-run"},
                new String[] {"--root", r, "delete", "--force", id + "-run"});
        try {
            for (String[] c : commands) {
                Main.run(c, nowhere, nowhere, dir);
            }
        } finally {
            for (String each : ids) {
                Main.run(new String[] {"--root", r, "delete", "--force", each}, nowhere, nowhere, dir);
            }
        }
    }

    /** A bundle directory {@code name} with {@code config}. */
    private static Path bundle(Path dir, String name, String config) throws IOException {
        Path b = Files.createDirectories(dir.resolve(name));
        Files.writeString(b.resolve("config.json"), config);
        return b;
    }
}
