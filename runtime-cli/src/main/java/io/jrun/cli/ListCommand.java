package io.jrun.cli;

import io.jrun.api.ContainerState;
import io.jrun.api.JrunException;
import io.jrun.spec.Quote;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `list`: the containers under the root, as runc's table, as JSON, or their ids only. */
final class ListCommand implements Command {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "lists containers started by jrun with the given root",
                "",
                "The root is the global option \"--root\" (default: \"/run/jrun\").");
        spec.addOption(Specs.option(String.class, "<format>", "table",
                "select one of: table or json (default: \"${DEFAULT-VALUE}\")", "--format", "-f"));
        spec.addOption(Specs.flag("display only container IDs", "--quiet", "-q"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        boolean quiet = args.flag("--quiet");
        String format = args.option("--format");
        // As in runc, --quiet wins over --format (which then is not even checked).
        if (!quiet && !format.equals("table") && !format.equals("json")) {
            throw new JrunException("invalid format option " + Quote.value(format) + ": select one of table or json");
        }
        List<ContainerState> states = context.runtime().list();
        if (quiet) {
            StringBuilder ids = new StringBuilder();
            states.forEach(s -> ids.append(s.id()).append('\n'));
            context.out().print(ids);
        } else if (format.equals("json")) {
            context.out().print(StateJson.compactList(states) + "\n");
        } else {
            context.out().print(table(states));
        }
        return 0;
    }

    /** runc's table: tabwriter with minwidth 12 and padding 3; created as RFC 3339 with nanoseconds. */
    static String table(List<ContainerState> states) {
        TabWriter table = new TabWriter(12, 3).row("ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
        for (ContainerState s : states) {
            table.row(s.id(), Integer.toString(s.pid()), s.status() == null ? "" : s.status().word(),
                    StateJson.pathString(s.bundle()), StateJson.created(s.created()), s.owner() == null ? "" : s.owner());
        }
        return table.render();
    }
}
