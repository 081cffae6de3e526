package io.jrun.cli;

import io.jrun.core.RunOptions;
import picocli.CommandLine.Model.CommandSpec;

/** `run`: create and start, and unless detached wait for the program and exit with its status. */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "create and run a container",
                "",
                "The run command creates an instance of a container for a bundle, a directory with a specification "
                        + "file named \"config.json\" and a root filesystem, and runs its program. Unless detached, "
                        + "jrun waits for the program and exits with its exit status.");
        spec.addPositional(Specs.containerId("your name for the instance of the container, unique on this host"));
        CreateFlags.addTo(spec);
        spec.addOption(Specs.flag("detach from the container's process", "--detach", "-d"));
        spec.addOption(Specs.flag("do not delete the container after it exits", "--keep"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        RunOptions options = new RunOptions(CreateFlags.options(args, context), args.flag("--detach"), args.flag("--keep"));
        return context.operations().run(args.positional(0), CreateFlags.bundle(args, context), options);
    }
}
