package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrun.api.ContainerState;
import io.jrun.api.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `list` as runc prints it: Go's tabwriter with minwidth 12 and padding 3. */
class ListTableTest {
    @TempDir
    Path cwd;

    @Test
    void emptyListIsTheHeaderAsRuncPrintsIt() {
        // Exactly what runc 1.1.5 prints for an empty root.
        CliRunner.Result r = new CliRunner(cwd).run("list");
        assertEquals(0, r.status());
        assertEquals("ID          PID         STATUS      BUNDLE      CREATED     OWNER\n", r.out());
    }

    @Test
    void columnsWidenToTheWidestCellPlusThree() {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.states = List.of(
                StateJsonTest.sample(),
                new ContainerState("1.3.0", "a-much-longer-id", 0, Status.STOPPED, Path.of("/b"), Path.of("/b/rootfs"),
                        Instant.parse("2026-11-26T10:00:00Z"), "alice", Map.of()));
        CliRunner.Result r = cli.run("list");
        assertEquals("""
                ID                 PID         STATUS      BUNDLE        CREATED                         OWNER
                c1                 4242        running     /srv/bundle   2026-11-26T09:48:37.12345678Z   root
                a-much-longer-id   0           stopped     /b            2026-11-26T10:00:00Z            alice
                """, r.out());
    }

    @Test
    void widthsCountCharactersNotBytes() {
        assertEquals("ID          X\nnaïve-ünï   y\n", new TabWriter(12, 3).row("ID", "X").row("naïve-ünï", "y").render());
    }

    @Test
    void quietPrintsIdsOnlyWhateverTheFormat() {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.states = List.of(StateJsonTest.sample(), StateJsonTest.sample());
        assertEquals("c1\nc1\n", cli.run("list", "-q").out());
        assertEquals("c1\nc1\n", cli.run("list", "--quiet", "--format", "whatever").out());
    }
}
