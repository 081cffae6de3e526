package io.jrun.cli;

import io.jrun.api.CreateOptions;
import io.jrun.image.ImageRunOptions;
import io.jrun.sys.Native;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options of `run`'s image form ({@code jrun run [options] IMAGE [COMMAND [ARG...]]}), in the
 * spirit of docker run's, and how a `run` command line is read.
 */
final class ImageRunFlags {
    private ImageRunFlags() {}

    /** The image form's own options (runc's form refuses them). */
    static final List<String> NAMES = List.of("--name", "--env", "--workdir", "--user", "--hostname", "--volume",
            "--read-only", "--memory", "--pids-limit", "--cpus", "--network", "--tty", "--interactive");

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.option(String.class, "<name>", null,
                "image form: the container id (default: the image's name and a random suffix)", "--name"));
        spec.addOption(list("<KEY=VALUE>", "image form: set an environment variable (KEY alone: jrun's own value of "
                + "KEY); repeatable", "--env", "-e"));
        spec.addOption(Specs.option(String.class, "<dir>", null,
                "image form: the working directory (default: the image's WorkingDir, or /)", "--workdir", "-w"));
        spec.addOption(Specs.option(String.class, "<user[:group]>", null,
                "image form: the user, by name or number (default: the image's User, or root)", "--user", "-u"));
        spec.addOption(Specs.option(String.class, "<name>", null,
                "image form: the container's hostname (default: the container id)", "--hostname"));
        spec.addOption(list("<host:container[:ro]>", "image form: bind mount a host file or directory; repeatable",
                "--volume", "-v"));
        spec.addOption(Specs.flag("image form: mount the container's root filesystem read-only", "--read-only"));
        spec.addOption(Specs.option(String.class, "<bytes>", null,
                "image form: memory limit, with an optional unit (k, m, g), such as 512m", "--memory", "-m"));
        spec.addOption(Specs.option(Long.class, "<n>", null, "image form: the most processes the container may have",
                "--pids-limit"));
        spec.addOption(Specs.option(String.class, "<n>", null, "image form: how many CPUs' time, such as 1.5", "--cpus"));
        spec.addOption(Specs.option(String.class, "<mode>", "none",
                "image form: none (an own network namespace with loopback only) or host (default: ${DEFAULT-VALUE})",
                "--network"));
        spec.addOption(Specs.flag("image form: give the program a terminal (default: when stdin is a terminal, unless "
                + "-i or -t or --detach is given)", "--tty", "-t"));
        spec.addOption(Specs.flag("image form: keep stdin open for the program (default: unless -t or --detach is "
                + "given); without it the program reads /dev/null", "--interactive", "-i"));
    }

    private static OptionSpec list(String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel(label)
                .description(description).build();
    }

    /** The image form's options as parsed. */
    static ImageRunOptions options(Args args, Context context, String image, List<String> command, CreateOptions create,
                                   boolean detach, boolean keep) {
        boolean tty = args.flag("--tty");
        boolean interactive = args.flag("--interactive");
        if (!tty && !interactive) {
            // as a shell user expects: `jrun run busybox sh` at a terminal is an interactive shell
            interactive = !detach;
            tty = !detach && Native.libc().isatty(0) == 1;
        }
        return new ImageRunOptions(image, command, args.option("--name"), orEmpty(args.option("--env")),
                args.option("--workdir"), args.option("--user"), args.option("--hostname"),
                orEmpty(args.option("--volume")), args.flag("--read-only"), args.option("--memory"),
                args.option("--pids-limit"), args.option("--cpus"), args.option("--network"), tty, interactive, detach,
                keep, create, context.absolute(Path.of("")));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    /** The image-form options given on a command line that is in runc's form. */
    static List<String> given(ParseResult parsed) {
        return NAMES.stream().filter(parsed::hasMatchedOption).toList();
    }

    /**
     * picocli's preprocessor for `run`, called before the command's arguments are parsed: in
     * the image form what follows IMAGE is the program's command line, options and all, so
     * parsing stops at the first argument, unless everything after it is `run`'s own options
     * (runc's form takes them there, as runc does).
     */
    static boolean preprocess(Stack<String> stack, CommandSpec spec, ArgSpec ignored, Map<String, Object> info) {
        List<String> tokens = stack.reversed(); // the top of the stack is the next argument
        int first = -1;
        for (int i = 0; i < tokens.size(); ) {
            if (tokens.get(i).equals("--")) {
                first = i + 1 < tokens.size() ? i + 1 : -1;
                break;
            }
            int n = optionLength(tokens, i, spec);
            if (n == 0) {
                first = i;
                break;
            }
            i += n;
        }
        boolean onlyOptionsAfter = true;
        if (first >= 0) {
            for (int i = first + 1; i < tokens.size(); ) {
                int n = optionLength(tokens, i, spec);
                if (n == 0) {
                    onlyOptionsAfter = false;
                    break;
                }
                i += n;
            }
        }
        spec.parser().stopAtPositional(!onlyOptionsAfter);
        return false; // picocli parses, with that setting
    }

    /** How many arguments the option at {@code i} takes up with its value (1 or 2), or 0 if it is none of `run`'s. */
    private static int optionLength(List<String> tokens, int i, CommandSpec spec) {
        String t = tokens.get(i);
        if (t.startsWith("--")) {
            int eq = t.indexOf('=');
            OptionSpec o = spec.findOption(eq < 0 ? t : t.substring(0, eq));
            if (o == null) {
                return 0;
            }
            return o.arity().max() > 0 && eq < 0 ? 2 : 1;
        }
        if (t.startsWith("-") && t.length() > 1) {
            for (int j = 1; j < t.length(); j++) {
                OptionSpec o = spec.findOption("-" + t.charAt(j));
                if (o == null) {
                    return 0;
                }
                if (o.arity().max() > 0) {
                    return j + 1 < t.length() ? 1 : 2; // "-eX=1" or "-e X=1"
                }
            }
            return 1; // clustered flags, "-it"
        }
        return 0;
    }
}
