package io.jrun.core.child;

import io.jrun.sys.Errno;

/**
 * A container child reported that a step failed: "mount proc on /proc: permission denied".
 * Or the child could not be started or died without a report (errno 0 then).
 */
public final class ChildFailure extends RuntimeException {
    private final String step;
    private final int errno;

    public ChildFailure(String step, int errno) {
        super(errno == 0 ? step : step + ": " + Errno.message(errno));
        this.step = step;
        this.errno = errno;
    }

    public String step() {
        return step;
    }

    public int errno() {
        return errno;
    }
}
