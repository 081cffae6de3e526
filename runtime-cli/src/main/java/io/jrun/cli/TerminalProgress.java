package io.jrun.cli;

import io.jrun.image.ImportProgress;
import java.io.PrintStream;

/**
 * An import's progress on a terminal (stderr): one line per layer, rewritten in place as it is
 * read ("[2/3] layer 2 of 3 (sha256:...): 12.3MB / 30.1MB"), at most ten times a second.
 */
final class TerminalProgress implements ImportProgress {
    private final PrintStream err;
    private String line;
    private long size;
    private long bytes;
    private long lastDraw;

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void layer(int index, int count, String what, long size) {
        finishLine();
        this.line = "[" + index + "/" + count + "] " + what;
        this.size = size;
        draw(0, true);
    }

    @Override
    public void read(long bytes) {
        draw(bytes, false);
    }

    @Override
    public void reused(int index, int count, String what) {
        finishLine();
        err.print("[" + index + "/" + count + "] " + what + ": already in the store\n");
        err.flush();
    }

    @Override
    public void end() {
        finishLine();
    }

    private void draw(long bytes, boolean force) {
        this.bytes = bytes;
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        String progress = ImageCommand.size(bytes) + (size > 0 ? " / " + ImageCommand.size(size) : "");
        // \r and "erase to the end of the line": the line is rewritten in place
        err.print("\r" + line + ": " + progress + "\u001b[K");
        err.flush();
    }

    private void finishLine() {
        if (line != null) {
            draw(bytes, true);
            err.print("\n");
            err.flush();
            line = null;
        }
    }
}
