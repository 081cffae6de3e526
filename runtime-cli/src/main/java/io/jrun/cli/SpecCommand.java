package io.jrun.cli;

import io.jrun.api.JrunException;
import io.jrun.spec.Json;
import io.jrun.spec.Quote;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Model.CommandSpec;

/** `spec`: a starter config.json in the bundle, never over an existing one. */
final class SpecCommand implements Command {
    @Override
    public String name() {
        return "spec";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "create a new specification file",
                "",
                "The spec command creates the new specification file named \"config.json\" for the bundle. It is a "
                        + "starter file, to be edited: its program is \"sh\" on the root filesystem \"rootfs\". An "
                        + "existing config.json is never overwritten.",
                "",
                "With --rootless the configuration is for a rootless container: a user namespace maps container root "
                        + "to the calling user, and there is no network namespace.");
        spec.addOption(Specs.option(Path.class, "<dir>", Path.of("."), "path to the root of the bundle directory", "--bundle", "-b"));
        spec.addOption(Specs.flag("generate a configuration for a rootless container", "--rootless"));
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        Path dir = context.absolute(args.option("--bundle"));
        if (!Files.isDirectory(dir)) {
            throw new JrunException("bundle " + Quote.bare(dir.toString()) + ": " + (Files.exists(dir) ? "not a directory" : "no such file or directory"));
        }
        Path config = dir.resolve(Json.CONFIG_FILE);
        try {
            Json.writePretty(config, args.flag("--rootless") ? rootless() : SpecDefaults.example(), Json.Indent.TAB,
                    StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException e) {
            // runc's words.
            throw new JrunException("File " + Json.CONFIG_FILE + " exists. Remove it first");
        } catch (IOException e) {
            throw new JrunException("write " + Quote.bare(config.toString()) + ": " + IoErrors.reason(e), e);
        }
        return 0;
    }

    private static Spec rootless() {
        // runc maps container root to the effective ids; a JVM's real and effective ids are the same.
        LibC libc = Native.libc();
        return SpecDefaults.rootless(Integer.toUnsignedLong(libc.getuid()), Integer.toUnsignedLong(libc.getgid()));
    }
}
