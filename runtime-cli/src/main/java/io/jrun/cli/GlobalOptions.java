package io.jrun.cli;

import io.jrun.api.RuntimeOptions;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * runc's global options, which come before the command.
 *
 * @param debug         --debug: log debug records too
 * @param log           --log: the file to append log records to; empty for stderr
 * @param logFormat     --log-format: "text" or "json"
 * @param root          --root: where container state lives
 * @param systemdCgroup --systemd-cgroup
 * @param rootless      --rootless: "true", "false" or "auto", passed on as given
 */
record GlobalOptions(boolean debug, String log, String logFormat, Path root, boolean systemdCgroup, String rootless) {

    /** The model of `jrun` itself: these options, --help and --version. */
    static CommandSpec spec() {
        CommandSpec spec = Specs.described(CommandSpec.create().name("jrun"),
                "",
                "jrun is an Open Container Initiative (OCI) runtime: a command line client for running applications "
                        + "packaged according to the OCI format, and a drop-in for runc.",
                "",
                "Containers are configured using bundles: a directory holding a specification file named "
                        + "\"config.json\" and a root filesystem.",
                "",
                "To start a new instance of a container:",
                "",
                "    # jrun run [ -b bundle ] <container-id>");
        spec.usageMessage()
                .customSynopsis("jrun [global options] command [command options] [arguments...]")
                .optionListHeading("%nGlobal options:%n")
                .commandListHeading("%nCommands:%n");
        spec.addOption(Specs.flag("enable debug logging", "--debug"));
        spec.addOption(Specs.option(String.class, "<file>", "",
                "set the log file to write jrun logs to (default is '/dev/stderr')", "--log"));
        spec.addOption(Specs.option(String.class, "<format>", "text",
                "set the log format ('text' (default), or 'json')", "--log-format"));
        spec.addOption(Specs.option(Path.class, "<dir>", RuntimeOptions.DEFAULT_ROOT,
                "root directory for storage of container state (this should be located in tmpfs) (default: ${DEFAULT-VALUE})",
                "--root"));
        spec.addOption(Specs.flag("enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\"",
                "--systemd-cgroup"));
        spec.addOption(Specs.option(String.class, "<value>", "auto",
                "ignore cgroup permission errors ('true', 'false', or 'auto') (default: ${DEFAULT-VALUE})", "--rootless"));
        spec.addOption(Specs.help());
        spec.addOption(OptionSpec.builder("-v", "--version").versionHelp(true).description("print the version").build());
        return spec;
    }

    /** The global options as parsed (defaults for those not given). */
    static GlobalOptions from(Args args) {
        return new GlobalOptions(args.flag("--debug"), args.option("--log"), args.option("--log-format"),
                args.option("--root"), args.flag("--systemd-cgroup"), args.option("--rootless"));
    }

    /** What the runtime is opened with; a relative --root is made absolute as runc does. */
    RuntimeOptions runtimeOptions(Path cwd) {
        return new RuntimeOptions(cwd.resolve(root).normalize(), systemdCgroup, rootless);
    }
}
