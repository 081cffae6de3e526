package io.jrun.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;

/**
 * logrus's TextFormatter without a terminal, as runc logs by default:
 * {@code time="2026-11-26T09:48:37Z" level=error msg="container does not exist"}. A value is
 * written bare when it is made only of letters, digits and {@code -._/@^+}, else Go-quoted.
 */
final class LogrusTextLayout extends LogrusLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(128);
        b.append("time=");
        appendValue(b, time(event));
        b.append(" level=").append(level(event.getLevel()));
        String msg = event.getFormattedMessage();
        if (msg != null && !msg.isEmpty()) {
            b.append(" msg=");
            appendValue(b, msg);
        }
        for (Map.Entry<String, Object> field : fields(event).entrySet()) {
            b.append(' ').append(field.getKey()).append('=');
            appendValue(b, String.valueOf(field.getValue()));
        }
        return b.append('\n').toString();
    }

    private static void appendValue(StringBuilder b, String value) {
        if (needsQuoting(value)) {
            GoFormat.appendQuoted(b, value);
        } else {
            b.append(value);
        }
    }

    /** logrus's TextFormatter.needsQuoting with its defaults (empty values stay bare). */
    static boolean needsQuoting(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '/' || c == '@' || c == '^' || c == '+';
            if (!bare) {
                return true;
            }
        }
        return false;
    }
}
