package io.jrun.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * One jrun command: its picocli model, built with picocli's programmatic API, and what it does.
 *
 * <p>Programmatic rather than annotated on purpose: reading annotations costs picocli reflection
 * and a generated proxy class per annotation type, in every fresh JVM (measured here: about 70 ms
 * of a command's start-up, more than the rest of picocli).
 */
sealed interface Command permits CreateCommand, ExecCommand, RunCommand, StartCommand, StateCommand, KillCommand, DeleteCommand,
        ListCommand, SpecCommand, FeaturesCommand, HelpCommand, PauseCommand, ResumeCommand, PsCommand, EventsCommand,
        UpdateCommand, ImageCommand {

    /** The command's name, as typed. */
    String name();

    /** The command's options and parameters, and its help text. */
    CommandSpec spec();

    /** Runs the command as parsed; returns the exit status. */
    int execute(Args args, Context context) throws Exception;
}
