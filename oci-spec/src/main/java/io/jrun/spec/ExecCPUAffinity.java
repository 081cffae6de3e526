package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code process.execCPUAffinity}: CPU lists (e.g. {@code 0-3,7}) for a process started by exec.
 *
 * @param initial       affinity while the runtime sets the process up
 * @param finalAffinity JSON {@code final}: affinity from execve on
 */
public record ExecCPUAffinity(String initial, @JsonProperty("final") String finalAffinity) {}
