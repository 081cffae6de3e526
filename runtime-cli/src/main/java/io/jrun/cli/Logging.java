package io.jrun.cli;

import java.util.function.Consumer;

/**
 * The current {@link LogTarget}, set by the command line before anything logs. Free of logback on
 * purpose: logback starts only when the first logger is asked for ({@link LogConfigurator} then
 * follows the target from here), so a command that logs nothing never loads it.
 */
final class Logging {
    private Logging() {}

    private static LogTarget target = LogTarget.stderr(System.err);
    private static Consumer<LogTarget> follower;

    static synchronized LogTarget target() {
        return target;
    }

    /** Sends records to {@code newTarget} from now on. */
    static synchronized void use(LogTarget newTarget) {
        target = newTarget;
        if (follower != null) {
            follower.accept(newTarget);
        }
    }

    /** Called once logback has started: {@code apply} gets the current target now and every later one. */
    static synchronized void follow(Consumer<LogTarget> apply) {
        follower = apply;
        apply.accept(target);
    }
}
