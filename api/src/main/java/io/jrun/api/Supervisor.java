package io.jrun.api;

import java.nio.file.Path;

/**
 * Where `run` in the foreground hands over once its program runs: bin/jrun, which then waits for
 * the program, passes signals on to it, reports an OOM kill and deletes the container, without a
 * JVM (runtime-cli/src/main/c/supervise.c). The process stays the same (its pid, its parent, its
 * stdio, the container's parent), and the JVM's memory is given back for as long as the program
 * runs.
 *
 * @param launcher   bin/jrun, whose sealed copy is exec'd
 * @param log        --log, absolute, or null for stderr
 * @param logFormat  --log-format: "text" or "json"
 * @param beforeExec what has to be written out first (the command's buffered output)
 */
public record Supervisor(Path launcher, Path log, String logFormat, Runnable beforeExec) {}
