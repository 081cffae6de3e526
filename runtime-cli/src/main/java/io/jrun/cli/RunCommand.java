package io.jrun.cli;

import io.jrun.api.CreateOptions;
import io.jrun.api.RunOptions;
import io.jrun.image.ImageRun;
import io.jrun.image.Storage;
import io.jrun.spec.Json;
import io.jrun.spec.Quote;
import java.nio.file.Files;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * `run`: create and start, and unless detached wait for the program and exit with its status.
 * Two forms: runc's, of a bundle, and the image form, of an imported image (see {@link #RULE}).
 */
final class RunCommand implements Command {
    /** How a command line's form is told, as `run --help` says it. */
    static final String RULE = "Which form: runc's when --bundle (-b) is given, or when there is one argument and the "
            + "current directory holds a config.json; the image form otherwise. In the image form, options go before "
            + "IMAGE: what follows it is the command (unless it is all jrun's options).";

    @Override
    public String name() {
        return "run";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "create and run a container",
                "",
                "The run command creates an instance of a container and runs its program. Unless detached, jrun "
                        + "waits for the program and exits with its exit status. It has two forms:",
                "",
                "runc's form, `jrun run [options] <container-id>`: the container is made from a bundle, a directory "
                        + "with a specification file named \"config.json\" and a root filesystem (--bundle, by default "
                        + "the current directory).",
                "",
                "The image form, `jrun run [options] IMAGE [COMMAND [ARG...]]`: the container is made from an image "
                        + "imported with `jrun image import`. jrun writes its config (as `jrun spec` does, with the "
                        + "image's Entrypoint, Cmd, Env, WorkingDir and User and the options), mounts an overlay root "
                        + "filesystem (the image's layers below a writable layer of the container's own) and runs it. "
                        + "COMMAND replaces the image's Cmd. The container has its own network namespace with only "
                        + "loopback, unless --network host, and its own cgroup namespace. It is removed with its files when its program exits, "
                        + "unless --keep or --detach (then `jrun delete` removes them); detached, its id is printed. "
                        + "Images and the containers' files are stored in " + Storage.DEFAULT + ", or in $"
                        + Storage.ENV + ".",
                "",
                RULE);
        spec.usageMessage().customSynopsis("jrun run [options] <container-id>",
                "       jrun run [options] IMAGE [COMMAND [ARG...]]");
        spec.addPositional(Specs.containerId("runc's form: your name for the instance of the container, unique on this "
                + "host; the image form: the image to run"));
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("COMMAND").hideParamSyntax(true)
                .description("the image form: the program and its arguments, instead of the image's Cmd").build());
        CreateFlags.addTo(spec);
        spec.addOption(Specs.flag("detach from the container's process", "--detach", "-d"));
        spec.addOption(Specs.flag("do not delete the container after it exits", "--keep"));
        ImageRunFlags.addTo(spec);
        spec.preprocessor(ImageRunFlags::preprocess);
        return spec;
    }

    @Override
    public int execute(Args args, Context context) {
        ParseResult parsed = args.spec().commandLine().getParseResult();
        List<String> command = args.positional(1) == null ? List.of() : args.positional(1);
        boolean bundleGiven = parsed.hasMatchedOption("--bundle");
        boolean runcForm = bundleGiven
                || (command.isEmpty() && Files.exists(context.absolute(java.nio.file.Path.of(Json.CONFIG_FILE))));
        CreateOptions create = CreateFlags.options(args, context);
        boolean detach = args.flag("--detach");
        boolean keep = args.flag("--keep");
        if (!runcForm) {
            ImageRun.Result r = context.images().run(
                    ImageRunFlags.options(args, context, args.positional(0), command, create, detach, keep));
            if (detach) {
                context.out().print(r.id() + "\n");
            }
            return r.status();
        }
        String why = bundleGiven ? "--bundle is given" : "./" + Json.CONFIG_FILE + " exists and there is one argument";
        List<String> imageOptions = ImageRunFlags.given(parsed);
        if (!imageOptions.isEmpty()) {
            throw new ParameterException(args.spec().commandLine(), String.join(", ", imageOptions)
                    + ": an option of the image form (jrun run [options] IMAGE ...), and this is runc's form (" + why + ")");
        }
        if (!command.isEmpty()) {
            throw new ParameterException(args.spec().commandLine(), "runc's form (" + why + ") takes one argument, the "
                    + "container id; there is more: " + Quote.bare(String.join(" ", command)));
        }
        RunOptions options = new RunOptions(create, detach, keep, context.supervisor());
        return context.runtime().run(args.positional(0), CreateFlags.bundle(args, context), options);
    }
}
