package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** `delete`: remove a stopped container, or with --force any container, killing it first. */
final class DeleteCommand implements Command {
    @Override
    public String name() {
        return "delete";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this,
                "delete any resources held by the container often used with detached container");
        spec.addPositional(Specs.containerId("the container"));
        spec.addOption(Specs.flag("Forcibly deletes the container if it is still running (uses SIGKILL)", "--force", "-f"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        context.runtime().delete(args.positional(0), args.flag("--force"));
        return 0;
    }
}
