package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * hooks: each kind runs at its point of the lifecycle, in the spec's order, with the state on
 * stdin; failures and timeouts. Each recording hook saves its stdin to NAME.json and appends
 * NAME to a log, in a host directory that the container also has at /hooks.
 */
class HooksIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final List<String> ORDER =
            List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");
    /** startContainer hooks run, and resolve their path, in the container: they see the directory at /hooks. */
    private static final String INSIDE = "/hooks";

    private Path log;

    private static ObjectNode hook(Bundle bundle, String kind, String path, String... args) {
        ObjectNode hook = bundle.config().withObject("/hooks").withArray("/" + kind).addObject();
        hook.put("path", path).set("args", Json.strings(args));
        return hook;
    }

    /** A bundle whose program runs until killed, with a recording hook of each kind. */
    private Bundle recordingEveryHook() {
        log = containers.scratch("hooks");
        Bundle bundle = containers.bundle().sh("touch /tmp/ready; exec sleep 100000");
        bundle.mount(INSIDE, "bind", log.toString(), "bind");
        for (String kind : ORDER) {
            String dir = kind.equals("startContainer") ? INSIDE : log.toString();
            hook(bundle, kind, "/bin/sh", "sh", "-c",
                    "cat > " + dir + "/" + kind + ".json; echo " + kind + " >> " + dir + "/order");
        }
        return bundle;
    }

    private List<String> order() throws IOException {
        Path order = log.resolve("order");
        return Files.exists(order) ? Files.readAllLines(order) : List.of();
    }

    private JsonNode stateOf(String kind) throws IOException {
        return Json.parse(Files.readString(log.resolve(kind + ".json")));
    }

    @Test
    void hooksRunAtTheirPointsInTheSpecsOrder() throws IOException {
        containers.assumeNotRunc(
                "runc 1.1.5 runs poststart hooks during create, before startContainer, with status created");
        Bundle bundle = recordingEveryHook();
        String id = containers.newId();

        containers.create(id, bundle).ok();
        assertEquals(ORDER.subList(0, 3), order());
        containers.start(id).ok();
        // poststart hooks run before start returns
        assertEquals(ORDER.subList(0, 5), order());
        containers.delete(id, "--force").ok();
        assertEquals(ORDER, order());

        assertEquals("running", stateOf("poststart").path("status").asText());
    }

    @Test
    void eachHookReadsTheStateOnStdin() throws IOException {
        Bundle bundle = recordingEveryHook();
        String id = containers.newId();
        containers.create(id, bundle).ok();
        int pid = containers.state(id).path("pid").asInt();
        containers.start(id).ok();
        Poll.exists(bundle.file("/tmp/ready"));
        containers.delete(id, "--force").ok();

        for (String kind : ORDER) {
            JsonNode state = stateOf(kind);
            assertEquals(id, state.path("id").asText(), kind);
            assertEquals(bundle.dir().toString(), state.path("bundle").asText(), kind);
            assertTrue(state.path("ociVersion").isTextual(), kind);
        }
        // the pid as the hook's namespace sees it: the host's in the runtime's, 1 in the container's
        for (String kind : List.of("prestart", "createRuntime", "poststart")) {
            assertEquals(pid, stateOf(kind).path("pid").asInt(), kind);
        }
        for (String kind : List.of("createContainer", "startContainer")) {
            assertEquals(1, stateOf(kind).path("pid").asInt(), kind);
        }
        for (String kind : List.of("prestart", "createRuntime", "createContainer")) {
            assertEquals("creating", stateOf(kind).path("status").asText(), kind);
        }
        assertEquals("created", stateOf("startContainer").path("status").asText());
        assertEquals("stopped", stateOf("poststop").path("status").asText());
    }

    @Test
    void aFailingCreateRuntimeHookFailsCreateAndLeavesNothing() {
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        hook(bundle, "createRuntime", "/bin/sh", "sh", "-c", "exit 1");
        String id = containers.newId();

        containers.create(id, bundle).failed();
        containers.assertNothingLeftBehind(id, bundle);
        assertFalse(Files.exists(bundle.file("/tmp/ran")));
    }

    @Test
    void aFailingPoststopHookOnlyWarns() {
        Bundle bundle = containers.bundle().args("true");
        hook(bundle, "poststop", "/bin/sh", "sh", "-c", "exit 1");
        String id = containers.newId();
        containers.create(id, bundle).ok();
        containers.start(id).ok();
        containers.awaitStatus(id, "stopped");

        Result deleted = containers.delete(id).ok();
        assertTrue(deleted.stderr().toLowerCase().contains("hook"), deleted::toString);
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void theHooksAfterAFailedPoststopHookStillRun() throws IOException {
        containers.assumeNotRunc("runc 1.1.5 stops at the first failed poststop hook");
        Path dir = containers.scratch("hooks");
        Bundle bundle = containers.bundle().args("true");
        hook(bundle, "poststop", "/bin/sh", "sh", "-c", "exit 1");
        hook(bundle, "poststop", "/bin/sh", "sh", "-c", "touch " + dir + "/second-ran");
        String id = containers.newId();
        containers.run(id, bundle).ok();

        containers.assertNothingLeftBehind(id, bundle);
        assertTrue(Files.exists(dir.resolve("second-ran")));
    }

    @Test
    void aHookPastItsTimeoutFailsTheOperationAndIsKilled() {
        // a sleep no other process has, to find it by
        String seconds = "3600." + ThreadLocalRandom.current().nextInt(100000, 999999);
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        hook(bundle, "createRuntime", "/bin/sleep", "sleep", seconds).put("timeout", 1);
        String id = containers.newId();

        containers.create(id, bundle).failed();
        containers.assertNothingLeftBehind(id, bundle);
        Poll.until("the hook to be killed", () -> processesWith("sleep " + seconds).isEmpty(),
                () -> processesWith("sleep " + seconds).toString());
    }

    private static List<String> processesWith(String cmdline) {
        return Procs.all().stream()
                .filter(p -> Procs.cmdline(p).equals(cmdline))
                .map(p -> p.getFileName().toString())
                .toList();
    }
}
