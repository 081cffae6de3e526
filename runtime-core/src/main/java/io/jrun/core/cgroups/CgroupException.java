package io.jrun.core.cgroups;

import io.jrun.api.JrunException;

/**
 * A cgroup operation failed. The message names what was being done and the file involved, e.g.
 * {@code linux.resources.cpu.quota: write "50000 100000" to /sys/fs/cgroup/c1/cpu.max: invalid
 * argument}; a validation failure has one line per problem, each starting with the JSON path of
 * the offending field.
 */
public final class CgroupException extends JrunException {
    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
