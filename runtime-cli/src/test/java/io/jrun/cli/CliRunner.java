package io.jrun.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the command line in this JVM against a {@link RecordingOperations}, capturing its output. */
final class CliRunner {
    record Result(int status, String out, String err) {}

    final RecordingOperations runtime = new RecordingOperations();
    final Path cwd;

    CliRunner(Path cwd) {
        this.cwd = cwd;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Cli(runtime, r -> runtime.images, o, e, cwd).execute(args);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
