package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** `pause`: every process of the container frozen (its cgroup's freezer); `resume` thaws them. */
final class PauseCommand implements Command {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "pause suspends all processes inside the container",
                "",
                "The pause command suspends all processes in the instance of the container.",
                "",
                "Use jrun list to identify instances of containers and their current status.");
        spec.addPositional(Specs.containerId("the container to pause"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        context.runtime().pause(args.positional(0));
        return 0;
    }
}
