package io.jrun.cli;

import io.jrun.spec.Json;
import picocli.CommandLine.Model.CommandSpec;

/** `features`: the runtime's features document. */
final class FeaturesCommand implements Command {
    @Override
    public String name() {
        return "features";
    }

    @Override
    public CommandSpec spec() {
        return Specs.command(this, "show the enabled features",
                "",
                "The result is a JSON document, the features structure of the OCI runtime specification "
                        + "(features.md): what this runtime implements.");
    }

    @Override
    public int execute(Args args, Context context) {
        // Like runc: four-space indentation and a final newline.
        context.out().print(Json.toPrettyJson(context.runtime().features(), Json.Indent.FOUR_SPACES) + "\n");
        return 0;
    }
}
