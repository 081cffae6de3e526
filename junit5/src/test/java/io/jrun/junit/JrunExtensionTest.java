package io.jrun.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jrun.api.Container;
import io.jrun.api.Jrun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extension as JUnit drives it: test classes of its own (static nested classes, which
 * surefire does not run by themselves) run through the platform's launcher, with real
 * containers. Skipped where containers cannot run.
 */
class JrunExtensionTest {
    /** What the classes saw: container ids and pids, by test. */
    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    /** A field per test, a static field per class, a parameter; one test fails. */
    static final class Fixture {
        @Sandbox(command = {"sh", "-c", "echo started-$(hostname); sleep 600"}, hostname = "perclass")
        static Container shared;

        @Sandbox(command = {"sh", "-c", "echo the-container-said-this; sleep 600"})
        Container box;

        @Test
        void first() {
            SEEN.put("first", List.of(box.id(), shared.id()));
        }

        @Test
        void second(@Sandbox(command = {"sleep", "600"}) Container extra, Jrun jrun) {
            SEEN.put("second", List.of(box.id(), shared.id(), extra.id()));
            assertEquals(0, box.exec("true").status());
        }

        @Test
        void fails() {
            SEEN.put("fails", List.of(box.id()));
            assertTrue(box.exec("sh", "-c", "cat /proc/1/cmdline").stdout().contains("sleep"));
            throw new AssertionError("this test fails on purpose");
        }
    }

    private static boolean launcherBuilt() {
        try {
            io.jrun.api.Launcher.find();
            return true;
        } catch (io.jrun.api.JrunException e) {
            return false;
        }
    }

    /**
     * The tests must never put a container into a host's cgroup v1 memory hierarchy, where a
     * hybrid host's own services live, and jrun on a hybrid or legacy host puts each container
     * into every v1 hierarchy it sees. The extension runs jrun with no guard of its own, so this
     * fails at once while one is visible: run it through scripts/test.sh, which runs everything in
     * a private mount namespace without it. Failing, not skipping, so that a broken guard there
     * cannot quietly stop this test from running.
     */
    static void requireNoV1MemoryHierarchy() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && dash + 3 < f.length && f[dash + 1].equals("cgroup")
                    && List.of(f[dash + 3].split(",")).contains("memory")) {
                throw new IllegalStateException("this process sees a cgroup v1 memory hierarchy at " + f[4]
                        + ", and jrun would put the test's containers in it: run the tests with scripts/test.sh, or"
                        + " under unshare --mount --propagation private -- sh -c 'umount -l " + f[4]
                        + " && exec \"$@\"' sh mvn ...");
            }
        }
    }

    private static List<Path> left() throws IOException {
        Path containers = Jrun.DEFAULT_HOME.resolve("containers");
        if (!Files.exists(containers)) {
            return List.of();
        }
        try (var s = Files.list(containers)) {
            return s.toList();
        }
    }

    @Test
    void containersPerTestAndPerClassCleanedUpAndAFailuresOutputReported() throws IOException {
        assumeTrue(Jrun.unavailable().isEmpty(), () -> "containers cannot run here: " + Jrun.unavailable().orElse(""));
        assumeTrue(launcherBuilt(), "jrun-dist is empty before `package` (mvn test): no launcher to run");
        requireNoV1MemoryHierarchy();
        List<Path> before = left();
        List<String> failures = new ArrayList<>();
        Map<String, List<String>> reports = new ConcurrentHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                reports.computeIfAbsent(test.getDisplayName(), k -> new ArrayList<>()).addAll(
                        entry.getKeyValuePairs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures.add(test.getDisplayName() + ": " + result.getThrowable().map(Throwable::getMessage).orElse(""));
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class))
                .build(), listener);

        assertEquals(List.of("fails(): this test fails on purpose"), failures);
        List<String> first = SEEN.get("first");
        List<String> second = SEEN.get("second");
        assertNotEquals(first.get(0), second.get(0), "each test its own container");
        assertEquals(first.get(1), second.get(1), "the class's container is shared");
        assertNotEquals(second.get(0), second.get(2), "a parameter gets a container of its own");
        String failed = SEEN.get("fails").get(0);
        List<String> entries = reports.getOrDefault("fails()", List.of());
        assertTrue(entries.contains("jrun " + failed + " stdout=the-container-said-this\n"), entries.toString());
        assertEquals(before, left(), "every container deleted, the failed test's too");
    }
}
