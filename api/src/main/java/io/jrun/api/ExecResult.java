package io.jrun.api;

/**
 * What a process run in a container ({@link Container#exec}) ended with.
 *
 * @param status its exit status (128+N after signal N)
 * @param stdout what it wrote to its standard output, as UTF-8
 * @param stderr what it wrote to its standard error, as UTF-8
 */
public record ExecResult(int status, String stdout, String stderr) {}
