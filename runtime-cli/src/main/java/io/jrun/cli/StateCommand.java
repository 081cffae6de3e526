package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** `state`: the container's state as JSON, as runc prints it. */
final class StateCommand implements Command {
    @Override
    public String name() {
        return "state";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "output the state of a container",
                "",
                "The state command outputs current state information for the instance of a container, as JSON.");
        spec.addPositional(Specs.containerId("the container"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        // runc ends the document without a newline; one is kinder to a shell, and no JSON reader minds.
        context.out().print(StateJson.pretty(context.runtime().state(args.positional(0))) + "\n");
        return 0;
    }
}
