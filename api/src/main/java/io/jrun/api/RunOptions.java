package io.jrun.api;

/**
 * The options of `run`: those of create plus
 *
 * @param detach return once the program runs, leaving it running
 * @param keep   do not delete the container when its program exits
 * @param supervisor in the foreground without a terminal to relay, what waits for the program
 *               instead of this JVM; null: the JVM waits
 */
public record RunOptions(CreateOptions create, boolean detach, boolean keep, Supervisor supervisor) {
    public RunOptions(CreateOptions create, boolean detach, boolean keep) {
        this(create, detach, keep, null);
    }
}
