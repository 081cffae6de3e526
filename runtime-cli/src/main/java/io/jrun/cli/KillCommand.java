package io.jrun.cli;

import io.jrun.api.JrunException;
import io.jrun.spec.Quote;
import io.jrun.sys.Signals;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** `kill`: a signal, by name or number (default SIGTERM), to the container's process or all its processes. */
final class KillCommand implements Command {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this,
                "kill sends the specified signal (default: SIGTERM) to the container's init process",
                "",
                "For example, to send a KILL signal to the init process of the container \"ubuntu01\":",
                "",
                "       # jrun kill ubuntu01 KILL");
        spec.addPositional(Specs.containerId("the container"));
        spec.addPositional(PositionalParamSpec.builder().index("1").arity("0..1").type(String.class)
                .paramLabel("<signal>").defaultValue("SIGTERM")
                .description("the signal, by name (KILL, SIGKILL, kill) or number (default: ${DEFAULT-VALUE})").build());
        spec.addOption(Specs.flag("send the specified signal to all processes inside the container", "--all", "-a"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        String signal = args.positional(1);
        int number = Signals.parse(signal);
        if (number < 0) {
            // Checked before the runtime is asked anything, as bad input should be.
            throw new JrunException("unknown signal " + Quote.value(signal));
        }
        context.runtime().kill(args.positional(0), number, args.flag("--all"));
        return 0;
    }
}
