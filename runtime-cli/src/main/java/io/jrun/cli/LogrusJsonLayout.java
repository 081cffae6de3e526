package io.jrun.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import java.util.TreeMap;

/**
 * logrus's JSONFormatter, as runc writes {@code --log-format json}: one object per line, keys
 * sorted, e.g. {@code {"level":"error","msg":"container does not exist","time":"2026-11-26T09:48:37Z"}}.
 * Engines (containerd, conmon) read the last error line of this file to report a failure.
 */
final class LogrusJsonLayout extends LogrusLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        Map<String, Object> data = new TreeMap<>();
        for (Map.Entry<String, Object> field : fields(event).entrySet()) {
            String key = field.getKey();
            // logrus keeps a field that clashes with its own keys under "fields.<key>".
            boolean clash = key.equals("time") || key.equals("level") || key.equals("msg");
            data.put(clash ? "fields." + key : key, field.getValue());
        }
        data.put("time", time(event));
        data.put("level", level(event.getLevel()));
        String msg = event.getFormattedMessage();
        data.put("msg", msg == null ? "" : msg);

        StringBuilder b = new StringBuilder(128).append('{');
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            GoFormat.appendJsonString(b, entry.getKey()).append(':');
            Object value = entry.getValue();
            if (value instanceof Boolean || (value instanceof Number n && Double.isFinite(n.doubleValue()))) {
                b.append(value);
            } else {
                GoFormat.appendJsonString(b, String.valueOf(value));
            }
        }
        return b.append("}\n").toString();
    }
}
