package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.JrunException;
import io.jrun.api.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors are reported as runc's fatal() does, and exit 1. */
class ErrorReportingTest {
    @TempDir
    Path cwd;

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)";

    private CliRunner failing(String message) {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.before = () -> {
            throw new JrunException(message);
        };
        return cli;
    }

    @Test
    void withoutLogTheErrorIsOneLogrusTextLineOnStderr() {
        CliRunner.Result r = failing("container does not exist").run("state", "c1");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().matches("time=\"" + TIME + "\" level=error msg=\"container does not exist\"\n"), r.err());
    }

    @Test
    void messagesAreGoQuoted() {
        CliRunner.Result r = failing("start: exec \"sh\": not found\n\tin rootfs").run("start", "c1");
        assertTrue(r.err().endsWith(" level=error msg=\"start: exec \\\"sh\\\": not found\\n\\tin rootfs\"\n"), r.err());
    }

    @Test
    void jsonLogFileGetsTheRecordAndStderrThePlainMessage() throws Exception {
        Path log = cwd.resolve("log.json");
        Files.writeString(log, "{\"level\":\"info\",\"msg\":\"earlier\",\"time\":\"2026-01-01T00:00:00Z\"}\n");
        CliRunner.Result r = failing("container does not exist")
                .run("--log", "log.json", "--log-format", "json", "kill", "c1", "KILL");
        assertEquals(1, r.status());
        assertEquals("container does not exist\n", r.err());
        String[] lines = Files.readString(log).split("\n");
        assertEquals(2, lines.length, "appended, not overwritten");
        assertTrue(lines[1].matches("\\{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"" + TIME + "\"}"),
                lines[1]);
    }

    @Test
    void textLogFileGetsLogrusTextLines() throws Exception {
        Path log = cwd.resolve("jrun.log");
        CliRunner.Result r = failing("boom").run("--log", log.toString(), "delete", "c1");
        assertEquals(1, r.status());
        assertEquals("boom\n", r.err());
        assertTrue(Files.readString(log).matches("time=\"" + TIME + "\" level=error msg=boom\n"), Files.readString(log));
    }

    @Test
    void debugLevelRecordsAppearOnlyWithDebug() throws Exception {
        Path log = cwd.resolve("debug.log");
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.before = () -> Log.of(ErrorReportingTest.class).debug("about to start");
        cli.run("--log", log.toString(), "start", "c1");
        assertEquals("", Files.readString(log));
        cli.run("--log", log.toString(), "--debug", "start", "c1");
        assertTrue(Files.readString(log).matches("time=\"" + TIME + "\" level=debug msg=\"about to start\"\n"), Files.readString(log));
    }

    @Test
    void unopenableLogFileIsAnError() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("--log", "/nonexistent-dir/x.log", "start", "c1");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("level=error msg=\"open /nonexistent-dir/x.log: no such file or directory\"\n"), r.err());
        assertTrue(cli.runtime.calls.isEmpty());
    }

    @Test
    void invalidLogFormatIsAnError() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("--log-format", "xml", "start", "c1");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("level=error msg=\"invalid log-format: xml\"\n"), r.err());
        assertTrue(cli.runtime.calls.isEmpty());
    }

    @Test
    void unknownSignalIsAnErrorWithoutUsageOrRuntimeCall() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("kill", "c1", "SIGFOO");
        assertEquals(1, r.status());
        assertTrue(r.err().matches("time=\"" + TIME + "\" level=error msg=\"unknown signal \\\\\"SIGFOO\\\\\"\"\n"), r.err());
        assertTrue(cli.runtime.calls.isEmpty());
        for (String bad : new String[] {"0", "65", "-", "RTMIN+40", ""}) {
            assertEquals(1, new CliRunner(cwd).run("kill", "c1", bad).status(), bad);
        }
    }

    @Test
    void invalidListFormatIsAnError() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("list", "--format", "yaml");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("invalid format option"), r.err());
        assertTrue(cli.runtime.calls.isEmpty());
    }

    @Test
    void anUnexpectedFailureIsNamedAndExits1() {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.before = () -> {
            throw new IllegalStateException("bug");
        };
        CliRunner.Result r = cli.run("start", "c1");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("msg=\"java.lang.IllegalStateException: bug\"\n"), r.err());
    }
}
