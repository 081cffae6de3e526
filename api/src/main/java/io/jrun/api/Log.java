package io.jrun.api;

/**
 * jrun's logger, the one way its code logs: {@code private static final Log log = Log.of(X.class)},
 * then {@code log.warn("remove {}: {}", dir, reason)} with slf4j's {@code {}} placeholders (a
 * trailing Throwable is the record's error, as in slf4j).
 *
 * <p>Every jrun command is a fresh JVM, and starting a logging framework costs more than most
 * commands take. So a {@code Log} is a name and nothing else, the level is a static field here
 * ({@link #isDebugEnabled()} touches no framework), and a record below the level is dropped on the
 * spot: only a record that is written reaches the {@link Backend}, which then starts its
 * framework. The command line sets the level and the backend before a command runs; by default
 * records at info and above go to slf4j's {@code LoggerFactory}, for programs that use
 * jrun's modules as a library.
 */
public final class Log {
    /** slf4j's and logrus's levels, lowest first. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    /** Where the records at or above the level go. */
    @FunctionalInterface
    public interface Backend {
        /**
         * @param logger the name of the {@code Log}: its class's
         * @param format the message, with slf4j's {@code {}} placeholders for {@code args}
         */
        void log(String logger, Level level, String format, Object[] args);
    }

    private static volatile Level threshold = Level.INFO;
    /** null: slf4j's LoggerFactory (a class of its own, so that slf4j loads only when it is used). */
    private static volatile Backend backend;

    private final String name;

    private Log(String name) {
        this.name = name;
    }

    /** The logger of {@code owner}. */
    public static Log of(Class<?> owner) {
        return new Log(owner.getName());
    }

    /** Records below {@code level} are dropped from now on. */
    public static void setLevel(Level level) {
        threshold = level;
    }

    /** Sends the records written from now on to {@code to}. */
    public static void use(Backend to) {
        backend = to;
    }

    /** Whether debug records are written: a guard for a debug message that is costly to build. */
    public static boolean isDebugEnabled() {
        return threshold.compareTo(Level.DEBUG) <= 0;
    }

    /** Whether trace records are written. */
    public static boolean isTraceEnabled() {
        return threshold == Level.TRACE;
    }

    public void trace(String format, Object... args) {
        log(Level.TRACE, format, args);
    }

    public void debug(String format, Object... args) {
        log(Level.DEBUG, format, args);
    }

    public void info(String format, Object... args) {
        log(Level.INFO, format, args);
    }

    public void warn(String format, Object... args) {
        log(Level.WARN, format, args);
    }

    public void error(String format, Object... args) {
        log(Level.ERROR, format, args);
    }

    private void log(Level level, String format, Object[] args) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        Backend to = backend;
        if (to == null) {
            Slf4j.log(name, level, format, args);
        } else {
            to.log(name, level, format, args);
        }
    }

    /** The default backend: slf4j, and whatever provider it finds. */
    private static final class Slf4j {
        static void log(String logger, Level level, String format, Object[] args) {
            org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger(logger);
            switch (level) {
                case TRACE -> l.trace(format, args);
                case DEBUG -> l.debug(format, args);
                case INFO -> l.info(format, args);
                case WARN -> l.warn(format, args);
                case ERROR -> l.error(format, args);
            }
        }
    }
}
