package io.jrun.cli;

/** A command failed and exits with its own status instead of 1 (exec: 255, as runc's). */
final class FailedWithStatus extends RuntimeException {
    private final int status;

    FailedWithStatus(int status, Throwable cause) {
        super(cause);
        this.status = status;
    }

    int status() {
        return status;
    }
}
