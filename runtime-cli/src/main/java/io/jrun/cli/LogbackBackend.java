package io.jrun.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.jrun.api.Log;

/**
 * logback, made by {@link Logging} for the first record written: one appender writing the
 * current {@link LogTarget} in logrus's format. The context is built here rather than found
 * through slf4j's LoggerFactory, whose providers, logback's configurators and its configuration
 * files are looked for in every jar on the classpath: tens of milliseconds of a fresh JVM.
 */
final class LogbackBackend {
    private final LoggerContext context = new LoggerContext();

    LogbackBackend(LogTarget target) {
        context.start();
        apply(target);
    }

    /** Writes to {@code target} from now on. */
    void apply(LogTarget target) {
        LogrusLayout layout = target.format() == LogFormat.JSON ? new LogrusJsonLayout() : new LogrusTextLayout();
        layout.setContext(context);
        layout.start();
        StreamAppender appender = new StreamAppender(target.stream(), layout);
        appender.setContext(context);
        appender.setName("jrun");
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        // Log has dropped the records below the target's level already.
        root.setLevel(Level.ALL);
    }

    void log(String name, Log.Level level, String format, Object[] args) {
        Logger logger = context.getLogger(name);
        switch (level) {
            case TRACE -> logger.trace(format, args);
            case DEBUG -> logger.debug(format, args);
            case INFO -> logger.info(format, args);
            case WARN -> logger.warn(format, args);
            case ERROR -> logger.error(format, args);
        }
    }
}
