package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The values a command was given: its options and positional parameters, defaults filled in. */
record Args(CommandSpec spec) {
    /** The value of the option named {@code name} (e.g. "--bundle"), converted to its type. */
    <T> T option(String name) {
        return spec.findOption(name).getValue();
    }

    /** Whether the flag named {@code name} was given. */
    boolean flag(String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }

    /** The value of the positional parameter at {@code index}, or its default (null if none). */
    <T> T positional(int index) {
        return spec.positionalParameters().get(index).getValue();
    }
}
