package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.CreateOptions;
import io.jrun.api.RunOptions;
import io.jrun.cli.RecordingOperations.Call;
import io.jrun.image.ImageRunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run`'s two forms, told apart by RunCommand.RULE, and the image form's options. */
class RunFormsTest {
    @TempDir
    Path cwd;

    private CliRunner cli() {
        return new CliRunner(cwd);
    }

    private static void assertSuccess(CliRunner.Result r) {
        assertEquals(0, r.status(), () -> "stdout: " + r.out() + "\nstderr: " + r.err());
    }

    /** The image run a command line made; fails unless that was the only call. */
    private ImageRunOptions imageRun(String... args) {
        CliRunner cli = cli();
        assertSuccess(cli.run(args));
        Call call = cli.runtime.onlyCall();
        assertEquals("image run", call.method(), call.toString());
        return (ImageRunOptions) call.args().getFirst();
    }

    private Call runcRun(String... args) {
        CliRunner cli = cli();
        assertSuccess(cli.run(args));
        Call call = cli.runtime.onlyCall();
        assertEquals("run", call.method(), call.toString());
        return call;
    }

    private void configHere() throws IOException {
        Files.writeString(cwd.resolve("config.json"), "{}");
    }

    @Test
    void oneArgumentWithoutConfigJsonIsAnImage() {
        ImageRunOptions o = imageRun("run", "busybox");
        assertEquals("busybox", o.image());
        assertEquals(List.of(), o.command());
        assertEquals("none", o.network());
        assertEquals(cwd, o.cwd());
        assertTrue(o.interactive() && !o.tty() && !o.detach() && !o.keep(), o.toString());
    }

    @Test
    void oneArgumentBesideConfigJsonIsRuncsForm() throws IOException {
        configHere();
        assertEquals(new Call("run", List.of("c1", cwd, new RunOptions(CreateOptions.defaults(), false, false))),
                runcRun("run", "c1"));
    }

    @Test
    void bundleMeansRuncsFormWhereverItIs() throws IOException {
        Path b = Files.createDirectories(cwd.resolve("b"));
        assertEquals(b, runcRun("run", "-b", "b", "c1").args().get(1));
        assertEquals(new Call("run", List.of("c1", b, new RunOptions(new CreateOptions(cwd.resolve("p"), null, false, false, 0),
                true, false))), runcRun("run", "c1", "--bundle", "b", "--pid-file", "p", "-d"), "as runc: options after the id");
    }

    @Test
    void whatFollowsTheImageIsTheCommandOptionsAndAll() {
        ImageRunOptions o = imageRun("run", "-e", "A=1", "busybox", "ls", "-l", "-b", "x", "--name", "y", "-e", "B=2");
        assertEquals(List.of("ls", "-l", "-b", "x", "--name", "y", "-e", "B=2"), o.command());
        assertEquals(List.of("A=1"), o.env());
        assertEquals(null, o.name());
        assertEquals(List.of("sh", "-c", "echo $0"), imageRun("run", "busybox", "sh", "-c", "echo $0").command());
    }

    @Test
    void optionsAfterTheImageAloneAreJrunsOptions() {
        ImageRunOptions o = imageRun("run", "busybox", "--name", "box", "-d");
        assertEquals("box", o.name());
        assertTrue(o.detach());
        assertEquals(List.of(), o.command());
    }

    @Test
    void everyImageOption() throws IOException {
        ImageRunOptions o = imageRun("run", "-e", "A=1", "--env=B=2", "-eC=3", "-v", "/a:/b", "--volume", "/c:/d:ro", "-w", "/w",
                "-u", "1000:1000", "--name", "n", "--hostname", "h", "--read-only", "-m", "64m", "--pids-limit", "5",
                "--cpus", "0.5", "--network", "host", "-t", "--keep", "--pid-file", "p", "--preserve-fds", "1",
                "busybox", "sh");
        assertEquals(new ImageRunOptions("busybox", List.of("sh"), "n", List.of("A=1", "B=2", "C=3"), "/w", "1000:1000", "h",
                List.of("/a:/b", "/c:/d:ro"), true, "64m", 5L, "0.5", "host", true, false, false, true,
                new CreateOptions(cwd.resolve("p"), null, false, false, 1), cwd), o);
    }

    @Test
    void terminalAndStdinDefaults() {
        ImageRunOptions it = imageRun("run", "-it", "busybox");
        assertTrue(it.tty() && it.interactive());
        ImageRunOptions t = imageRun("run", "-t", "busybox");
        assertTrue(t.tty() && !t.interactive(), "only what is given");
        ImageRunOptions i = imageRun("run", "-i", "busybox");
        assertTrue(!i.tty() && i.interactive());
        ImageRunOptions d = imageRun("run", "-d", "busybox", "sleep", "9");
        assertTrue(!d.tty() && !d.interactive(), "detached: no terminal, stdin from /dev/null");
    }

    @Test
    void detachedTheContainerIdIsPrinted() {
        CliRunner cli = cli();
        CliRunner.Result r = cli.run("run", "-d", "busybox");
        assertSuccess(r);
        assertEquals("busybox-1234\n", r.out());
        assertEquals("", cli().run("run", "busybox").out());
    }

    @Test
    void theImageProgramsStatusIsRunsStatus() {
        CliRunner cli = cli();
        cli.runtime.images.result = new io.jrun.image.ImageRun.Result("x", 42);
        assertEquals(42, cli.run("run", "busybox", "false").status());
    }

    @Test
    void imageOptionsInRuncsFormAreAUsageError() throws IOException {
        CliRunner cli = cli();
        CliRunner.Result r = cli.run("run", "-b", ".", "--name", "x", "-t", "c1");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Usage: jrun run [options] <container-id>"), r.err());
        assertTrue(r.err().contains("--name, --tty: an option of the image form (jrun run [options] IMAGE ...), and this is "
                + "runc's form (--bundle is given)"), r.err());
        assertTrue(cli.runtime.calls.isEmpty());
        configHere();
        r = cli().run("run", "c1", "--network", "host");
        assertTrue(r.err().contains("--network: an option of the image form (jrun run [options] IMAGE ...), and this is "
                + "runc's form (./config.json exists and there is one argument)"), r.err());
    }

    @Test
    void moreThanOneArgumentInRuncsFormIsAUsageError() {
        CliRunner cli = cli();
        CliRunner.Result r = cli.run("run", "-b", ".", "c1", "extra");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("runc's form (--bundle is given) takes one argument, the container id; there is more: "
                + "extra"), r.err());
        assertTrue(cli.runtime.calls.isEmpty());
    }

    @Test
    void theHelpTellsBothFormsAndTheRule() {
        CliRunner.Result r = cli().run("run", "--help");
        assertEquals(0, r.status());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.startsWith("Usage: jrun run [options] <container-id> jrun run [options] IMAGE [COMMAND [ARG...]]"),
                help);
        assertTrue(help.contains(RunCommand.RULE), help);
        for (String option : List.of("--bundle", "--pid-file", "--console-socket", "--detach", "--keep", "--name", "--env",
                "--volume", "--read-only", "--memory", "--pids-limit", "--cpus", "--network", "--tty", "--interactive",
                "JRUN_STORAGE")) {
            assertTrue(help.contains(option), option);
        }
        assertFalse(cli().run("run", "--help").out().isEmpty());
    }
}
