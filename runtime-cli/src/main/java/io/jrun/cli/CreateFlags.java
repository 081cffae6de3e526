package io.jrun.cli;

import io.jrun.api.CreateOptions;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The options `create` and `run` share, with runc's names and defaults. */
final class CreateFlags {
    private CreateFlags() {}

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.option(Path.class, "<dir>", Path.of("."),
                "path to the root of the bundle directory, defaults to the current directory", "--bundle", "-b"));
        spec.addOption(Specs.option(Path.class, "<path>", null,
                "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the "
                        + "console's pseudoterminal", "--console-socket"));
        spec.addOption(Specs.option(Path.class, "<file>", null, "specify the file to write the process id to", "--pid-file"));
        spec.addOption(Specs.flag("do not use pivot root to jail process inside rootfs. This should be used whenever "
                + "the rootfs is on top of a ramdisk", "--no-pivot"));
        spec.addOption(Specs.flag("do not create a new session keyring for the container. This will cause the container "
                + "to inherit the calling processes session key", "--no-new-keyring"));
        spec.addOption(Specs.option(int.class, "<n>", 0,
                "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total) "
                        + "(default: ${DEFAULT-VALUE})", "--preserve-fds"));
    }

    /** The bundle directory, absolute. */
    static Path bundle(Args args, Context context) {
        return context.absolute(args.option("--bundle"));
    }

    static CreateOptions options(Args args, Context context) {
        int preserveFds = args.option("--preserve-fds");
        if (preserveFds < 0) {
            throw new ParameterException(args.spec().commandLine(),
                    "invalid value \"" + preserveFds + "\" for flag --preserve-fds: must not be negative");
        }
        return new CreateOptions(context.absolute(args.option("--pid-file")), context.absolute(args.option("--console-socket")),
                args.flag("--no-pivot"), args.flag("--no-new-keyring"), preserveFds);
    }
}
