package io.jrun.cli;

import io.jrun.api.Log;

/**
 * The current {@link LogTarget}, set by the command line before the command runs, and jrun's
 * {@link Log.Backend}. Free of logback and slf4j on purpose: logback starts on the first record
 * written ({@link LogbackBackend}), so a command that logs nothing never loads either.
 */
final class Logging implements Log.Backend {
    private Logging() {}

    private static LogTarget target = LogTarget.stderr(System.err);
    /** logback, once a record has been written. */
    private static LogbackBackend logback;

    static {
        Log.use(new Logging());
    }

    static synchronized LogTarget target() {
        return target;
    }

    /** Sends records to {@code newTarget} from now on, debug records too if it says so. */
    static synchronized void use(LogTarget newTarget) {
        target = newTarget;
        Log.setLevel(newTarget.debug() ? Log.Level.DEBUG : Log.Level.INFO);
        if (logback != null) {
            logback.apply(newTarget);
        }
    }

    /**
     * For the AOT training run: records are dropped from now on. A class the training loads is in
     * the cache, and the JVM loads every class of the cache as it starts.
     */
    static void dropRecords() {
        Log.use((logger, level, format, args) -> { });
    }

    @Override
    public void log(String logger, Log.Level level, String format, Object[] args) {
        synchronized (Logging.class) {
            if (logback == null) {
                logback = new LogbackBackend(target);
            }
            logback.log(logger, level, format, args);
        }
    }
}
