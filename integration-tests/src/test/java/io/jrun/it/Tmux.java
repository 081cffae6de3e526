package io.jrun.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A person at a terminal: a tmux server of the test's own (its socket in a scratch directory)
 * with one detached session of a given size that runs one command, then writes the command's
 * exit status to a file. The test types into it (send-keys), reads the screen (capture-pane)
 * and resizes its window; the server is killed after the test, whatever happened.
 */
final class Tmux {
    private static final String SESSION = "it";

    private final Path dir;
    private final Path socket;
    private final Path status;

    private Tmux(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("tmux.sock");
        this.status = dir.resolve("status");
    }

    /** Starts {@code argv} in a new width x height terminal. */
    static Tmux start(Containers containers, int width, int height, List<String> argv) {
        Tmux tmux = new Tmux(containers.scratch("tmux"));
        containers.afterTest(tmux::killServer);
        String status = quote(tmux.status.toString());
        // the status goes to a temporary file first: the test must never read it half written
        String command = String.join(" ", argv.stream().map(Tmux::quote).toList())
                + "; echo $? > " + status + ".new && mv " + status + ".new " + status;
        tmux.tmux("new-session", "-d", "-s", SESSION, "-x", String.valueOf(width), "-y", String.valueOf(height),
                command).ok();
        return tmux;
    }

    /** Types {@code line} and Enter. */
    void typeLine(String line) {
        tmux("send-keys", "-t", SESSION, "-l", line).ok();
        key("Enter");
    }

    /** Presses {@code key}, in tmux's words ("Enter", "C-c"). */
    void key(String key) {
        tmux("send-keys", "-t", SESSION, key).ok();
    }

    void resize(int width, int height) {
        tmux("resize-window", "-t", SESSION, "-x", String.valueOf(width), "-y", String.valueOf(height)).ok();
    }

    /** The screen and its history, wrapped lines joined. */
    String screen() {
        Result capture = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION);
        return capture.exit() == 0 ? capture.stdout() : "";
    }

    /** Waits until the screen shows {@code expected}; fails after {@link Poll#TIMEOUT}, showing the screen. */
    void awaitScreen(String expected) {
        Poll.until("the terminal to show " + expected, () -> screen().contains(expected), () -> "; it shows:\n" + screen());
    }

    /**
     * Types {@code line} until the screen shows {@code expected}: for an answer that depends on
     * something that reaches the command asynchronously, as a window size does (tmux resizes
     * its pane at once, the runtime passes the size on when its SIGWINCH handler runs). Typed
     * again every {@link Exec#SLOWDOWN} seconds; fails after {@link Poll#TIMEOUT}, showing the
     * screen.
     */
    void typeUntil(String line, String expected) {
        long deadline = System.nanoTime() + Poll.TIMEOUT.toNanos();
        while (true) {
            typeLine(line);
            if (Poll.settle(() -> screen().contains(expected), shown -> shown, Duration.ofSeconds(Exec.SLOWDOWN))) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + Poll.TIMEOUT + " for the terminal to show " + expected + " (typing " + line
                        + " again and again); it shows:\n" + screen());
            }
        }
    }

    /** Waits for the command's end and returns its exit status. */
    int awaitExit() {
        Poll.until("the command in tmux to end", () -> Files.exists(status), () -> "; the terminal shows:\n" + screen());
        try {
            return Integer.parseInt(Files.readString(status).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result tmux(String... args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        argv.addAll(List.of(args));
        return Exec.run(dir.resolve("commands"), argv); // many capture-panes: their output goes with the scratch dir
    }

    /** Ends the session and whatever still runs in it (SIGHUP); no error if it ended by itself. */
    private void killServer() {
        if (Files.exists(socket)) {
            tmux("kill-server");
        }
    }

    /** {@code arg} for sh, in single quotes. */
    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
