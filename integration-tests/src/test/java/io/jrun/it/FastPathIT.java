package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `state ID` and `kill ID [SIGNAL]` are answered by the launcher itself, without a JVM
 * (runtime-cli/src/main/c/fast.c), whenever they can: `state` must print what the JVM prints,
 * byte for byte, in every status, `kill` must do what the JVM does (under the container's lock),
 * and both leave everything else (errors, options they do not know) to the JVM. `--debug` always
 * takes the JVM, which makes the two comparable.
 */
class FastPathIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** `state id` as the launcher answers it, and as the JVM does: the same exit, the same stdout. */
    private void assertSameAnswer(String id) {
        assertSameAnswer("state", id);
    }

    /** {@code args} as the launcher answers them, and as the JVM does: the same exit, stdout and error. */
    private void assertSameAnswer(String... args) {
        Result fast = containers.exec(args);
        String[] debug = new String[args.length + 1];
        debug[0] = "--debug";
        System.arraycopy(args, 0, debug, 1, args.length);
        Result jvm = containers.exec(debug);
        assertEquals(jvm.exit(), fast.exit(), () -> fast + "\n" + jvm);
        assertEquals(jvm.stdout(), fast.stdout(), () -> fast + "\n" + jvm);
        assertEquals(errorLines(jvm.stderr()), errorLines(fast.stderr()), () -> fast + "\n" + jvm);
    }

    /** The error lines of a command's stderr, without their time (--debug adds debug lines). */
    private static List<String> errorLines(String stderr) {
        return stderr.lines().filter(l -> l.contains("level=error")).map(l -> l.replaceFirst("time=\"[^\"]*\" ", ""))
                .toList();
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
    void killSignalsTheContainersProcessAsTheJvmDoes() {
        containers.assumeJrun("the launcher's own kill");
        String id = containers.newId();
        // the container's init ignores signals it has no handler for: TERM gets one
        Bundle bundle = containers.bundle().sh(
                "trap 'echo usr1 >> /tmp/got' USR1; trap 'exit 3' TERM; touch /tmp/ready; while :; do sleep 0.1; done");
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        Path got = bundle.file("/tmp/got");
        // one at a time: a second USR1 pending with the first is the same signal
        List<List<String>> kills = List.of(List.of("kill", id, "USR1"), List.of("kill", id, "usr1"),
                List.of("kill", id, "10"), List.of("--debug", "kill", id, "SIGUSR1"));
        for (int i = 0; i < kills.size(); i++) {
            containers.exec(kills.get(i).toArray(String[]::new)).ok();
            long n = i + 1;
            Poll.until("USR1 number " + n, () -> Files.exists(got) && HostView.read(got).lines().count() == n);
        }

        // what the launcher leaves to the JVM answers as the JVM does
        assertSameAnswer("kill", id, "NOSUCHSIGNAL");
        assertSameAnswer("kill", id, "RTMIN+1");
        containers.kill(id).ok(); // SIGTERM by default
        containers.awaitStatus(id, "stopped");
        assertSameAnswer("kill", id, "KILL");
        containers.delete(id).ok();
        assertSameAnswer("kill", id, "KILL");
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void killWaitsForTheContainersLock() throws Exception {
        containers.assumeJrun("the launcher's own kill");
        assumeTrue(Arch.FCNTL > 0, "an architecture this test knows");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("trap 'echo usr1 >> /tmp/got' USR1; touch /tmp/ready; while :; do sleep 0.1; done");
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        Path lockFile = containers.runtime().root().resolve(id).resolve(".lock");
        Exec.Started kill;
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            kill = Exec.start(containers.scratch("kill"), containers.runtime().command("kill", id, "USR1"));
            // blocked in fcntl(F_SETLKW) on the lock this JVM holds, and nothing sent yet
            Path syscall = Path.of("/proc", Long.toString(kill.pid()), "syscall");
            Poll.until("kill to wait for the lock", () -> HostView.read(syscall).startsWith(Arch.FCNTL + " "));
            assertFalse(Files.exists(bundle.file("/tmp/got")), "signalled while the lock was held");
        }
        kill.await(Exec.TIMEOUT).ok();
        Poll.until("the USR1", () -> Files.exists(bundle.file("/tmp/got")));
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void deleteOfAStoppedContainerRunsNoJvmAndLeavesNothing() {
        containers.assumeJrun("the launcher's own delete");
        assumeTrue(containers.host("strace", "-V").exit() == 0, "no strace");
        String id = containers.newId();
        Bundle bundle = containers.bundle().args("true");
        containers.run(id, bundle, "--detach").ok();
        containers.awaitStatus(id, "stopped");
        if (v1(id)) {
            // a directory in every hierarchy: V1Cgroup.destroy's, not the launcher's
            assertTrue(startsAJvm("delete", id), "a cgroup v1 container's delete is the JVM's");
        } else {
            assertFalse(startsAJvm("delete", id), "the launcher deletes alone");
        }
        containers.assertNothingLeftBehind(id, bundle);
        assertSameAnswer("delete", id); // does not exist
        assertSameAnswer("delete", "--force", id); // nothing to do
    }

    @Test
    void deleteLeavesToTheJvmWhatTheLauncherDoesNotDo() throws IOException {
        containers.assumeJrun("the launcher's own delete");
        assumeTrue(containers.host("strace", "-V").exit() == 0, "no strace");
        // a running container: an error, then --force kills it
        String running = containers.newId();
        Bundle bundle = containers.bundle().args("sleep", "100000");
        containers.run(running, bundle, "--detach").ok();
        assertSameAnswer("delete", running);
        assertTrue(startsAJvm("delete", "--force", running));
        containers.assertNothingLeftBehind(running, bundle);

        // hooks: the poststop hook runs
        String hooked = containers.newId();
        Path marker = containers.scratch("hook").resolve("poststop");
        Bundle withHook = containers.bundle().args("true");
        withHook.config().withObject("/hooks").withArray("poststop").addObject().put("path", "/bin/sh")
                .putArray("args").add("sh").add("-c").add("touch " + marker);
        containers.run(hooked, withHook, "--detach").ok();
        containers.awaitStatus(hooked, "stopped");
        assertTrue(startsAJvm("delete", hooked));
        assertTrue(Files.exists(marker), "the poststop hook did not run");
        containers.assertNothingLeftBehind(hooked, withHook);

        // processes left in the cgroup (no pid namespace): killed by the JVM
        String left = containers.newId();
        Bundle leaves = containers.bundle().withoutNamespace("pid").sh("sleep 100000 & touch /tmp/ready");
        containers.run(left, leaves, "--detach").ok();
        Poll.exists(leaves.file("/tmp/ready"));
        containers.awaitStatus(left, "stopped");
        assertTrue(startsAJvm("delete", left));
        containers.assertNothingLeftBehind(left, leaves);
    }

    @Test
    void startRunsNoJvmAndAFailedExecIsReportedAsTheJvmReportsIt() throws IOException {
        containers.assumeJrun("the launcher's own start");
        assumeTrue(containers.host("strace", "-V").exit() == 0, "no strace");
        String id = containers.newId();
        Bundle bundle = containers.bundle().sh("touch /tmp/ready; exec sleep 100000");
        containers.create(id, bundle).ok();
        assertFalse(startsAJvm("start", id), "the launcher starts alone");
        Poll.exists(bundle.file("/tmp/ready"));
        assertEquals("running", containers.status(id));
        assertSameAnswer("start", id); // already running: the JVM's error
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);

        // found at create, but not a program the kernel runs: the init reports ENOEXEC after start
        List<Result> failures = new ArrayList<>();
        for (List<String> start : List.of(List.of("start"), List.of("--debug", "start"))) {
            String bad = containers.newId();
            Bundle notAProgram = containers.bundle().args("/bin/not-a-program");
            Files.writeString(notAProgram.file("/bin/not-a-program"), "neither ELF nor #!\n");
            Files.setPosixFilePermissions(notAProgram.file("/bin/not-a-program"), PosixFilePermissions.fromString("rwxr-xr-x"));
            containers.create(bad, notAProgram).ok();
            List<String> args = new ArrayList<>(start);
            args.add(bad);
            failures.add(containers.exec(args.toArray(String[]::new)).failed());
            containers.delete(bad, "--force").ok();
            containers.assertNothingLeftBehind(bad, notAProgram);
        }
        assertEquals(errorLines(failures.get(1).stderr()), errorLines(failures.get(0).stderr()), failures::toString);
        assertEquals(failures.get(1).exit(), failures.get(0).exit());
        assertTrue(failures.get(0).stderr().contains("exec /bin/not-a-program: exec format error"), failures::toString);
    }

    @Test
    void startWithHooksIsTheJvms() {
        containers.assumeJrun("the launcher's own start");
        assumeTrue(containers.host("strace", "-V").exit() == 0, "no strace");
        String id = containers.newId();
        Path marker = containers.scratch("hook").resolve("poststart");
        Bundle bundle = containers.bundle().args("sleep", "100000");
        bundle.config().withObject("/hooks").withArray("poststart").addObject().put("path", "/bin/sh")
                .putArray("args").add("sh").add("-c").add("touch " + marker);
        containers.create(id, bundle).ok();
        assertTrue(startsAJvm("start", id));
        assertTrue(Files.exists(marker), "the poststart hook did not run");
        assertEquals("running", containers.status(id));
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }

    /** Whether the container has cgroup v1 directories (a hybrid or legacy host): its record says so. */
    private boolean v1(String id) {
        try {
            return Files.readString(containers.testRun().root().resolve(id).resolve("state.json")).contains("\"cgroupV1\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The syscall numbers this test looks for in /proc/PID/syscall. */
    private static final class Arch {
        static final int FCNTL = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 72;
            case "aarch64" -> 25;
            default -> -1;
        };
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
        assertFalse(startsAJvm("kill", id, "CONT"), "the launcher signals alone");
        assertTrue(startsAJvm("kill", "--all", id, "CONT"), "kill --all is the JVM's");
        assertTrue(startsAJvm("kill", id, "NOSUCHSIGNAL"), "an error is the JVM's to report");
        containers.delete(id, "--force").ok();
        containers.assertNothingLeftBehind(id, bundle);
    }
}
