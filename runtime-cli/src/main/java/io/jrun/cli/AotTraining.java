package io.jrun.cli;

import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.CloneStage;
import io.jrun.core.init.ExecProgram;
import io.jrun.sys.Native;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run the build makes jrun's AOT cache from (JRUN_AOT_OUTPUT=... bin/jrun): the
 * commands' code paths, each once, with their output thrown away. It needs no root: where a
 * command would need it (a container's namespaces) the path it takes is the error path, which
 * loads and links the same classes up to the clone. A plain clone without namespaces then
 * takes the child stage through a real exec. Its log records are dropped, so that slf4j and
 * logback stay out of the cache (see {@link Logging}).
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true);
        System.setErr(nowhere);
        // No record is written: every class in the cache is loaded by every command as it starts,
        // and logback must load only in a command that logs.
        Logging.dropRecords();
        Path dir = Files.createTempDirectory("jrun-aot-training");
        try {
            train(dir, nowhere);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
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
            new Cli(CoreOperations::new, nowhere, nowhere, dir).execute(c);
        }
        // The child stage, for real: clone, the child's program, exec, wait.
        ChildProcess child = new CloneStage().start(ExecProgram.build(new ExecProgram.Config(null, "/bin/true",
                List.of("true"), List.of(), null, -1, -1, -1)), new ChildStage.Clone(0, -1));
        try (child) {
            child.awaitExec();
            int[] status = new int[1];
            Native.libc().waitpid(child.pid(), status, 0);
        }
    }
}
