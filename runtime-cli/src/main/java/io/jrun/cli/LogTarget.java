package io.jrun.cli;

import java.io.OutputStream;

/**
 * Where log records go and how they look.
 *
 * @param stream   where records are written
 * @param isStderr whether that is stderr; runc's fatal() then does not repeat the error there
 * @param format   logrus's text or JSON
 * @param debug    --debug: debug records too, not only info and above
 */
record LogTarget(OutputStream stream, boolean isStderr, LogFormat format, boolean debug) {
    static LogTarget stderr(OutputStream err) {
        return new LogTarget(err, true, LogFormat.TEXT, false);
    }
}
