package io.jrun.cli;

import io.jrun.api.ContainerEvent;
import io.jrun.api.JrunException;
import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * `events`: the container's statistics every --interval and its OOM kills, one JSON object per
 * line as runc writes them, until the container is gone; with --stats, the statistics once.
 */
final class EventsCommand implements Command {
    @Override
    public String name() {
        return "events";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this,
                "display container events such as OOM notifications, cpu, memory, and IO usage statistics",
                "",
                "The events command displays information about the container. By default the information is "
                        + "displayed once every 5 seconds.");
        spec.addPositional(Specs.containerId("the container"));
        spec.addOption(Specs.option(String.class, "<duration>", "5s",
                "set the stats collection interval (default: ${DEFAULT-VALUE})", "--interval"));
        spec.addOption(Specs.flag("display the container's stats then exit", "--stats"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        String id = args.positional(0);
        String value = args.option("--interval");
        Duration interval;
        try {
            interval = GoParse.duration(value);
        } catch (GoParse.BadValue e) {
            throw new ParameterException(args.spec().commandLine(),
                    "invalid value \"" + value + "\" for flag --interval: " + e.getMessage());
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new JrunException("duration interval must be greater than 0");
        }
        PrintStream out = context.out();
        if (args.flag("--stats")) {
            out.print(EventJson.of(new ContainerEvent.Stats(id, context.runtime().stats(id))) + "\n");
            return 0;
        }
        context.runtime().events(id, interval, event -> {
            out.print(EventJson.of(event) + "\n");
            out.flush(); // a line as it happens: whoever reads the stream waits for it
            if (out.checkError()) {
                throw new JrunException("write the events to stdout: it was closed");
            }
        });
        return 0;
    }
}
