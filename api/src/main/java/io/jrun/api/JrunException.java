package io.jrun.api;

/**
 * An operation failed for a reason the user can act on. The message says what failed and
 * where ("create: mount proc on /proc: permission denied"); the CLI prints it and exits 1.
 */
public class JrunException extends RuntimeException {
    public JrunException(String message) {
        super(message);
    }

    public JrunException(String message, Throwable cause) {
        super(message, cause);
    }
}
