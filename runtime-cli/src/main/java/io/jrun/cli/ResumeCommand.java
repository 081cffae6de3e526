package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** `resume`: the processes of a paused container run again. */
final class ResumeCommand implements Command {
    @Override
    public String name() {
        return "resume";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "resumes all processes that have been previously paused",
                "",
                "The resume command resumes all processes in the instance of the container.",
                "",
                "Use jrun list to identify instances of containers and their current status.");
        spec.addPositional(Specs.containerId("the container to resume"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        context.runtime().resume(args.positional(0));
        return 0;
    }
}
