package io.jrun.cli;

import io.jrun.core.child.Warmup;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/** The jrun process: the real runtime, stdout and stderr in UTF-8 whatever the locale, exit status. */
public final class Main {
    private Main() {}

    /** The commands that parse a config and clone (state, kill, start and delete mostly run no JVM). */
    private static final Set<String> WARMED_UP = Set.of("run", "create", "exec", "start", "delete", "kill");

    public static void main(String[] args) {
        if (WARMED_UP.contains(String.valueOf(Cli.firstAfterGlobalOptions(args)))) {
            Warmup.start();
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err)), false, StandardCharsets.UTF_8);
        int status = run(args, out, err, Path.of("").toAbsolutePath());
        out.flush();
        err.flush();
        // Not System.exit: it asks for a System.Logger to log the exit, and finding the logging
        // service scans every jar on the class path (measured: 17 ms of each command). Nothing is
        // left for shutdown hooks by now (the image importer removes its own when it ends).
        Runtime.getRuntime().halt(status);
    }

    /** One command, as main runs it (the AOT training runs its commands through here too). */
    static int run(String[] args, PrintStream out, PrintStream err, Path cwd) {
        return new Cli(io.jrun.core.lifecycle.Lifecycle::new, CoreImageOperations::new, out, err, cwd).execute(args);
    }
}
