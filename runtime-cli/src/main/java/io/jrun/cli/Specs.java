package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Builders for the pieces every command's model is made of. */
final class Specs {
    private Specs() {}

    /**
     * The model of {@code command}: its name, no reflection on it (it is the picocli user object),
     * and its help text, whose first line is its summary in the command list.
     */
    static CommandSpec command(Command command, String... description) {
        return described(CommandSpec.wrapWithoutInspection(command).name(command.name()), description);
    }

    /** Sets the help text and layout every jrun command's usage shares. */
    static CommandSpec described(CommandSpec spec, String... description) {
        spec.usageMessage().description(description).sortOptions(false).synopsisHeading("Usage: ")
                .parameterListHeading("%nArguments:%n").optionListHeading("%nOptions:%n");
        return spec;
    }

    /** A boolean flag: true when given. */
    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0").initialValue(false).description(description).build();
    }

    /**
     * An option taking a value of {@code type}; {@code defaultValue} (of that type, or null) is
     * also the initial value, so that it holds even when parsing stops early at a usage error.
     */
    static OptionSpec option(Class<?> type, String label, Object defaultValue, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label)
                .defaultValue(defaultValue == null ? null : defaultValue.toString()).initialValue(defaultValue)
                .description(description).build();
    }

    /** -h/--help, which every command has, listed last. */
    static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("show help").build();
    }

    /** The required {@code <container-id>} most commands take first. */
    static PositionalParamSpec containerId(String description) {
        return PositionalParamSpec.builder().index("0").arity("1").required(true).type(String.class)
                .paramLabel("<container-id>").description(description).build();
    }
}
