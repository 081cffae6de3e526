package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.CreateOptions;
import io.jrun.api.RunOptions;
import io.jrun.api.RuntimeOptions;
import io.jrun.cli.RecordingOperations.Call;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command and flag reaches the runtime as the right call. */
class CommandParsingTest {
    @TempDir
    Path cwd;

    private CliRunner cli() {
        return new CliRunner(cwd);
    }

    private static Call call(String method, Object... args) {
        return new Call(method, List.of(args));
    }

    private static void assertSuccess(CliRunner.Result r) {
        assertEquals(0, r.status(), () -> "stderr: " + r.err());
        assertEquals("", r.err());
    }

    @Test
    void createWithDefaultsUsesTheWorkingDirectoryAsBundle() {
        CliRunner cli = cli();
        assertSuccess(cli.run("create", "c1"));
        assertEquals(call("create", "c1", cwd, CreateOptions.defaults()), cli.runtime.onlyCall());
    }

    @Test
    void createPassesEveryFlagWithRelativePathsMadeAbsolute() {
        CliRunner cli = cli();
        assertSuccess(cli.run("create", "--bundle", "b/../bundle", "--pid-file", "c1.pid", "--console-socket",
                "/run/sock", "--no-pivot", "--no-new-keyring", "--preserve-fds", "2", "c1"));
        assertEquals(call("create", "c1", cwd.resolve("bundle"),
                        new CreateOptions(cwd.resolve("c1.pid"), Path.of("/run/sock"), true, true, 2)),
                cli.runtime.onlyCall());
    }

    @Test
    void createTakesShortBundleFlagAndEqualsForm() {
        CliRunner cli = cli();
        assertSuccess(cli.run("create", "-b", "/srv/b", "--preserve-fds=1", "c1"));
        assertEquals(call("create", "c1", Path.of("/srv/b"), new CreateOptions(null, null, false, false, 1)),
                cli.runtime.onlyCall());
    }

    @Test
    void optionsMayFollowTheContainerId() {
        CliRunner cli = cli();
        assertSuccess(cli.run("create", "c1", "-b", "/srv/b"));
        assertEquals(call("create", "c1", Path.of("/srv/b"), CreateOptions.defaults()), cli.runtime.onlyCall());
    }

    @Test
    void aRepeatedFlagTakesTheLastValueAsGoDoes() {
        CliRunner cli = cli();
        assertSuccess(cli.run("create", "-b", "/one", "-b", "/two", "c1"));
        assertEquals(Path.of("/two"), cli.runtime.onlyCall().args().get(1));
    }

    @Test
    void anAtSignIsNotAnArgumentFile() {
        CliRunner cli = cli();
        assertSuccess(cli.run("start", "@c1"));
        assertEquals(call("start", "@c1"), cli.runtime.onlyCall());
    }

    @Test
    void runPassesCreateFlagsDetachAndKeep() {
        CliRunner cli = cli();
        assertSuccess(cli.run("run", "-d", "--keep", "--pid-file", "/p", "-b", "bundle", "c1"));
        assertEquals(call("run", "c1", cwd.resolve("bundle"),
                        new RunOptions(new CreateOptions(Path.of("/p"), null, false, false, 0), true, true)),
                cli.runtime.onlyCall());
    }

    @Test
    void runDefaults() throws java.io.IOException {
        java.nio.file.Files.writeString(cwd.resolve("config.json"), "{}"); // a bundle here: runc's form (RunFormsTest)
        CliRunner cli = cli();
        assertSuccess(cli.run("run", "c1"));
        assertEquals(call("run", "c1", cwd, new RunOptions(CreateOptions.defaults(), false, false)), cli.runtime.onlyCall());
    }

    @Test
    void runExitsWithTheProgramsStatus() {
        CliRunner cli = cli();
        cli.runtime.runStatus = 137;
        assertEquals(137, cli.run("run", "-b", ".", "c1").status());
    }

    @Test
    void start() {
        CliRunner cli = cli();
        assertSuccess(cli.run("start", "c1"));
        assertEquals(call("start", "c1"), cli.runtime.onlyCall());
    }

    @Test
    void killSendsSigtermByDefault() {
        CliRunner cli = cli();
        assertSuccess(cli.run("kill", "c1"));
        assertEquals(call("kill", "c1", 15, false), cli.runtime.onlyCall());
    }

    @Test
    void killTakesSignalNamesInEveryFormAndNumbers() {
        for (String name : List.of("KILL", "SIGKILL", "kill", "sigkill", "9")) {
            CliRunner cli = cli();
            assertSuccess(cli.run("kill", "c1", name));
            assertEquals(call("kill", "c1", 9, false), cli.runtime.onlyCall(), name);
        }
    }

    @Test
    void killAll() {
        CliRunner cli = cli();
        assertSuccess(cli.run("kill", "-a", "c1", "HUP"));
        assertEquals(call("kill", "c1", 1, true), cli.runtime.onlyCall());
        CliRunner longForm = cli();
        assertSuccess(longForm.run("kill", "--all", "c1"));
        assertEquals(call("kill", "c1", 15, true), longForm.runtime.onlyCall());
    }

    @Test
    void delete() {
        CliRunner cli = cli();
        assertSuccess(cli.run("delete", "c1"));
        assertEquals(call("delete", "c1", false), cli.runtime.onlyCall());
        CliRunner forced = cli();
        assertSuccess(forced.run("delete", "-f", "c1"));
        assertEquals(call("delete", "c1", true), forced.runtime.onlyCall());
        CliRunner forcedLong = cli();
        assertSuccess(forcedLong.run("delete", "--force", "c1"));
        assertEquals(call("delete", "c1", true), forcedLong.runtime.onlyCall());
    }

    @Test
    void stateAndListAskTheRuntime() {
        CliRunner cli = cli();
        cli.runtime.state = StateJsonTest.sample();
        assertSuccess(cli.run("state", "c1"));
        assertEquals(call("state", "c1"), cli.runtime.onlyCall());
        CliRunner list = cli();
        assertSuccess(list.run("list"));
        assertEquals(call("list"), list.runtime.onlyCall());
    }

    @Test
    void globalOptionsDefaults() {
        CliRunner cli = cli();
        assertSuccess(cli.run("start", "c1"));
        assertEquals(List.of(RuntimeOptions.defaults()), cli.runtime.opened);
    }

    @Test
    void globalOptionsReachTheRuntime() {
        CliRunner cli = cli();
        assertSuccess(cli.run("--root", "state-dir", "--systemd-cgroup", "--rootless", "true", "--debug", "start", "c1"));
        assertEquals(List.of(new RuntimeOptions(cwd.resolve("state-dir"), true, "true")), cli.runtime.opened);
    }

    @Test
    void specAndVersionNeverOpenTheRuntime() {
        CliRunner cli = cli();
        assertSuccess(cli.run("spec"));
        assertSuccess(cli.run("--version"));
        assertTrue(cli.runtime.opened.isEmpty());
    }
}
