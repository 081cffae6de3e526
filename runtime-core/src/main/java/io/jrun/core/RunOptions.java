package io.jrun.core;

/**
 * The options of `run`: those of create plus
 *
 * @param detach return once the program runs, leaving it running
 * @param keep   do not delete the container when its program exits
 */
public record RunOptions(CreateOptions create, boolean detach, boolean keep) {}
