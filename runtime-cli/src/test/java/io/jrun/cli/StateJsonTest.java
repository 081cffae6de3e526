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

/** `state` and `list --format json` print runc's containerState. */
class StateJsonTest {
    @TempDir
    Path cwd;

    static ContainerState sample() {
        return new ContainerState("1.3.0", "c1", 4242, Status.RUNNING, Path.of("/srv/bundle"), Path.of("/srv/bundle/rootfs"),
                Instant.parse("2026-11-26T09:48:37.123456780Z"), "root", Map.of());
    }

    @Test
    void stateIsIndentedWithTwoSpacesInRuncsFieldOrder() {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.state = sample();
        CliRunner.Result r = cli.run("state", "c1");
        assertEquals(0, r.status());
        assertEquals("""
                {
                  "ociVersion": "1.3.0",
                  "id": "c1",
                  "pid": 4242,
                  "status": "running",
                  "bundle": "/srv/bundle",
                  "rootfs": "/srv/bundle/rootfs",
                  "created": "2026-11-26T09:48:37.12345678Z",
                  "owner": "root"
                }
                """, r.out());
    }

    @Test
    void annotationsComeSortedBeforeOwnerWhenThereAreAny() {
        ContainerState s = new ContainerState("1.3.0", "c<1>", 0, Status.STOPPED, Path.of("/b"), Path.of("/b/rootfs"),
                Instant.parse("2026-11-26T09:48:37Z"), "", Map.of("z", "last", "a", "first \"quoted\""));
        assertEquals("""
                {
                  "ociVersion": "1.3.0",
                  "id": "c\\u003c1\\u003e",
                  "pid": 0,
                  "status": "stopped",
                  "bundle": "/b",
                  "rootfs": "/b/rootfs",
                  "created": "2026-11-26T09:48:37Z",
                  "annotations": {
                    "a": "first \\"quoted\\"",
                    "z": "last"
                  },
                  "owner": ""
                }""", StateJson.pretty(s));
    }

    @Test
    void absentValuesAreGoZeroValues() {
        ContainerState s = new ContainerState(null, "c1", 0, null, null, null, null, null, null);
        assertEquals("{\"ociVersion\":\"\",\"id\":\"c1\",\"pid\":0,\"status\":\"\",\"bundle\":\"\",\"rootfs\":\"\","
                + "\"created\":\"0001-01-01T00:00:00Z\",\"owner\":\"\"}", StateJson.compactList(List.of(s)).replaceAll("^\\[|]$", ""));
    }

    @Test
    void listJsonIsOneLine() {
        CliRunner cli = new CliRunner(cwd);
        ContainerState other = new ContainerState("1.3.0", "c2", 0, Status.CREATED, Path.of("/b2"), Path.of("/b2/rootfs"),
                Instant.parse("2026-11-26T10:00:00Z"), "alice", Map.of("k", "v"));
        cli.runtime.states = List.of(sample(), other);
        CliRunner.Result r = cli.run("list", "--format", "json");
        assertEquals(0, r.status());
        assertEquals("[{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"pid\":4242,\"status\":\"running\",\"bundle\":\"/srv/bundle\","
                + "\"rootfs\":\"/srv/bundle/rootfs\",\"created\":\"2026-11-26T09:48:37.12345678Z\",\"owner\":\"root\"},"
                + "{\"ociVersion\":\"1.3.0\",\"id\":\"c2\",\"pid\":0,\"status\":\"created\",\"bundle\":\"/b2\","
                + "\"rootfs\":\"/b2/rootfs\",\"created\":\"2026-11-26T10:00:00Z\",\"annotations\":{\"k\":\"v\"},\"owner\":\"alice\"}]\n",
                r.out());
    }

    @Test
    void emptyListJsonIsAnEmptyArray() {
        CliRunner.Result r = new CliRunner(cwd).run("list", "-f", "json");
        assertEquals("[]\n", r.out());
    }
}
