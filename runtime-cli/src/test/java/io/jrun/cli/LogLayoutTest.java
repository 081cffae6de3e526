package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class LogLayoutTest {
    private static final Instant AT = Instant.parse("2026-11-26T09:48:37.123456789Z");

    private static LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggerContext context = new LoggerContext();
        LoggingEvent e = new LoggingEvent("test", context.getLogger("jrun"), level, message, thrown, args);
        e.setInstant(AT);
        return e;
    }

    private static String text(LoggingEvent e) {
        LogrusTextLayout layout = new LogrusTextLayout();
        layout.setZone(ZoneOffset.UTC);
        return layout.doLayout(e);
    }

    private static String json(LoggingEvent e) {
        LogrusJsonLayout layout = new LogrusJsonLayout();
        layout.setZone(ZoneOffset.UTC);
        return layout.doLayout(e);
    }

    @Test
    void textLineIsLogrusText() {
        assertEquals("time=\"2026-11-26T09:48:37Z\" level=error msg=\"container does not exist\"\n",
                text(event(Level.ERROR, "container does not exist", null)));
    }

    @Test
    void textLeavesPlainWordsBareAndGoQuotesTheRest() {
        assertEquals("time=\"2026-11-26T09:48:37Z\" level=info msg=exited/0_ok@v1.2+3^x\n",
                text(event(Level.INFO, "exited/0_ok@v1.2+3^x", null)));
        assertEquals("time=\"2026-11-26T09:48:37Z\" level=warning msg=\"a \\\"b\\\" \\\\ c\\n\\t\\x00 é\\u00a0\\a\"\n",
                text(event(Level.WARN, "a \"b\" \\ c\n\t\u0000 é\u00a0\u0007", null)));
    }

    @Test
    void textLeavesOutAnEmptyMessage() {
        assertEquals("time=\"2026-11-26T09:48:37Z\" level=debug\n", text(event(Level.DEBUG, "", null)));
    }

    @Test
    void textAppendsSortedFieldsAndTheError() {
        LoggingEvent e = event(Level.TRACE, "started {}", new IOException("EIO"), "c1");
        e.addKeyValuePair(new KeyValuePair("pid", 42));
        e.addKeyValuePair(new KeyValuePair("bundle", "/srv/my bundle"));
        assertEquals("time=\"2026-11-26T09:48:37Z\" level=trace msg=\"started c1\" bundle=\"/srv/my bundle\" "
                + "error=\"java.io.IOException: EIO\" pid=42\n", text(e));
    }

    @Test
    void timeIsInTheLocalZoneWithItsOffset() {
        LogrusTextLayout layout = new LogrusTextLayout();
        layout.setZone(ZoneId.of("Asia/Kolkata"));
        assertEquals("time=\"2026-11-26T15:18:37+05:30\" level=info msg=x\n", layout.doLayout(event(Level.INFO, "x", null)));
        layout.setZone(ZoneId.of("America/New_York"));
        assertEquals("time=\"2026-11-26T04:48:37-05:00\" level=info msg=x\n", layout.doLayout(event(Level.INFO, "x", null)));
    }

    @Test
    void jsonLineIsLogrusJsonWithSortedKeys() {
        assertEquals("{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"2026-11-26T09:48:37Z\"}\n",
                json(event(Level.ERROR, "container does not exist", null)));
    }

    @Test
    void jsonEscapesAsGoDoes() {
        assertEquals("{\"level\":\"warning\",\"msg\":\"\\\"q\\\" \\\\ \\n\\r\\t\\u0001 \\u003ca\\u003e\\u0026 é \\u2028\","
                        + "\"time\":\"2026-11-26T09:48:37Z\"}\n",
                json(event(Level.WARN, "\"q\" \\ \n\r\t\u0001 <a>& é \u2028", null)));
    }

    @Test
    void jsonKeepsFieldsTypedAndSorted() {
        LoggingEvent e = event(Level.INFO, "", null);
        e.addKeyValuePair(new KeyValuePair("pid", 42));
        e.addKeyValuePair(new KeyValuePair("ok", true));
        e.addKeyValuePair(new KeyValuePair("msg", "clash"));
        e.addKeyValuePair(new KeyValuePair("id", "c1"));
        assertEquals("{\"fields.msg\":\"clash\",\"id\":\"c1\",\"level\":\"info\",\"msg\":\"\",\"ok\":true,\"pid\":42,"
                + "\"time\":\"2026-11-26T09:48:37Z\"}\n", json(e));
    }
}
