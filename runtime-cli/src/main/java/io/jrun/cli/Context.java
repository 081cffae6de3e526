package io.jrun.cli;

import io.jrun.api.ContainerRuntime;
import io.jrun.api.Supervisor;
import java.io.PrintStream;
import java.nio.file.Path;

/** What a running command can reach: its output, the working directory and the runtime. */
final class Context {
    private final Cli cli;
    private final GlobalOptions global;
    private ContainerRuntime runtime;
    private ImageOperations images;

    Context(Cli cli, GlobalOptions global) {
        this.cli = cli;
        this.global = global;
    }

    /** The runtime, opened on first use: commands like `spec` never open it. */
    ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = cli.factory().open(global.runtimeOptions(cli.cwd()));
        }
        return runtime;
    }

    /** The image store, opened on first use, over {@link #runtime()} (which it opens when it runs a container). */
    ImageOperations images() {
        if (images == null) {
            images = cli.images().open(this::runtime);
        }
        return images;
    }

    PrintStream out() {
        return cli.out();
    }

    /**
     * What `run` in the foreground hands its wait over to: bin/jrun, when it started this JVM
     * ({@code -Djrun.launcher.path}); null with --debug, whose records the JVM alone writes.
     */
    Supervisor supervisor() {
        String launcher = System.getProperty("jrun.launcher.path");
        if (launcher == null || launcher.isEmpty() || global.debug()) {
            return null;
        }
        Path log = global.log().isEmpty() ? null : absolute(Path.of(global.log()));
        String format = LogFormat.parse(global.logFormat()) == LogFormat.JSON ? "json" : "text";
        return new Supervisor(Path.of(launcher), log, format, cli::flush);
    }

    /** A path given on the command line, made absolute against the working directory (as runc does). */
    Path absolute(Path path) {
        return path == null ? null : cli.cwd().resolve(path).normalize();
    }
}
