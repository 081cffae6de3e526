package io.jrun.spec;

/**
 * {@code linux.resources.pids}.
 *
 * @param limit maximum number of tasks; -1 (or 0, see config-linux.md) for no limit
 */
public record LinuxPids(Long limit) {}
