package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.core.Version;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpAndVersionTest {
    @TempDir
    Path cwd;

    private CliRunner.Result run(String... args) {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run(args);
        assertTrue(cli.runtime.opened.isEmpty(), "help and version do not open the runtime");
        return r;
    }

    @Test
    void versionInRuncsLineFormat() {
        for (String flag : new String[] {"--version", "-v"}) {
            CliRunner.Result r = run(flag);
            assertEquals(0, r.status());
            assertEquals("", r.err());
            String[] lines = r.out().split("\n", -1);
            assertEquals(5, lines.length, r.out());
            assertEquals("jrun version " + Version.VERSION, lines[0]);
            assertTrue(lines[1].matches("commit: ([0-9a-f]{40}(-dirty)?|unknown)"), lines[1]);
            assertEquals("spec: 1.3.0", lines[2]);
            assertEquals("java: " + Runtime.version(), lines[3]);
            assertEquals("", lines[4]);
        }
    }

    @Test
    void versionWinsOverWhatFollows() {
        for (String[] args : new String[][] {{"--version", "state", "c1"}, {"--root", "/x", "-v", "bogus"}}) {
            CliRunner.Result r = run(args);
            assertEquals(0, r.status());
            assertTrue(r.out().startsWith("jrun version "));
        }
    }

    @Test
    void noCommandPrintsTheMainHelp() {
        CliRunner.Result r = run();
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: jrun [global options] command"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void mainHelpListsGlobalOptionsAndCommands() {
        for (String flag : new String[] {"--help", "-h"}) {
            CliRunner.Result r = run(flag);
            assertEquals(0, r.status());
            for (String word : new String[] {"--debug", "--log=<file>", "--log-format=<format>", "--root=<dir>",
                    "--systemd-cgroup", "--rootless=<value>", "--version", "create", "delete", "kill", "list", "run",
                    "spec", "start", "state", "features", "help, h", "(default: /run/jrun)"}) {
                assertTrue(r.out().contains(word), () -> word + " missing from\n" + r.out());
            }
        }
    }

    @Test
    void mainHelpListsEveryCommandEvenWhenOneIsNamed() {
        CliRunner.Result r = run("--root", "/x", "-h", "state");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("  features  show the enabled features"), r.out());
        assertTrue(r.out().contains("  create    create a container"), r.out());
    }

    @Test
    void helpCommandForAnUnknownCommandExits3() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("help", "bogus");
        assertEquals(3, r.status());
        assertTrue(r.err().startsWith("Usage: jrun [global options]"), r.err());
        assertTrue(r.err().endsWith("level=error msg=\"unknown command \\\"bogus\\\"\"\n"), r.err());
    }

    @Test
    void onlyTheNamedCommandIsModelledWhenNoListCanBePrinted() {
        assertEquals("state", Cli.firstAfterGlobalOptions(new String[] {"--root", "/x", "--log=/l", "--debug", "state", "c1"}));
        assertEquals("kill", Cli.firstAfterGlobalOptions(new String[] {"--rootless", "true", "--systemd-cgroup", "kill", "-a"}));
        assertEquals("--version", Cli.firstAfterGlobalOptions(new String[] {"--log-format", "json", "--version", "state"}));
        assertEquals(null, Cli.firstAfterGlobalOptions(new String[] {"--root"}));
        assertEquals("state", Cli.namedCommand("state").name());
        for (String first : new String[] {null, "help", "h", "-h", "--bogus", "bogus", "--"}) {
            assertEquals(null, Cli.namedCommand(first), first);
        }
    }

    @Test
    void commandHelpInEveryForm() {
        for (String[] args : new String[][] {{"state", "--help"}, {"state", "-h"}, {"help", "state"}, {"h", "state"}}) {
            CliRunner.Result r = run(args);
            assertEquals(0, r.status());
            assertTrue(r.out().startsWith("Usage: jrun state [-h] <container-id>"), r.out());
        }
    }

    @Test
    void createHelpShowsRuncsFlags() {
        CliRunner.Result r = run("create", "--help");
        for (String flag : new String[] {"-b, --bundle=<dir>", "--console-socket=<path>", "--pid-file=<file>",
                "--no-pivot", "--no-new-keyring", "--preserve-fds=<n>", "(default: 0)"}) {
            assertTrue(r.out().contains(flag), () -> flag + " missing from\n" + r.out());
        }
    }
}
