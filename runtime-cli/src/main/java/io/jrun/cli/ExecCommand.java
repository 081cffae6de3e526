package io.jrun.cli;

import io.jrun.api.ExecOptions;
import io.jrun.api.JrunException;
import io.jrun.spec.Json;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `exec`: run a new process inside a container, with runc's flags. Options come before the
 * container id; everything after the command is the command's own.
 */
final class ExecCommand implements Command {
    /** runc's status when exec itself fails (the process's own status otherwise). */
    static final int FAILED = 255;

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "execute new process inside the container",
                "",
                "The exec command executes a new process inside an existing container: the command and its arguments "
                        + "after the container id, or a whole process document with --process.",
                "",
                "For example, to list the processes of the container \"ubuntu01\":",
                "",
                "       # jrun exec ubuntu01 ps");
        spec.parser().stopAtPositional(true);
        spec.addPositional(Specs.containerId("the container"));
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").type(List.class).auxiliaryTypes(String.class)
                .paramLabel("<command>").description("the command and its arguments").build());
        spec.addOption(Specs.option(Path.class, "<path>", null,
                "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the "
                        + "console's pseudoterminal", "--console-socket"));
        spec.addOption(Specs.option(String.class, "<dir>", null, "current working directory in the container", "--cwd"));
        spec.addOption(multi("<KEY=VALUE>", "set environment variables", "--env", "-e"));
        spec.addOption(Specs.flag("allocate a pseudo-TTY", "--tty", "-t"));
        spec.addOption(Specs.option(String.class, "<uid[:gid]>", null, "UID (format: <uid>[:<gid>])", "--user", "-u"));
        spec.addOption(multi("<gid>", "additional gids", "--additional-gids", "-g"));
        spec.addOption(Specs.option(Path.class, "<file>", null, "path to the process.json", "--process", "-p"));
        spec.addOption(Specs.flag("detach from the container's process", "--detach", "-d"));
        spec.addOption(Specs.option(Path.class, "<file>", null, "specify the file to write the process id to", "--pid-file"));
        spec.addOption(Specs.option(String.class, "<label>", null, "set the asm process label for the process commonly "
                + "used with selinux", "--process-label"));
        spec.addOption(Specs.option(String.class, "<profile>", null, "set the apparmor profile for the process", "--apparmor"));
        spec.addOption(Specs.flag("set the no new privileges value for the process", "--no-new-privs"));
        spec.addOption(multi("<cap>", "add a capability to the bounding set for the process", "--cap", "-c"));
        spec.addOption(Specs.option(int.class, "<n>", 0,
                "Pass N additional file descriptors to the container (stdio + N in total) (default: ${DEFAULT-VALUE})",
                "--preserve-fds"));
        spec.addOption(Specs.option(String.class, "<path>", null, "run the process in an (existing) sub-cgroup of the "
                + "container's cgroup", "--cgroup"));
        spec.addOption(Specs.flag("allow exec in a paused container", "--ignore-paused"));
        return spec;
    }

    private static OptionSpec multi(String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
                .initialValue(new ArrayList<String>()).description(description).build();
    }

    @Override
    public int execute(Args args, Context context) {
        String id = args.positional(0);
        List<String> command = args.positional(1);
        Path processFile = context.absolute(args.option("--process"));
        if (processFile == null && (command == null || command.isEmpty())) {
            throw new ParameterException(args.spec().commandLine(), "exec: specify a command, or a process document with --process");
        }
        int preserveFds = args.option("--preserve-fds");
        if (preserveFds < 0) {
            throw new ParameterException(args.spec().commandLine(),
                    "invalid value \"" + preserveFds + "\" for flag --preserve-fds: must not be negative");
        }
        List<String> gidStrings = args.option("--additional-gids");
        List<Long> gids = new ArrayList<>();
        for (String g : gidStrings) {
            try {
                gids.add(Long.parseLong(g));
            } catch (NumberFormatException e) {
                throw new ParameterException(args.spec().commandLine(), "invalid value " + Quote.value(g) + " for flag -g: not a number");
            }
        }
        try {
            Process process = null;
            if (processFile != null) {
                try {
                    process = Json.readProcess(processFile);
                } catch (IOException e) {
                    throw new JrunException("--process " + Quote.bare(processFile.toString()) + ": " + IoErrors.reason(e), e);
                }
            }
            ExecOptions options = new ExecOptions(process, command, args.option("--cwd"), args.option("--env"),
                    args.flag("--tty"), args.option("--user"), gids, args.option("--cap"), args.flag("--no-new-privs"),
                    args.option("--apparmor"), args.option("--process-label"), args.flag("--detach"),
                    context.absolute(args.option("--pid-file")), context.absolute(args.option("--console-socket")),
                    preserveFds, args.option("--cgroup"), args.flag("--ignore-paused"));
            return context.runtime().exec(id, options);
        } catch (RuntimeException e) {
            throw new FailedWithStatus(FAILED, e);
        }
    }
}
