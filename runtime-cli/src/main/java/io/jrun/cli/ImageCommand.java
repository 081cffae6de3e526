package io.jrun.cli;

import io.jrun.api.JrunException;
import io.jrun.image.Image;
import io.jrun.image.ImportProgress;
import io.jrun.image.Storage;
import io.jrun.spec.Json;
import io.jrun.spec.Quote;
import io.jrun.sys.Native;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** `image import|ls|rm`: the local images that `run IMAGE` runs. Not a runc command. */
final class ImageCommand implements Command {
    @Override
    public String name() {
        return "image";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "manage the local images that \"run IMAGE\" runs",
                "",
                "There is no registry: images are imported from files. They are stored, with the files of the "
                        + "containers run from them, in " + Storage.DEFAULT + ", or in the directory the environment "
                        + "variable " + Storage.ENV + " names.");
        spec.usageMessage().commandListHeading("%nCommands:%n");

        CommandSpec importSpec = sub("import", "import an image from a file or directory",
                "",
                "SOURCE is an OCI image layout (a directory, or a tar archive of one as `skopeo copy ... oci-archive:` "
                        + "writes it), a docker-archive tarball (`docker save`, `skopeo copy ... docker-archive:`), a "
                        + "root filesystem tarball (plain or gzip-compressed), or a root filesystem directory. Every "
                        + "blob is checked against its sha256 digest; layers already in the store are not read again. "
                        + "An image of the same NAME is replaced. The import shows its progress on a terminal, and is "
                        + "atomic: an import that fails or is interrupted leaves nothing.");
        importSpec.addPositional(positional("0", "NAME", "the image's name, as `run` will name it"));
        importSpec.addPositional(positional("1", "SOURCE", "what to import"));
        importSpec.addOption(Specs.option(String.class, "<ref>", null,
                "which image of a SOURCE that holds several: its org.opencontainers.image.ref.name (OCI) or one of "
                        + "its RepoTags (docker-archive)", "--ref"));
        spec.addSubcommand("import", importSpec);

        CommandSpec ls = sub("ls", "list the images");
        ls.aliases("list");
        ls.addOption(Specs.option(String.class, "<format>", "table",
                "select one of: table or json (default: \"${DEFAULT-VALUE}\")", "--format", "-f"));
        ls.addOption(Specs.flag("display only image names", "--quiet", "-q"));
        spec.addSubcommand("ls", ls);

        CommandSpec rm = sub("rm", "remove images",
                "",
                "Layers that no other image and no container uses any more are removed too. A container run from "
                        + "an image keeps its layers until it is deleted.");
        rm.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(String.class).paramLabel("NAME").description("the images to remove").build());
        spec.addSubcommand("rm", rm);
        return spec;
    }

    private static CommandSpec sub(String name, String... description) {
        CommandSpec spec = Specs.described(CommandSpec.create().name(name), description);
        spec.addOption(Specs.help());
        return spec;
    }

    private static PositionalParamSpec positional(String index, String label, String description) {
        return PositionalParamSpec.builder().index(index).arity("1").required(true).type(String.class)
                .paramLabel(label).description(description).build();
    }

    @Override
    public int execute(Args args, Context context) {
        ParseResult parsed = args.spec().commandLine().getParseResult();
        if (!parsed.hasSubcommand()) {
            throw new ParameterException(args.spec().commandLine(), "Missing required subcommand: import, ls or rm");
        }
        CommandSpec sub = parsed.subcommand().commandSpec();
        Args subArgs = new Args(sub);
        ImageOperations images = context.images();
        switch (sub.name()) {
            case "import" -> {
                String name = subArgs.positional(0);
                Path source = context.absolute(Path.of((String) subArgs.positional(1)));
                ImportProgress progress = Native.libc().isatty(2) == 1 ? new TerminalProgress(System.err) : ImportProgress.NONE;
                Image image = images.importImage(name, source, subArgs.option("--ref"), progress);
                context.out().print("imported " + image.name() + " (" + shortId(image.id()) + ", " + image.layers().size()
                        + (image.layers().size() == 1 ? " layer, " : " layers, ") + size(image.size()) + ")\n");
            }
            case "ls" -> list(subArgs, context, images.list());
            case "rm" -> {
                List<String> names = subArgs.positional(0);
                images.remove(names);
            }
            default -> throw new IllegalStateException("image " + sub.name());
        }
        return 0;
    }

    private static void list(Args args, Context context, List<Image> all) {
        boolean quiet = args.flag("--quiet");
        String format = args.option("--format");
        if (!quiet && !format.equals("table") && !format.equals("json")) {
            throw new JrunException("invalid format option " + Quote.value(format) + ": select one of table or json");
        }
        if (quiet) {
            StringBuilder names = new StringBuilder();
            all.forEach(i -> names.append(i.name()).append('\n'));
            context.out().print(names);
        } else if (format.equals("json")) {
            context.out().print(Json.toJson(all) + "\n");
        } else {
            TabWriter table = new TabWriter(12, 3).row("NAME", "ID", "LAYERS", "SIZE", "IMPORTED");
            for (Image i : all) {
                table.row(i.name(), shortId(i.id()), Integer.toString(i.layers().size()), size(i.size()), i.imported());
            }
            context.out().print(table.render());
        }
    }

    /** The first 12 hex digits of a digest, as docker shows image ids. */
    static String shortId(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** Bytes as docker shows sizes: decimal units, three significant digits ("2.15MB"). */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String number = u == 0 ? Long.toString(bytes) : String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
        return number + units[u];
    }
}
