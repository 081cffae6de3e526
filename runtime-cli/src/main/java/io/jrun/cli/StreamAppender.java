package io.jrun.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes each record with one write() and flushes it: several jrun processes can append to one
 * --log file (O_APPEND keeps their lines whole), and a record must be on disk before jrun exits.
 * Smaller than logback's file and console appenders, which a fresh JVM would have to load.
 */
final class StreamAppender extends AppenderBase<ILoggingEvent> {
    private final OutputStream out;
    private final Layout<ILoggingEvent> layout;

    StreamAppender(OutputStream out, Layout<ILoggingEvent> layout) {
        this.out = out;
        this.layout = layout;
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = layout.doLayout(event).getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            // Nowhere left to report it: the log is where errors go.
        }
    }
}
