package io.jrun.cli;

import io.jrun.api.JrunException;
import io.jrun.core.host.CallerEnvironment;
import io.jrun.spec.Quote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * `ps`: the container's processes. As JSON, the array of their host pids (what containerd's shim
 * reads); as a table, what runc shows: the host's ps(1) run with the options after the container
 * id (default -ef), its lines kept for the container's pids only.
 */
final class PsCommand implements Command {
    @Override
    public String name() {
        return "ps";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "ps displays the processes running inside a container",
                "",
                "The table is the output of ps(1) with the given ps options (default: -ef), cut down to the "
                        + "container's processes; json is the array of their pids.");
        // Everything after the container id is for ps(1), dashes and all.
        spec.parser().stopAtPositional(true);
        spec.addPositional(Specs.containerId("the container"));
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("<ps options>")
                .description("options for ps(1) (default: -ef)").build());
        spec.addOption(Specs.option(String.class, "<format>", "table",
                "select one of: table or json (default: \"${DEFAULT-VALUE}\")", "--format", "-f"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        String format = args.option("--format");
        if (!format.equals("table") && !format.equals("json")) {
            throw new JrunException("invalid format option " + Quote.value(format) + ": select one of table or json");
        }
        List<Integer> pids = context.runtime().ps(args.positional(0));
        if (format.equals("json")) {
            context.out().print(json(pids) + "\n");
            return 0;
        }
        List<String> psOptions = args.positional(1);
        context.out().print(table(runPs(psOptions == null || psOptions.isEmpty() ? List.of("-ef") : psOptions), pids));
        return 0;
    }

    /** The pids as json.Encoder writes a []int, one line. */
    static String json(List<Integer> pids) {
        StringBuilder b = new StringBuilder(8 * pids.size() + 2).append('[');
        for (int i = 0; i < pids.size(); i++) {
            b.append(i == 0 ? "" : ",").append(pids.get(i));
        }
        return b.append(']').toString();
    }

    /** ps(1)'s output, stdout and stderr together (as runc's CombinedOutput); an error if it fails. */
    private static String runPs(List<String> options) {
        List<String> argv = new ArrayList<>();
        argv.add("ps");
        argv.addAll(options);
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(CallerEnvironment.get()); // not the launcher's LD_LIBRARY_PATH
            Process ps = builder.start();
            String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = ps.waitFor();
            if (status != 0) {
                throw new JrunException("ps " + Quote.bare(String.join(" ", options)) + ": exit status " + status + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new JrunException("exec: \"ps\": executable file not found in $PATH (" + IoErrors.reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while running ps", e);
        }
    }

    /**
     * runc's filter: the header, then the lines whose PID column holds one of {@code pids}.
     *
     * @throws JrunException if the header has no PID column or a PID is not a number
     */
    static String table(String psOutput, List<Integer> pids) {
        String[] lines = psOutput.split("\n");
        String[] header = lines[0].strip().split("\\s+");
        int pidIndex = List.of(header).indexOf("PID");
        if (pidIndex < 0) {
            throw new JrunException("couldn't find PID field in ps output");
        }
        Set<Integer> wanted = new HashSet<>(pids);
        StringBuilder out = new StringBuilder(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.strip().split("\\s+");
            if (fields.length <= pidIndex) {
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(fields[pidIndex]);
            } catch (NumberFormatException e) {
                throw new JrunException("unable to parse pid: strconv.Atoi: parsing \"" + fields[pidIndex]
                        + "\": invalid syntax");
            }
            if (wanted.contains(pid)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
