package io.jrun.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/** `help [command]` (or `h`): the usage of jrun or of one command, as runc's help command. */
final class HelpCommand implements Command {
    @Override
    public String name() {
        return "help";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "Shows a list of commands or help for one command");
        spec.aliases("h");
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").type(String.class)
                .paramLabel("<command>").description("the command to show help for").build());
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        CommandLine root = args.spec().parent().commandLine();
        String topic = args.positional(0);
        if (topic == null) {
            root.usage(context.out());
            return 0;
        }
        CommandLine command = root.getSubcommands().get(topic);
        if (command == null) {
            throw new UnmatchedArgumentException(root, List.of(topic));
        }
        command.usage(context.out());
        return 0;
    }
}
