package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operations of runtime.md and runc's CLI around them: create, start, state, kill, delete, run, list. */
class LifecycleIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** Runs until killed, and says so in /tmp/ready once running. pid 1 ignores signals it has no handler for. */
    private static final String WAIT_FOREVER = "touch /tmp/ready; exec sleep 100000";

    /** Writes the name of each of {@code signals} it gets to /tmp/got-NAME, exiting on TERM; /tmp/ready once set. */
    private static String trapping(String... signals) {
        StringBuilder script = new StringBuilder();
        for (String signal : signals) {
            script.append("trap 'echo ").append(signal).append(" > /tmp/got-").append(signal)
                    .append(signal.equals("TERM") ? "; exit 0" : "").append("' ").append(signal).append("; ");
        }
        // wait, unlike a foreground sleep, returns as soon as a trapped signal comes
        return script + "touch /tmp/ready; while :; do sleep 100000 & wait $!; done";
    }

    private String createAndStart(Bundle bundle) {
        String id = containers.newId();
        containers.create(id, bundle).ok();
        containers.start(id).ok();
        return id;
    }

    @Test
    void createLeavesTheProgramWaitingAndStartRunsIt() throws IOException {
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        String id = containers.newId();
        containers.create(id, bundle).ok();

        JsonNode state = containers.state(id);
        assertEquals(id, state.path("id").asText());
        assertEquals("created", state.path("status").asText());
        assertEquals(bundle.dir().toString(), state.path("bundle").asText());
        int pid = state.path("pid").asInt();
        assertTrue(pid > 0, state::toString);
        assertTrue(Files.exists(Path.of("/proc", Integer.toString(pid))), "the container process exists: " + pid);
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the program ran before start");

        containers.start(id).ok();
        Poll.exists(bundle.file("/tmp/ran"));
        containers.awaitStatus(id, "stopped");
        containers.delete(id).ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void startingTwiceFails() {
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = createAndStart(bundle);
        Poll.exists(bundle.file("/tmp/ready"));
        containers.start(id).failed();
        assertEquals("running", containers.status(id));
    }

    @Test
    void aContainerWhoseProcessDiedIsStopped() {
        Bundle bundle = containers.bundle().args("true");
        String id = createAndStart(bundle);
        containers.awaitStatus(id, "stopped");
    }

    @Test
    void killSendsTermByDefault() throws IOException {
        Bundle bundle = containers.bundle().sh(trapping("TERM"));
        String id = createAndStart(bundle);
        Poll.exists(bundle.file("/tmp/ready"));

        containers.kill(id).ok();
        Poll.exists(bundle.file("/tmp/got-TERM"));
        containers.awaitStatus(id, "stopped");
        assertEquals("TERM", Files.readString(bundle.file("/tmp/got-TERM")).strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"USR1", "SIGUSR1", "10"})
    void killSendsASignalNamedOrNumbered(String signal) throws IOException {
        Bundle bundle = containers.bundle().sh(trapping("USR1", "USR2"));
        String id = createAndStart(bundle);
        Poll.exists(bundle.file("/tmp/ready"));

        containers.kill(id, signal).ok();
        Poll.exists(bundle.file("/tmp/got-USR1"));
        assertFalse(Files.exists(bundle.file("/tmp/got-USR2")));
        assertEquals("running", containers.status(id), "USR1 is trapped: the container goes on");
    }

    @ParameterizedTest
    @ValueSource(strings = {"KILL", "SIGKILL", "9"})
    void killCanKill(String signal) {
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = createAndStart(bundle);
        Poll.exists(bundle.file("/tmp/ready"));

        containers.kill(id, signal).ok();
        containers.awaitStatus(id, "stopped");
    }

    @Test
    void killAllSignalsEveryProcessOfTheContainer() {
        // pid 1 traps TERM and carries on; so does its child, which exits: only --all reaches the child
        Bundle bundle = containers.bundle().sh("""
                trap 'echo > /tmp/init-got-TERM' TERM
                sh -c 'trap "echo > /tmp/child-got-TERM; exit 0" TERM; touch /tmp/child-ready; \
                while :; do sleep 100000 & wait $!; done' &
                touch /tmp/ready
                while :; do sleep 100000 & wait $!; done
                """);
        String id = createAndStart(bundle);
        Poll.exists(bundle.file("/tmp/ready"));
        Poll.exists(bundle.file("/tmp/child-ready"));

        containers.kill(id, "--all", "TERM").ok();
        Poll.exists(bundle.file("/tmp/init-got-TERM"));
        Poll.exists(bundle.file("/tmp/child-got-TERM"));
        assertEquals("running", containers.status(id));
    }

    @Test
    void deletingARunningContainerNeedsForce() {
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = createAndStart(bundle);
        Poll.exists(bundle.file("/tmp/ready"));

        containers.delete(id).failed();
        assertEquals("running", containers.status(id));
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
        containers.exec("state", id).failed();
    }

    @Test
    void deletingACreatedContainerNeedsForceToo() {
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        String id = containers.newId();
        containers.create(id, bundle).ok();

        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "deleting a created container ran its program");
    }

    @Test
    void runReturnsTheProgramsExitStatus() {
        Bundle bundle = containers.bundle().sh("exit 3");
        String id = containers.newId();
        assertEquals(3, containers.run(id, bundle).exit());
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void runPassesTheSignalsItGetsToTheProgram() {
        Bundle bundle = containers.bundle().sh(trapping("HUP", "INT", "USR1", "USR2", "TERM"));
        String id = containers.newId();
        Exec.Started run = containers.startRun(id, bundle);
        Poll.exists(bundle.file("/tmp/ready"));
        for (String signal : List.of("HUP", "INT", "USR1", "USR2")) {
            containers.host("kill", "-" + signal, Long.toString(run.pid())).ok();
            Poll.exists(bundle.file("/tmp/got-" + signal));
        }
        containers.host("kill", "-TERM", Long.toString(run.pid())).ok();
        assertEquals(0, run.await(Exec.TIMEOUT).exit());
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void runKeepLeavesTheStoppedContainerForDelete() {
        Bundle bundle = containers.bundle().sh("exit 5");
        String id = containers.newId();
        assertEquals(5, containers.run(id, bundle, "--keep").exit());
        assertEquals("stopped", containers.status(id));
        containers.delete(id).ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void runReturns128PlusTheSignalThatKilledTheProgram() {
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = containers.newId();
        Exec.Started run = containers.startRun(id, bundle);
        Poll.exists(bundle.file("/tmp/ready"));

        containers.kill(id, "KILL").ok();
        assertEquals(128 + 9, run.await(Exec.TIMEOUT).exit());
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void runDetachReturnsWhileTheProgramRuns() {
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        assertEquals("running", containers.status(id));
    }

    @Test
    void pidFileHoldsThePidThatStateShows() throws IOException {
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        Path created = containers.scratch("pid").resolve("created.pid");
        String id = containers.newId();
        containers.create(id, bundle, "--pid-file", created.toString()).ok();
        assertEquals(containers.state(id).path("pid").asText(), Files.readString(created).strip());

        Bundle detached = containers.bundle().sh(WAIT_FOREVER);
        Path ran = created.resolveSibling("detached.pid");
        String other = containers.newId();
        containers.run(other, detached, "--detach", "--pid-file", ran.toString()).ok();
        assertEquals(containers.state(other).path("pid").asText(), Files.readString(ran).strip());
    }

    @Test
    void listShowsTheContainers() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = containers.newId();
            containers.create(id, containers.bundle()).ok();
            ids.add(id);
        }

        assertEquals(Set.copyOf(ids), Set.copyOf(containers.exec("list", "-q").ok().lines()));

        List<String> table = containers.exec("list").ok().lines();
        assertTrue(table.getFirst().matches("ID\\s+PID\\s+STATUS\\s+BUNDLE\\s+CREATED\\s+OWNER"), table::toString);
        assertEquals(3, table.size(), table::toString);
        for (String id : ids) {
            assertTrue(table.stream().anyMatch(row -> row.matches(id + "\\s+\\d+\\s+created\\s+/\\S+\\s+.*")),
                    () -> id + " in " + table);
        }

        JsonNode json = Json.parse(containers.exec("list", "--format", "json").ok().stdout());
        assertEquals(2, json.size(), json::toString);
        for (JsonNode container : json) {
            assertTrue(ids.contains(container.path("id").asText()), json::toString);
            assertEquals("created", container.path("status").asText());
            assertTrue(container.path("pid").asInt() > 0, json::toString);
        }
    }

    @Test
    void stateOfAnUnknownContainerFails() {
        containers.exec("state", containers.newId()).failed();
    }

    /** Engines (podman after a failed create, containerd's shim after `run --rm`) rely on this, as on runc. */
    @Test
    void deleteOfAnUnknownContainerFailsUnlessForced() {
        String id = containers.newId();
        Result plain = containers.delete(id).failed();
        if (containers.runtime().isJrun()) {
            assertTrue(plain.stderr().contains("does not exist"), plain::toString);
        }
        containers.delete(id, "--force").ok();
        containers.exec("delete", "--force", "no/such").failed(); // an invalid id is still an error
    }
}
