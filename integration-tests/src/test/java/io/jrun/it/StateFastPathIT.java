package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `state ID` is answered by the launcher itself, without a JVM (runtime-cli/src/main/c/state.c),
 * whenever it can: it must print what the JVM prints, byte for byte, in every status, and leave
 * everything else (errors, options it does not know) to the JVM. `--debug` always takes the JVM,
 * which makes the two comparable.
 */
class StateFastPathIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** `state id` as the launcher answers it, and as the JVM does: the same exit, the same stdout. */
    private void assertSameAnswer(String id) {
        Result fast = containers.exec("state", id);
        Result jvm = containers.exec("--debug", "state", id);
        assertEquals(jvm.exit(), fast.exit(), () -> fast + "\n" + jvm);
        assertEquals(jvm.stdout(), fast.stdout(), () -> fast + "\n" + jvm);
    }

    /**
     * Whether {@code args} started a JVM: the launcher execs java with execveat, from its sealed
     * memfd or from a read-only mount of the JDK, and execs nothing else.
     */
    private boolean startsAJvm(String... args) {
        Path trace = containers.scratch("strace").resolve("trace");
        List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=execve,execveat", "-o",
                trace.toString()));
        argv.addAll(containers.runtime().command(args));
        containers.host(argv.toArray(String[]::new));
        try {
            List<String> execs = Files.readAllLines(trace).stream().filter(l -> !l.contains("= -1")).toList();
            assertTrue(execs.stream().anyMatch(l -> l.contains("execve(")), () -> "no launcher in " + execs);
            return execs.stream().anyMatch(l -> l.contains("execveat("));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theLaunchersAnswerIsTheJvmsInEveryStatus() {
        containers.assumeJrun("the launcher's own state");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("touch /tmp/ready; while [ ! -e /tmp/go ]; do sleep 0.1; done");
        bundle.linux().put("cgroupsPath", "/" + id);
        // annotations that need escaping, and an order that is not the file's
        bundle.config().withObject("/annotations").put("z.last", "tab\tquote\" <b> & é")
                .put("a.first", "\u2028 line separator").put("m.empty", "");
        containers.create(id, bundle).ok();
        assertEquals("created", containers.status(id));
        assertSameAnswer(id);

        containers.start(id).ok();
        Poll.exists(bundle.file("/tmp/ready"));
        assertEquals("running", containers.status(id));
        assertSameAnswer(id);

        containers.exec("pause", id).ok();
        assertEquals("paused", containers.status(id));
        assertSameAnswer(id);
        containers.exec("resume", id).ok();

        containers.kill(id, "KILL").ok();
        containers.awaitStatus(id, "stopped");
        assertSameAnswer(id);
        containers.delete(id).ok();

        Result gone = containers.exec("state", id).failed();
        assertTrue(gone.stderr().contains("container " + id + " does not exist"), gone::toString);
        assertSameAnswer(id);
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void stateOfARecordedContainerRunsNoJvmAndAnythingElseDoes() {
        containers.assumeJrun("the launcher's own state");
        assumeTrue(containers.host("strace", "-V").exit() == 0, "no strace");
        String id = containers.newId();
        Bundle bundle = containers.bundle().args("sleep", "100000");
        containers.create(id, bundle).ok();
        assertFalse(startsAJvm("state", id), "the launcher answers alone");
        assertTrue(startsAJvm("--debug", "state", id), "--debug is the JVM's");
        assertTrue(startsAJvm("state", "no-such-" + id), "an error is the JVM's to report");
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }
}
