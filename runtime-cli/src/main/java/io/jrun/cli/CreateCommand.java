package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** `create`: the container process exists, configured, and waits for `start`. */
final class CreateCommand implements Command {
    @Override
    public String name() {
        return "create";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "create a container",
                "",
                "The create command creates an instance of a container for a bundle. The bundle is a directory with a "
                        + "specification file named \"config.json\" and a root filesystem. The container's program "
                        + "(process.args of the specification) runs when `jrun start` is called.");
        spec.addPositional(Specs.containerId("your name for the instance of the container, unique on this host"));
        CreateFlags.addTo(spec);
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        context.runtime().create(args.positional(0), CreateFlags.bundle(args, context), CreateFlags.options(args, context));
        return 0;
    }
}
