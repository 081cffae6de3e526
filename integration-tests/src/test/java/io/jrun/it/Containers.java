package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's containers: makes bundles, runs the runtime's commands, and after the test, passed
 * or failed, deletes (--force) every container the test named, undoes the test's host-side
 * set-up, and then asserts that nothing is left behind: no state directory, mount, process or
 * cgroup of any of them. Register it in each test class:
 * {@code @RegisterExtension final Containers containers = new Containers();}
 */
public final class Containers implements BeforeEachCallback, AfterEachCallback {
    /** How long a deleted container's processes may take to be gone (they are SIGKILLed). */
    private static final Duration SETTLE = Duration.ofSeconds(30L * Exec.SLOWDOWN);

    // synchronized: a test may drive containers from several threads
    private final Set<String> ids = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<Bundle> bundles = Collections.synchronizedList(new ArrayList<>());
    private final List<Path> scratchDirs = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private TestRun run;
    private Path outputDir;

    /** Host-side undo work of a test: unmount, delete a network namespace... */
    @FunctionalInterface
    public interface Cleanup {
        void run() throws Exception;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        run = TestRun.of(context);
        outputDir = run.newDir("out-" + context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            if (!Leftovers.state(run, id).isEmpty()) {
                Exec.run(outputDir, runtime().command("delete", "--force", id));
            }
        }
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (Exception | AssertionError e) {
                problems.add("cleanup failed: " + e);
            }
        }
        problems.addAll(leftovers());
        if (!problems.isEmpty()) {
            throw new AssertionError("left behind (bundles kept for a look):\n  " + String.join("\n  ", problems));
        }
        if (context.getExecutionException().isPresent()) {
            return; // the bundles and files of a failed test stay until the next run, for a look
        }
        for (Bundle bundle : bundles) {
            Trees.delete(bundle.dir());
        }
        for (Path dir : scratchDirs) {
            Trees.delete(dir);
        }
    }

    /** What the test's containers left, after a while for killed processes to go. */
    private List<String> leftovers() {
        return Poll.settle(() -> {
            List<String> found = new ArrayList<>();
            for (String id : ids) {
                found.addAll(Leftovers.state(run, id));
                found.addAll(Leftovers.cgroups(id));
            }
            for (Bundle bundle : bundles) {
                found.addAll(Leftovers.mounts(bundle.dir()));
                found.addAll(Leftovers.processes(bundle.dir()));
            }
            return found;
        }, List::isEmpty, SETTLE);
    }

    /** Skips the test unless the runtime is jrun: for what only jrun does (or says). */
    public void assumeJrun(String why) {
        Assumptions.assumeTrue(runtime().isJrun(), why);
    }

    /** Skips the test under runc: for spec behaviour that runc 1.1.5 lacks ({@code why} says what). */
    public void assumeNotRunc(String why) {
        Assumptions.assumeFalse(runtime().isRunc(), why);
    }

    public RuntimeUnderTest runtime() {
        return run.runtime();
    }

    public TestRun testRun() {
        return run;
    }

    /** A new bundle: busybox rootfs, the runtime's `spec` config (see {@link Bundle}); removed after the test. */
    public Bundle bundle() {
        Bundle bundle = Bundle.create(run, outputDir);
        bundles.add(bundle);
        return bundle;
    }

    /** A new directory for host-side files of the test; removed after the test. */
    public Path scratch(String purpose) {
        Path dir = run.newDir(purpose);
        scratchDirs.add(dir);
        return dir;
    }

    /** A new container id; the container will be force-deleted and checked after the test. */
    public String newId() {
        String id = run.newId();
        ids.add(id);
        return id;
    }

    /** Also check {@code id} after the test (for ids not made by {@link #newId}). */
    public String track(String id) {
        ids.add(id);
        return id;
    }

    /** Undo work to do after the containers are deleted and before the leftover checks. */
    public void afterTest(Cleanup cleanup) {
        cleanups.push(cleanup);
    }

    /** Any runtime command, to its end: global flags are added; nothing is tracked. */
    public Result exec(String... args) {
        return Exec.run(outputDir, runtime().command(args));
    }

    /** Any host command, to its end. */
    public Result host(String... argv) {
        return Exec.run(outputDir, List.of(argv));
    }

    /** `run` of {@code bundle} as a new container, in the foreground, to the program's end. */
    public Result run(Bundle bundle) {
        return run(newId(), bundle);
    }

    /** `run [flags] --bundle DIR id`, to its end (with --detach, to the program's start). */
    public Result run(String id, Bundle bundle, String... flags) {
        return Exec.run(outputDir, runtime().command(withBundle("run", id, bundle, flags)));
    }

    /** `run` in the background, for a test that acts on the container while `run` waits for it. */
    public Exec.Started startRun(String id, Bundle bundle, String... flags) {
        return startRun(List.of(), id, bundle, flags);
    }

    /** As {@link #startRun(String, Bundle, String...)}, the runtime's argv after {@code wrapper}'s (a bash -c ...). */
    public Exec.Started startRun(List<String> wrapper, String id, Bundle bundle, String... flags) {
        List<String> argv = new ArrayList<>(wrapper);
        argv.addAll(runtime().command(withBundle("run", id, bundle, flags)));
        return Exec.start(outputDir, argv);
    }

    /** `create [flags] --bundle DIR id`. */
    public Result create(String id, Bundle bundle, String... flags) {
        return Exec.run(outputDir, runtime().command(withBundle("create", id, bundle, flags)));
    }

    private List<String> withBundle(String command, String id, Bundle bundle, String... flags) {
        ids.add(id);
        bundle.save();
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(flags));
        args.addAll(List.of("--bundle", bundle.dir().toString(), id));
        return args;
    }

    public Result start(String id) {
        return exec("start", id);
    }

    /** `kill [flags] id [signal]`: {@code kill(id)}, {@code kill(id, "KILL")}, {@code kill(id, "--all", "TERM")}. */
    public Result kill(String id, String... flagsAndSignal) {
        List<String> args = new ArrayList<>(List.of("kill"));
        List<String> rest = new ArrayList<>(List.of(flagsAndSignal));
        while (!rest.isEmpty() && rest.getFirst().startsWith("-")) {
            args.add(rest.removeFirst());
        }
        args.add(id);
        args.addAll(rest);
        return exec(args.toArray(String[]::new));
    }

    /** `delete [flags] id`. */
    public Result delete(String id, String... flags) {
        List<String> args = new ArrayList<>(List.of("delete"));
        args.addAll(List.of(flags));
        args.add(id);
        return exec(args.toArray(String[]::new));
    }

    /** `state id`, which must succeed, parsed. */
    public JsonNode state(String id) {
        return Json.parse(exec("state", id).ok().stdout());
    }

    public String status(String id) {
        return state(id).path("status").asText();
    }

    /** Waits until `state` says {@code status}. */
    public void awaitStatus(String id, String status) {
        assertEquals(status, Poll.settle(() -> status(id), status::equals, Poll.TIMEOUT), id + "'s status");
    }

    /** Asserts that nothing of container {@code id} of {@code bundle} is left (after a while for processes to go). */
    public void assertNothingLeftBehind(String id, Bundle bundle) {
        assertEquals(List.of(), Poll.settle(() -> Leftovers.of(run, id, bundle.dir()), List::isEmpty, SETTLE),
                "left behind by " + id);
    }
}
