package io.jrun.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * A log record as logrus (runc's logger) formats it, one line each: the time in RFC 3339, the
 * level by logrus's name, the message, then the record's fields sorted by key. The fields are
 * slf4j's key-value pairs and, for a record with a throwable, {@code error} (logrus's ErrorKey).
 */
abstract sealed class LogrusLayout extends LayoutBase<ILoggingEvent> permits LogrusTextLayout, LogrusJsonLayout {
    private ZoneId zone = ZoneId.systemDefault();

    /** The zone the time is written in; logrus uses the local one. */
    void setZone(ZoneId zone) {
        this.zone = zone;
    }

    final String time(ILoggingEvent event) {
        return GoFormat.rfc3339(Instant.ofEpochMilli(event.getTimeStamp()), zone);
    }

    /** logrus's Level.String(). */
    static String level(Level level) {
        return switch (level.toInt()) {
            case Level.TRACE_INT -> "trace";
            case Level.DEBUG_INT -> "debug";
            case Level.INFO_INT -> "info";
            case Level.WARN_INT -> "warning";
            default -> "error";
        };
    }

    /** The record's fields by key; values are strings, numbers or booleans. */
    static Map<String, Object> fields(ILoggingEvent event) {
        Map<String, Object> fields = new TreeMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                Object v = pair.value;
                fields.put(pair.key, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            fields.put("error", thrown.getMessage() == null ? thrown.getClassName() : thrown.getClassName() + ": " + thrown.getMessage());
        }
        return fields;
    }
}
