package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --console-socket, as conmon and containerd's shim use it: the runtime sends the master of the
 * container's pty to an AF_UNIX socket ({@link ConsoleReceiver}, like runc's recvtty). What the
 * test types into the master reaches the shell on the terminal, and what the shell prints comes
 * back. Typed commands print markers the typed text does not contain ("A$((6*7))B" prints
 * A42B), so that the terminal's echo of the input is never taken for the output.
 */
class ConsoleSocketIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** What the shell on the terminal says about it: its size, name, controlling terminal and /dev/console. */
    private static final String ABOUT_THE_TERMINAL = "echo \"A$((6*7))B\"; echo \"size:$(stty size):\"; "
            + "echo \"tty:$(tty):\"; echo \"c\"\"tty:ok\" > /dev/tty; "
            + "[ /dev/console -ef \"$(tty)\" ] && echo \"con\"\"sole:is-the-tty\"\n";

    /** An interactive busybox sh on a terminal of 101 columns and 33 lines. */
    private Bundle terminalBundle() {
        Bundle bundle = containers.bundle().args("sh");
        bundle.process().put("terminal", true);
        bundle.process().putObject("consoleSize").put("height", 33).put("width", 101);
        return bundle;
    }

    private ConsoleReceiver listen() {
        ConsoleReceiver console = ConsoleReceiver.listen(containers.scratch("console").resolve("console.sock"));
        containers.afterTest(console::close);
        return console;
    }

    /**
     * Asserts what the runtime sent as the message's data and returns the terminal's name the
     * shell's `tty` must print: jrun sends the pty's name as the container sees it, /dev/pts/N,
     * as the issue asks; runc 1.1.5 sends the master's own path, /dev/ptmx (its consumers,
     * recvtty, conmon and containerd's shim, ignore it), and then any /dev/pts/N will do.
     */
    private String assertSentName(String name) {
        if (containers.runtime().isRunc()) {
            assertEquals("/dev/ptmx", name, "the name runc sends with the master");
            return "/dev/pts/\\d+";
        }
        assertTrue(name.matches("/dev/pts/\\d+"), "the name sent with the master: " + name);
        return Pattern.quote(name);
    }

    /** Asserts that {@code output} has a line that `echo "tty:$(tty):"` printed for a terminal named by {@code tty}. */
    private static void assertTty(String tty, String output) {
        assertTrue(Pattern.compile("tty:" + tty + ":").matcher(output).find(), "expected tty:" + tty + ": in " + output);
    }

    /** The shell on the console answers: the prompt, then what {@link #ABOUT_THE_TERMINAL} prints. */
    private static void assertTheShellAnswers(ConsoleReceiver console, String tty, String size) {
        console.awaitOutput("# ");
        console.type(ABOUT_THE_TERMINAL);
        console.awaitOutput("console:is-the-tty");
        String output = console.output();
        assertTrue(output.contains("A42B"), output);
        assertTrue(output.contains("size:" + size + ":"), output);
        assertTty(tty, output);
        assertTrue(output.contains("ctty:ok"), "the terminal is not the shell's controlling terminal: " + output);
    }

    @Test
    void createSendsTheMasterAndTheShellAnswersThroughIt() {
        Bundle bundle = terminalBundle();
        String id = containers.newId();
        ConsoleReceiver console = listen();

        containers.create(id, bundle, "--console-socket", console.path().toString()).ok();
        String tty = assertSentName(console.receive());
        containers.start(id).ok();

        assertTheShellAnswers(console, tty, "33 101");
        // what the container writes to /dev/console comes out of the master too
        console.type("echo \"via\"\"-console\" > /dev/console\n");
        console.awaitOutput("via-console");

        console.type("exit 3\n");
        console.awaitHangUp();
        containers.awaitStatus(id, "stopped");
        containers.delete(id).ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void runDetachedSendsTheMaster() {
        Bundle bundle = terminalBundle();
        String id = containers.newId();
        ConsoleReceiver console = listen();

        containers.run(id, bundle, "--detach", "--console-socket", console.path().toString()).ok();
        String tty = assertSentName(console.receive());
        assertTheShellAnswers(console, tty, "33 101");

        console.type("exit\n");
        console.awaitHangUp();
        containers.awaitStatus(id, "stopped");
    }

    @Test
    void execWithTtyDetachedSendsTheMasterOfANewTerminal() {
        Bundle bundle = containers.bundle().args("sleep", "1000000");
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        ConsoleReceiver console = listen();

        containers.exec("exec", "--tty", "--detach", "--console-socket", console.path().toString(), id, "sh").ok();
        String tty = assertSentName(console.receive());
        console.awaitOutput("# ");
        console.type("echo \"A$((6*7))B\"; echo \"tty:$(tty):\"; echo \"c\"\"tty:ok\" > /dev/tty; echo \"pid:$$:\"\n");
        console.awaitOutput("ctty:ok");
        String output = console.output();
        assertTrue(output.contains("A42B"), output);
        assertTty(tty, output);
        assertTrue(!output.contains("pid:1:"), "the exec'd shell is the container's init: " + output);

        console.type("exit\n");
        console.awaitHangUp();
        assertEquals("running", containers.status(id), "the container after its exec'd shell exited");
    }

    @Test
    void execOfAProcessDocumentGetsItsConsoleSize() throws IOException {
        Bundle bundle = containers.bundle().args("sleep", "1000000");
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        ConsoleReceiver console = listen();
        ObjectNode process = Json.object();
        process.put("terminal", true);
        process.putObject("consoleSize").put("height", 40).put("width", 120);
        process.putObject("user").put("uid", 0).put("gid", 0);
        process.set("args", Json.strings("sh"));
        process.set("env", Json.strings("PATH=/bin", "TERM=xterm"));
        process.put("cwd", "/");
        Path file = containers.scratch("process").resolve("process.json");
        Json.MAPPER.writeValue(file.toFile(), process);

        containers.exec("exec", "--detach", "--console-socket", console.path().toString(), "--process", file.toString(),
                id).ok();
        String tty = assertSentName(console.receive());
        console.awaitOutput("# ");
        console.type("echo \"size:$(stty size):\"; echo \"tty:$(tty):\"; echo \"do\"\"ne\"\n");
        console.awaitOutput("done");
        assertTty(tty, console.output());
        assertTrue(console.output().contains("size:40 120:"), console.output());
        console.type("exit\n");
        console.awaitHangUp();
    }

    @Test
    void detachedWithATerminalAndNoConsoleSocketIsAnError() {
        Bundle bundle = terminalBundle();
        String id = containers.newId();
        Result run = containers.run(id, bundle, "--detach").failed();
        assertTrue(run.stderr().contains("cannot allocate tty if") && run.stderr().contains("console socket"),
                run::toString);
        containers.assertNothingLeftBehind(id, bundle);

        String running = containers.newId();
        containers.run(running, containers.bundle().args("sleep", "1000000"), "--detach").ok();
        Result exec = containers.exec("exec", "--tty", "--detach", running, "sh").failed();
        assertEquals(255, exec.exit(), exec::toString);
        assertTrue(exec.stderr().contains("cannot allocate tty if") && exec.stderr().contains("console socket"),
                exec::toString);
    }

    @Test
    void aConsoleSocketWithoutATerminalIsAnError() {
        Bundle bundle = containers.bundle().args("sleep", "1000000");
        String id = containers.newId();
        ConsoleReceiver console = listen();
        Result create = containers.create(id, bundle, "--console-socket", console.path().toString()).failed();
        assertTrue(create.stderr().contains("cannot use console socket if"), create::toString);
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void aConsoleSocketNobodyListensOnFailsCreateAndLeavesNothing() {
        Bundle bundle = terminalBundle();
        String id = containers.newId();
        Path nobody = containers.scratch("console").resolve("nobody.sock");
        Result create = containers.create(id, bundle, "--console-socket", nobody.toString()).failed();
        assertTrue(create.stderr().contains(nobody.toString()) || create.stderr().contains("connect"), create::toString);
        containers.assertNothingLeftBehind(id, bundle);
    }
}
