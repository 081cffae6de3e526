package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** `start`: the created container's process executes its program. */
final class StartCommand implements Command {
    @Override
    public String name() {
        return "start";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "executes the user defined process in a created container");
        spec.addPositional(Specs.containerId("the created container to start"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        context.runtime().start(args.positional(0));
        return 0;
    }
}
