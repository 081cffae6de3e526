package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person at a terminal: `run` of a process.terminal container and `exec -t`, in the
 * foreground with no console socket, so that the runtime itself carries the terminal. tmux is
 * that person's terminal ({@link Tmux}): the test types into it and reads its screen. Typed
 * commands print markers the typed text does not contain ("A$((6*7))B" prints A42B), so that
 * the echo of the input is never taken for the output.
 */
class TerminalIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final int WIDTH = 80;
    private static final int HEIGHT = 24;

    /** The shell at the other end of the terminal answers, sees its size change, is interrupted by ^C, and exits 3. */
    private static void converse(Tmux tmux) {
        tmux.awaitScreen("# ");
        tmux.typeLine("echo \"A$((6*7))B\"; echo \"tty:$(tty):\"");
        tmux.awaitScreen("A42B");
        tmux.awaitScreen("tty:/dev/pts/");

        tmux.typeLine("echo \"size:$(stty size):\"");
        tmux.awaitScreen("size:" + HEIGHT + " " + WIDTH + ":");
        tmux.resize(100, 30);
        // the new size reaches the container's terminal when the runtime's SIGWINCH handler has run
        tmux.typeUntil("echo \"size:$(stty size):\"", "size:30 100:");

        // the caller's terminal is raw: ^C reaches the container's terminal, which interrupts its foreground job
        // (the interactive shell drops the rest of a command line whose job ^C ended: the status comes next)
        tmux.typeLine("sh -c 'echo \"nap\"\"ping\"; exec sleep 1000000'");
        tmux.awaitScreen("napping");
        tmux.key("C-c");
        tmux.typeLine("echo \"after:$?:\"");
        tmux.awaitScreen("after:130:");

        tmux.typeLine("exit 3");
        assertEquals(3, tmux.awaitExit(), "the runtime's exit status");
    }

    /**
     * {@code runtime} in a tmux terminal, with the terminal's settings (stty -g) saved to
     * stty-before and stty-after in {@code dir} around it; exits with the runtime's status.
     */
    private Tmux startWithSttySaved(Path dir, List<String> runtime) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                "stty -g > \"$0/stty-before\"; \"$@\"; s=$?; stty -g > \"$0/stty-after\"; exit $s", dir.toString()));
        argv.addAll(runtime);
        return Tmux.start(containers, WIDTH, HEIGHT, argv);
    }

    /** The runtime gave the caller's terminal back as it found it (not raw, echo on...). */
    private static void assertTerminalRestored(Path dir) throws IOException {
        assertEquals(Files.readString(dir.resolve("stty-before")), Files.readString(dir.resolve("stty-after")),
                "the terminal's settings before and after the runtime");
    }

    @Test
    void runWithATerminalInTheForeground() throws IOException {
        Bundle bundle = containers.bundle().args("sh");
        bundle.process().put("terminal", true);
        String id = containers.newId();
        bundle.save();
        List<String> run = containers.runtime().command("run", "--bundle", bundle.dir().toString(), id);

        Path dir = containers.scratch("stty");
        converse(startWithSttySaved(dir, run));
        assertTerminalRestored(dir);
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void execWithATerminalInTheForeground() throws IOException {
        Bundle bundle = containers.bundle().args("sleep", "1000000");
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        List<String> exec = containers.runtime().command("exec", "-t", id, "sh");

        Path dir = containers.scratch("stty");
        converse(startWithSttySaved(dir, exec));
        assertTerminalRestored(dir);
        assertEquals("running", containers.status(id), "the container after its exec'd shell exited");
    }
}
