package io.jrun.spec;

/**
 * {@code process.execCPUAffinity}: CPU lists (e.g. {@code 0-3,7}) for a process started by exec.
 *
 * @param initial       affinity while the runtime sets the process up
 * @param finalAffinity JSON {@code final}: affinity from execve on
 */
public record ExecCPUAffinity(String initial, String finalAffinity) {}
