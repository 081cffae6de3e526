package io.jrun.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * logback's configuration, found through META-INF/services when the first logger is asked for:
 * one appender writing jrun's {@link Logging} target in logrus's format, no configuration files,
 * no other configurator tried after it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    public LogConfigurator() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        // A status listener keeps logback from printing its own warnings to stdout, where nothing
        // but jrun's output may appear (engines parse it).
        context.getStatusManager().add(new NopStatusListener());
        Logging.follow(target -> apply(context, target));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static void apply(LoggerContext context, LogTarget target) {
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
        root.setLevel(target.debug() ? Level.DEBUG : Level.INFO);
    }
}
