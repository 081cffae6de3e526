package io.jrun.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The jrun process: the real runtime, stdout and stderr in UTF-8 whatever the locale, exit status. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err)), false, StandardCharsets.UTF_8);
        int status = run(args, out, err, Path.of("").toAbsolutePath());
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** One command, as main runs it (the AOT training runs its commands through here too). */
    static int run(String[] args, PrintStream out, PrintStream err, Path cwd) {
        return new Cli(CoreOperations::new, out, err, cwd).execute(args);
    }
}
