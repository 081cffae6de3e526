package io.jrun.cli;

import io.jrun.api.ContainerRuntime;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.spec.Quote;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * One jrun invocation: runc's command line contract over a {@link ContainerRuntime}.
 *
 * <p>Exit statuses: 0 on success; for `run`, the container program's status; 1 for an error;
 * 1 for a usage error (bad or missing flag or argument) and 3 for an unknown command, after the
 * usage of the command on stderr. An error is reported as runc's fatal() does: to the log (stderr
 * in logrus text format unless --log) and, when the log is a file, also as a plain line on stderr.
 */
public final class Cli {
    private static final Log log = Log.of(Cli.class);

    /** Exit status of a command that does not exist (runc's, from urfave/cli). */
    static final int UNKNOWN_COMMAND = 3;

    /** The commands, in the order `jrun --help` lists them (runc's). */
    private static List<Command> commands() {
        return List.of(new CreateCommand(), new DeleteCommand(), new EventsCommand(), new ExecCommand(), new KillCommand(),
                new ListCommand(), new PauseCommand(), new PsCommand(), new ResumeCommand(), new RunCommand(),
                new SpecCommand(), new StartCommand(), new StateCommand(), new UpdateCommand(), new FeaturesCommand(),
                new ImageCommand(), new HelpCommand());
    }

    private final ContainerRuntime.Factory factory;
    private final ImageOperations.Factory images;
    private final PrintStream out;
    private final PrintStream err;
    private final Path cwd;

    /** The --log file of the current invocation, closed at its end. */
    private OutputStream logFile;

    /**
     * @param factory opens the runtime for the global options
     * @param images  the image store, over that runtime
     * @param out     the command's output
     * @param err     usage and errors
     * @param cwd     the absolute working directory, which relative paths are resolved against
     */
    public Cli(ContainerRuntime.Factory factory, ImageOperations.Factory images, PrintStream out, PrintStream err,
               Path cwd) {
        this.factory = factory;
        this.images = images;
        this.out = out;
        this.err = err;
        this.cwd = cwd;
    }

    ContainerRuntime.Factory factory() {
        return factory;
    }

    ImageOperations.Factory images() {
        return images;
    }

    PrintStream out() {
        return out;
    }

    /** Writes out what the command printed so far (the log's records are written as they come). */
    void flush() {
        out.flush();
        err.flush();
    }

    Path cwd() {
        return cwd;
    }

    /** Runs the command line {@code args}; returns the exit status. */
    public int execute(String... args) {
        Logging.use(LogTarget.stderr(err));
        String first = firstAfterGlobalOptions(args);
        if ("--version".equals(first) || "-v".equals(first)) {
            // As runc: the version, whatever follows. Nothing else to parse, so no picocli at all.
            return printVersion();
        }
        CommandLine root = commandLine(first);
        try {
            ParseResult parsed;
            try {
                parsed = root.parseArgs(args);
            } catch (ParameterException e) {
                return usageError(e, root);
            }
            if (parsed.isVersionHelpRequested()) {
                return printVersion();
            }
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            if (!parsed.hasSubcommand()) {
                root.usage(out);
                return 0;
            }
            CommandSpec commandSpec = parsed.subcommand().commandSpec();
            Command command = commandSpec.commandLine().getCommand();
            GlobalOptions global = globalOptions(root);
            try {
                useLog(global);
                return command.execute(new Args(commandSpec), new Context(this, global));
            } catch (ParameterException e) {
                return usageError(e, root);
            } catch (FailedWithStatus f) {
                fatal(describe(f.getCause()));
                return f.status();
            } catch (Throwable t) {
                // Whatever failed, engines learn it from the log: report it the one way.
                fatal(describe(t));
                return 1;
            }
        } finally {
            root.getOut().flush();
            root.getErr().flush();
            out.flush();
            err.flush();
            closeLog();
        }
    }

    private int printVersion() {
        out.print(BuildInfo.versionText());
        out.flush();
        return 0;
    }

    private CommandLine commandLine(String first) {
        CommandLine root = new CommandLine(GlobalOptions.spec());
        Command named = namedCommand(first);
        for (Command command : named == null ? commands() : List.of(named)) {
            CommandSpec spec = command.spec();
            spec.addOption(Specs.help());
            root.addSubcommand(spec.name(), new CommandLine(spec), spec.aliases());
        }
        // These settings reach every subcommand added above.
        root.setExpandAtFiles(false);            // "@x" is an id or a path, never a file of arguments
        root.setOverwrittenOptionsAllowed(true); // as Go's flag package: the last one wins
        root.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        root.setOut(new PrintWriter(out, false));
        root.setErr(new PrintWriter(err, false));
        return root;
    }

    /**
     * The first argument that is not a global option the main command knows (or its value), or
     * null if there is none: the command's name, "--version", "--help", an unknown option...
     * Read ahead of picocli for start-up time, so that an invocation models only what it needs.
     */
    static String firstAfterGlobalOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--log", "--log-format", "--root", "--rootless" -> i++;
                case "--debug", "--systemd-cgroup" -> { }
                default -> {
                    if (!arg.startsWith("--log=") && !arg.startsWith("--log-format=") && !arg.startsWith("--root=")
                            && !arg.startsWith("--rootless=")) {
                        return arg;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The command named first on the command line, when only its model is needed: each picocli
     * CommandLine costs a fresh JVM milliseconds, and one command is what nearly every invocation
     * runs. Null, for all of them, when the command list may be printed: no command or an unknown
     * one, `help`, the main --help, or an option the main command does not know (its usage error
     * shows the list).
     */
    static Command namedCommand(String first) {
        for (Command command : commands()) {
            if (!(command instanceof HelpCommand) && command.name().equals(first)) {
                return command;
            }
        }
        return null;
    }

    private static GlobalOptions globalOptions(CommandLine root) {
        return GlobalOptions.from(new Args(root.getCommandSpec()));
    }

    /** Prints the usage of the command the error is in, then reports the error; 1, or 3 for an unknown command. */
    private int usageError(ParameterException e, CommandLine root) {
        CommandLine where = e.getCommandLine();
        String unknownCommand = null;
        if (where == root && e instanceof UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            unknownCommand = u.getUnmatched().getFirst();
        }
        if (where != root) {
            // The global options parsed fine: report where they say, as runc does.
            try {
                useLog(globalOptions(root));
            } catch (JrunException ignored) {
                // Then stderr, where the usage goes anyway.
            }
        }
        where.usage(err);
        if (unknownCommand != null) {
            fatal("unknown command " + Quote.value(unknownCommand));
            return UNKNOWN_COMMAND;
        }
        fatal(bounded(e.getMessage()));
        return 1;
    }

    /** A message picocli made, with the arguments it quotes: each line {@link Quote#bare bounded}. */
    private static String bounded(String message) {
        if (message == null) {
            return "invalid usage";
        }
        StringBuilder b = new StringBuilder();
        message.lines().forEach(line -> Quote.append(b.isEmpty() ? b : b.append('\n'), line, false));
        return b.toString();
    }

    /** Points the log where the global options say: --log FILE (appended) or stderr, in --log-format. */
    private void useLog(GlobalOptions global) {
        LogFormat format = LogFormat.parse(global.logFormat());
        if (global.log().isEmpty()) {
            Logging.use(new LogTarget(err, true, format, global.debug()));
            return;
        }
        try {
            // runc opens it O_CREAT|O_WRONLY|O_APPEND, mode 0644.
            FileChannel channel = FileChannel.open(cwd.resolve(global.log()),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            logFile = Channels.newOutputStream(channel);
        } catch (IOException e) {
            throw new JrunException("open " + Quote.bare(global.log()) + ": " + IoErrors.reason(e), e);
        } catch (InvalidPathException e) {
            throw new JrunException("open " + Quote.bare(global.log()) + ": " + e.getReason(), e);
        }
        Logging.use(new LogTarget(logFile, false, format, global.debug()));
    }

    private void closeLog() {
        Logging.use(LogTarget.stderr(System.err));
        if (logFile != null) {
            try {
                logFile.close();
            } catch (IOException ignored) {
                // Every record was flushed when written.
            }
            logFile = null;
        }
    }

    /** runc's fatal(): the error to the log, and as a plain line to stderr unless the log is stderr. */
    private void fatal(String message) {
        log.error("{}", message);
        if (!Logging.target().isStderr()) {
            err.println(message);
        }
    }

    /** The user-facing text of a failure: a JrunException says it all; anything else is named too. */
    static String describe(Throwable t) {
        return t instanceof JrunException && t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
