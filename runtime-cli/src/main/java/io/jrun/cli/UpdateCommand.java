package io.jrun.cli;

import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.spec.Json;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Quote;
import io.jrun.spec.SpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * `update`: new resource limits for a running container, as a LinuxResources document (--resources
 * FILE, or - for stdin) or with runc's flags. As in runc, a value of 0 (or "") leaves that limit as
 * it is, and with --resources every other flag is ignored. Sizes take go-units' forms ("100m",
 * "1.5G", "64MiB"); -1 is unlimited.
 */
final class UpdateCommand implements Command {
    private static final Log log = Log.of(UpdateCommand.class);

    @Override
    public String name() {
        return "update";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "update container resource constraints",
                "",
                "The resources are read from a file, or from the standard input with \"--resources -\", in this "
                        + "format (unchanged values can be omitted; 0 leaves a value as it is):",
                "",
                "{",
                "  \"memory\": {",
                "    \"limit\": 0,",
                "    \"reservation\": 0,",
                "    \"swap\": 0,",
                "    \"checkBeforeUpdate\": true",
                "  },",
                "  \"cpu\": {",
                "    \"shares\": 0,",
                "    \"quota\": 0,",
                "    \"burst\": 0,",
                "    \"period\": 0,",
                "    \"cpus\": \"\",",
                "    \"mems\": \"\",",
                "    \"idle\": 0",
                "  },",
                "  \"pids\": {",
                "    \"limit\": 0",
                "  },",
                "  \"blockIO\": {",
                "    \"weight\": 0",
                "  }",
                "}",
                "",
                "Note: if data is to be read from a file or the standard input, all other options are ignored.");
        spec.addPositional(Specs.containerId("the container"));
        spec.addOption(value("<file>", "path to the file containing the resources to update or '-' to read from "
                + "the standard input", "--resources", "-r"));
        spec.addOption(value("<weight>", "Specifies per cgroup weight, range is from 10 to 1000", "--blkio-weight"));
        spec.addOption(value("<usecs>", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default",
                "--cpu-period"));
        spec.addOption(value("<usecs>", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period",
                "--cpu-quota"));
        spec.addOption(value("<usecs>", "CPU CFS hardcap burst limit (in usecs). Allowed accumulated cpu time "
                + "additionally for burst a given period", "--cpu-burst"));
        spec.addOption(value("<shares>", "CPU shares (relative weight vs. other containers)", "--cpu-share"));
        spec.addOption(value("<usecs>", "CPU realtime period to be used for hardcapping (in usecs). 0 to use system "
                + "default", "--cpu-rt-period"));
        spec.addOption(value("<usecs>", "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period",
                "--cpu-rt-runtime"));
        spec.addOption(value("<cpus>", "CPU(s) to use", "--cpuset-cpus"));
        spec.addOption(value("<mems>", "Memory node(s) to use", "--cpuset-mems"));
        spec.addOption(hidden("--kernel-memory"));
        spec.addOption(hidden("--kernel-memory-tcp"));
        spec.addOption(value("<bytes>", "Memory limit (in bytes)", "--memory"));
        spec.addOption(value("<0|1>", "set cgroup SCHED_IDLE or not, 0: default behavior, 1: SCHED_IDLE", "--cpu-idle"));
        spec.addOption(value("<bytes>", "Memory reservation or soft_limit (in bytes)", "--memory-reservation"));
        spec.addOption(value("<bytes>", "Total memory usage (memory + swap); set '-1' to enable unlimited swap",
                "--memory-swap"));
        spec.addOption(value("<n>", "Maximum number of pids allowed in the container", "--pids-limit"));
        spec.addOption(value("<schema>", "The string of Intel RDT/CAT L3 cache schema", "--l3-cache-schema"));
        spec.addOption(value("<schema>", "The string of Intel RDT/MBA memory bandwidth schema", "--mem-bw-schema"));
        return spec;
    }

    private static OptionSpec value(String label, String description, String... names) {
        return Specs.option(String.class, label, null, description, names);
    }

    private static OptionSpec hidden(String name) {
        return OptionSpec.builder(name).type(String.class).paramLabel("<value>").hidden(true)
                .description("(obsoleted; do not use)").build();
    }

    @Override
    public int execute(Args args, Context context) {
        String id = args.positional(0);
        String file = args.option("--resources");
        LinuxResources resources = file != null && !file.isEmpty() ? read(file, context) : fromFlags(args);
        context.runtime().update(id, resources);
        return 0;
    }

    /** The LinuxResources document in {@code file}, or on stdin for "-". */
    private static LinuxResources read(String file, Context context) {
        String source = file.equals("-") ? "stdin" : Quote.bare(file);
        String text;
        try {
            text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(context.absolute(Path.of(file)));
        } catch (IOException e) {
            throw new JrunException("read the resources from " + source + ": " + IoErrors.reason(e), e);
        }
        try {
            return Json.parse(text, LinuxResources.class, source);
        } catch (SpecException e) {
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** runc's flags as a LinuxResources request (absent for a flag not given, or given as 0). */
    static LinuxResources fromFlags(Args args) {
        for (String obsolete : new String[] {"--kernel-memory", "--kernel-memory-tcp"}) {
            if (given(args, obsolete)) {
                log.warn("Setting {} is ignored and will be removed", obsolete);
            }
        }
        if (given(args, "--l3-cache-schema")) {
            throw new JrunException("Intel RDT/CAT: l3 cache schema is not supported by jrun");
        }
        if (given(args, "--mem-bw-schema")) {
            throw new JrunException("Intel RDT/MBA: memory bandwidth schema is not supported by jrun");
        }
        Long weight = number(args, "--blkio-weight");
        if (weight != null && (weight < 0 || weight > 0xFFFF)) {
            throw new JrunException("invalid value for blkio-weight: " + weight + " is not between 10 and 1000");
        }
        LinuxMemory memory = new LinuxMemory(size(args, "--memory"), size(args, "--memory-reservation"),
                size(args, "--memory-swap"), null, null, null, null, null, null);
        LinuxCpu cpu = new LinuxCpu(unsigned(args, "--cpu-share"), number(args, "--cpu-quota"),
                unsigned(args, "--cpu-burst"), unsigned(args, "--cpu-period"), number(args, "--cpu-rt-runtime"),
                unsigned(args, "--cpu-rt-period"), args.option("--cpuset-cpus"), args.option("--cpuset-mems"),
                number(args, "--cpu-idle"));
        return new LinuxResources(null, memory, cpu, new LinuxPids(number(args, "--pids-limit")),
                new LinuxBlockIo(weight == null ? null : weight.intValue(), null, null, null, null, null, null),
                null, null, null, null);
    }

    private static boolean given(Args args, String name) {
        String v = args.option(name);
        return v != null && !v.isEmpty();
    }

    /** How a flag's value is read; throws with the Go library's message. */
    @FunctionalInterface
    private interface Parser {
        long parse(String value) throws GoParse.BadValue;
    }

    /** A signed integer flag (strconv.ParseInt). */
    private static Long number(Args args, String name) {
        return parsed(args, name, GoParse::parseInt);
    }

    /** An unsigned integer flag (strconv.ParseUint). */
    private static Long unsigned(Args args, String name) {
        return parsed(args, name, GoParse::parseUint);
    }

    /** A memory size: -1 (unlimited) or go-units' RAMInBytes. */
    private static Long size(Args args, String name) {
        return parsed(args, name, v -> v.equals("-1") ? -1 : GoParse.ramInBytes(v));
    }

    /** The flag's value, or null when it was not given. */
    private static Long parsed(Args args, String name, Parser parser) {
        if (!given(args, name)) {
            return null;
        }
        try {
            return parser.parse(args.option(name));
        } catch (GoParse.BadValue e) {
            throw new JrunException("invalid value for " + name.substring(2) + ": " + e.getMessage());
        }
    }
}
