package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * bin/jrun, the launcher. jrun's JVM, and so a container's process until its execve, runs from a
 * sealed memfd copy of the JDK's java (from a read-only mount of the JDK where a memfd cannot be
 * executed), never from the JDK's own file, which a process in the container could otherwise
 * reopen for writing through /proc/PID/exe once jrun is gone (CVE-2019-5736). The caller's JVM
 * option variables do not reach jrun's JVM, the launcher's LD_LIBRARY_PATH reaches no
 * container, and --preserve-fds takes only fds the caller passed.
 */
class LauncherIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** /proc/PID/exe of a process running from the launcher's memfd. */
    private static final String SEALED_COPY = "/memfd:jrun-java (deleted)";

    /** /proc/PID/exe of a foreground `run` once its program runs (runtime-cli/src/main/c/supervise.c). */
    private static final String SEALED_SUPERVISOR = "/memfd:jrun-supervise (deleted)";

    /** /proc/PID/exe of a created container's init: it waits as jrun-init, from a sealed memfd too. */
    private static final String SEALED_INIT = "/memfd:jrun-init (deleted)";

    /** Runs until killed, and says so in /tmp/ready once running. */
    private static final String WAIT_FOREVER = "touch /tmp/ready; exec sleep 100000";

    /** Variables that would change what jrun's JVM does, if it obeyed them. */
    private static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS=-XX:+PrintFlagsFinal",
            "_JAVA_OPTIONS=-Xmx1g", "JDK_JAVA_OPTIONS=-javaagent:/nonexistent.jar",
            "JDK_AOT_VM_OPTIONS=-XX:+PrintFlagsFinal", "CLASSPATH=/nonexistent", "_JAVA_LAUNCHER_DEBUG=1");

    private static final Path MEMFD_NOEXEC = Path.of("/proc/sys/vm/memfd_noexec");

    /** vm.memfd_noexec of this pid namespace: 2 forbids executing a memfd; 0 where the kernel lacks it (before 6.3). */
    private static int memfdNoexec() throws IOException {
        return Files.exists(MEMFD_NOEXEC) ? Integer.parseInt(Files.readString(MEMFD_NOEXEC).strip()) : 0;
    }

    /** Nothing can be appended to {@code file}: the open (ETXTBSY, EROFS) or the write (a sealed memfd: EPERM) fails. */
    private static void assertUnwritable(Path file) {
        assertThrows(IOException.class, () -> {
            try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
                out.write('x');
            }
        }, file + " was written to");
    }

    /** The runtime command {@code args} with {@code variables} added to its environment. */
    private Result withEnv(List<String> variables, String... args) {
        List<String> argv = new ArrayList<>(List.of("env"));
        argv.addAll(variables);
        argv.addAll(containers.runtime().command(args));
        return containers.host(argv.toArray(String[]::new));
    }

    // --- a sealed copy of java --------------------------------------------------------------------

    @Test
    void aCreatedContainersProcessRunsFromASealedCopyOfJrunInit() throws IOException {
        containers.assumeJrun("the container's process waits as jrun-init");
        assumeTrue(memfdNoexec() < 2, "vm.memfd_noexec=2: jrun runs from a read-only mount of the JDK");
        Bundle bundle = containers.bundle().args("true");
        String id = containers.newId();
        containers.create(id, bundle).ok();
        Path proc = Path.of("/proc", containers.state(id).path("pid").asText());
        assertEquals(SEALED_INIT, Procs.link(proc, "exe"));
        assertUnwritable(proc.resolve("exe"));

        // The attack: keep a handle on the executable, wait until nothing runs it, reopen it for writing.
        try (FileChannel kept = FileChannel.open(proc.resolve("exe"))) {
            long size = kept.size();
            containers.delete(id, "--force").ok();
            Poll.until(proc + " to go", () -> !Files.exists(proc));
            Path fd;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) { // the kept handle's
                fd = fds.filter(p -> SEALED_INIT.equals(Procs.link(p.getParent(), p.getFileName().toString())))
                        .findFirst().orElseThrow();
            }
            assertUnwritable(fd);
            assertEquals(size, kept.size());
        }
    }

    @Test
    void jrunsOwnJvmRunsFromASealedCopyOfJava() throws IOException {
        containers.assumeJrun("jrun's launcher");
        assumeTrue(memfdNoexec() < 2, "vm.memfd_noexec=2: jrun runs from a read-only mount of the JDK");
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        // an exec in the foreground: its JVM waits for the process
        Exec.Started exec = Exec.start(containers.scratch("exec"),
                containers.runtime().command("exec", id, "sh", "-c", "touch /tmp/exec-ready; exec sleep 100000"));
        Poll.exists(bundle.file("/tmp/exec-ready"));
        Path proc = Path.of("/proc", Long.toString(exec.pid())); // the launcher's pid: it execs the JVM
        assertEquals(SEALED_COPY, Procs.link(proc, "exe"));
        assertUnwritable(proc.resolve("exe"));
        containers.kill(id, "KILL").ok();
        assertEquals(128 + 9, exec.await(Exec.TIMEOUT).exit());
    }

    @Test
    void aForegroundRunWaitsAsASealedCopyOfTheLauncherWithoutAJvm() throws IOException {
        containers.assumeJrun("jrun's launcher");
        assumeTrue(memfdNoexec() < 2, "vm.memfd_noexec=2: the JVM waits itself");
        Bundle bundle = containers.bundle().sh(WAIT_FOREVER);
        String id = containers.newId();
        Exec.Started run = containers.startRun(id, bundle);
        Poll.exists(bundle.file("/tmp/ready"));
        // the launcher's pid: it execs the JVM, which execs the supervisor once the program runs
        Path proc = Path.of("/proc", Long.toString(run.pid()));
        Poll.until("the JVM hands over", () -> SEALED_SUPERVISOR.equals(Procs.link(proc, "exe")),
                () -> Procs.link(proc, "exe"));
        assertUnwritable(proc.resolve("exe"));
        String maps = Files.readString(proc.resolve("maps"));
        assertFalse(maps.contains("libjvm.so") || maps.contains(".jar") || maps.contains(".aot"), maps);
        containers.kill(id, "KILL").ok();
        assertEquals(128 + 9, run.await(Exec.TIMEOUT).exit());
        containers.assertNothingLeftBehind(id, bundle);
    }

    @Test
    void whereAMemfdCannotBeExecutedJavaRunsFromAReadOnlyMountOfTheJdk() throws IOException {
        containers.assumeJrun("jrun's launcher");
        assumeTrue(Files.exists(MEMFD_NOEXEC), "no vm.memfd_noexec before Linux 6.3");
        // vm.memfd_noexec belongs to the pid namespace: 2 in a new one, for jrun only
        List<String> noexec = List.of("unshare", "--pid", "--fork", "--mount-proc", "sh", "-c",
                "echo 2 > /proc/sys/vm/memfd_noexec && exec \"$@\"", "sh");
        Bundle bundle = containers.bundle().sh("touch /tmp/ready; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo done");
        Exec.Started run = containers.startRun(noexec, containers.newId(), bundle);
        Poll.exists(bundle.file("/tmp/ready"));
        // unshare's child: sh, exec'd into the launcher, exec'd into the JVM
        Path proc = Path.of("/proc", Long.toString(run.process().children().findFirst().orElseThrow().pid()));
        assertEquals("/bin/java", Procs.link(proc, "exe"), "java from the detached mount of the JDK");
        assertUnwritable(proc.resolve("exe"));
        Files.writeString(bundle.file("/tmp/go"), "");
        assertEquals("done", run.await(Exec.TIMEOUT).ok().out());
    }

    @Test
    void withNeitherAMemfdNorAMountJavaDoesNotRunAtAll() {
        containers.assumeJrun("jrun's launcher");
        assumeTrue(Files.exists(MEMFD_NOEXEC), "no vm.memfd_noexec before Linux 6.3");
        String launcher = containers.runtime().binary().toString();
        List<String> nobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        // nobody can make no mount; the distribution must be nobody's to read
        List<String> readable = new ArrayList<>(nobody);
        readable.addAll(List.of("sh", "-c", "test -x \"$1\" && ls \"$(dirname \"$(readlink -f \"$1\")\")/../lib\"", "sh", launcher));
        assumeTrue(containers.host(readable.toArray(String[]::new)).exit() == 0, "jrun is not nobody's to run here");
        List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "sh", "-c",
                "echo 2 > /proc/sys/vm/memfd_noexec && exec \"$@\"", "sh"));
        argv.addAll(nobody);
        argv.addAll(List.of(launcher, "--version"));
        Result result = containers.host(argv.toArray(String[]::new));
        assertEquals(1, result.exit(), result::toString);
        assertEquals("", result.stdout());
        assertEquals("jrun: cannot start java from a sealed copy (memfd: Permission denied; read-only mount: "
                + "Operation not permitted)", result.stderr().strip());
    }

    // --- the caller's environment -----------------------------------------------------------------

    @Test
    void jvmOptionVariablesOfTheCallerChangeNothing() {
        Bundle bundle = containers.bundle().sh("echo hello");
        String id = containers.newId();
        containers.create(id, bundle).ok();
        Result plain = containers.exec("state", id).ok();
        Result state = withEnv(JVM_OPTION_VARIABLES, "state", id).ok();
        assertEquals(plain.stdout(), state.stdout());
        assertEquals("", state.stderr(), state::toString);

        Result run = containers.startRun(Stream.concat(Stream.of("env"), JVM_OPTION_VARIABLES.stream()).toList(),
                containers.newId(), bundle).await(Exec.TIMEOUT).ok();
        assertEquals("hello\n", run.stdout());
        assertFalse(run.stderr().contains("Picked up"), run::toString);
    }

    @Test
    void theCallersLdLibraryPathReachesNoContainer() throws IOException {
        List<String> callerLd = List.of("env", "LD_LIBRARY_PATH=/caller/lib");
        Bundle bundle = containers.bundle().sh("env > /tmp/env; " + WAIT_FOREVER).env("PATH=/bin");
        String id = containers.newId();
        containers.startRun(callerLd, id, bundle, "--detach").await(Exec.TIMEOUT).ok();
        Poll.exists(bundle.file("/tmp/ready"));
        List<String> init = Files.readAllLines(bundle.file("/tmp/env"));
        List<String> exec = withEnv(List.of("LD_LIBRARY_PATH=/caller/lib"), "exec", id, "env").ok().lines();
        for (List<String> env : List.of(init, exec)) {
            assertTrue(env.stream().noneMatch(v -> v.contains("LD_LIBRARY_PATH") || v.contains("JRUN_CALLER_")),
                    env::toString);
        }
        // ps runs with the caller's environment (not the JDK's library path)
        Result ps = withEnv(List.of("LD_LIBRARY_PATH=/caller/lib:/nonexistent"), "ps", id).ok();
        assertTrue(ps.stdout().contains("sleep 100000"), ps::toString);
    }

    // --- inherited fds ----------------------------------------------------------------------------

    @Test
    void preserveFdsOfFdsTheCallerDidNotPassIsRefused() {
        containers.assumeJrun("runc passes on whatever has the number");
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        String id = containers.newId();
        // the test JVM starts the runtime with stdio only
        Result none = containers.run(id, bundle, "--preserve-fds", "1").failed();
        assertTrue(none.stderr().contains("--preserve-fds 1: fd 3 was not passed to jrun (open fds above stdio: none)"),
                none::toString);
        List<String> fd3 = List.of("bash", "-c", "exec 3</dev/null; exec \"$@\"", "bash");
        Result four = containers.startRun(fd3, id, bundle, "--preserve-fds", "2").await(Exec.TIMEOUT).failed();
        assertTrue(four.stderr().contains("--preserve-fds 2: fd 4 was not passed to jrun (open fds above stdio: 3)"),
                four::toString);
        Result listen = containers.startRun(List.of("env", "LISTEN_FDS=1"), id, bundle).await(Exec.TIMEOUT).failed();
        assertTrue(listen.stderr().contains("--preserve-fds 0 and LISTEN_FDS=1: fd 3 was not passed to jrun"),
                listen::toString);
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the program ran");
        containers.assertNothingLeftBehind(id, bundle);

        Bundle running = containers.bundle().sh(WAIT_FOREVER);
        String other = containers.newId();
        containers.run(other, running, "--detach").ok();
        Poll.exists(running.file("/tmp/ready"));
        Result exec = containers.exec("exec", "--preserve-fds", "1", other, "touch", "/tmp/ran").failed();
        assertTrue(exec.stderr().contains("--preserve-fds 1: fd 3 was not passed to jrun (open fds above stdio: none)"),
                exec::toString);
        assertFalse(Files.exists(running.file("/tmp/ran")), "the exec'd program ran");
    }
}
