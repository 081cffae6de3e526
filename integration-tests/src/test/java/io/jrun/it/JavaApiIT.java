package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.Container;
import io.jrun.api.ContainerSpec;
import io.jrun.api.ExecResult;
import io.jrun.api.Exit;
import io.jrun.api.Jrun;
import io.jrun.api.JrunException;
import io.jrun.api.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jrun's Java API (io.jrun.api) as a test suite uses it: containers from a host directory and
 * from a bundle, with settings checked from inside the container, and what is left on the host
 * checked after close. The API runs bin/jrun for every operation (jrun.home is this repository).
 */
class JavaApiIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static Path home;
    private static Jrun jrun;

    @BeforeAll
    static void open() throws IOException {
        RuntimeUnderTest.requireNoV1Memory("JavaApiIT (the Java API)");
        home = Files.createTempDirectory(Path.of("/run"), "jrun-api-it-");
        jrun = Jrun.open(home);
    }

    @AfterAll
    static void close() throws IOException {
        if (jrun != null) {
            jrun.close();
        }
        assertEquals(List.of(), list(home.resolve("containers")), "container directories left");
        assertEquals(List.of(), list(home.resolve("state")), "containers left in jrun's state");
        Trees.delete(home);
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private ContainerSpec.Builder rootfs() {
        containers.assumeJrun("the Java API runs jrun");
        return ContainerSpec.rootDirectory(containers.testRun().rootfsImage());
    }

    @Test
    void runCollectsOutputAndExitStatus() {
        Jrun.Result r = jrun.run(rootfs().command("/bin/sh", "-c", "echo out; echo err >&2; exit 3").build());
        assertEquals(3, r.exit().status());
        assertEquals(0, r.exit().signal());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.exit().timedOut());
        assertEquals(java.util.Optional.empty(), r.exit().runtimeError());
    }

    @Test
    void settingsAreSeenFromInside() throws IOException {
        Path shared = containers.scratch("api-bind");
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(shared.resolve("in"), "from the host");
        Jrun.Result r = jrun.run(rootfs()
                .command("/bin/sh", "-c", "echo $GREETING; pwd; id -u; id -g; hostname; cat /mnt/in; echo; "
                        + "echo written > /mnt/out; touch /etc/x 2>/dev/null || echo read-only; "
                        + "touch /tmp/y && echo tmpfs; grep -c CapEff /proc/self/status; grep CapBnd /proc/self/status")
                .env("GREETING", "hello").cwd("/tmp").user(1000, 1001).hostname("apitest")
                .bind(shared, "/mnt").tmpfs("/tmp").capDrop("ALL").capAdd("CAP_KILL")
                .build());
        assertEquals(0, r.exit().status(), r.stderr());
        assertEquals(List.of("hello", "/tmp", "1000", "1001", "apitest", "from the host", "read-only", "tmpfs", "1",
                "CapBnd:\t0000000000000020"), r.stdout().lines().toList());
        assertEquals("written\n", Files.readString(shared.resolve("out")));
    }

    @Test
    void networkNoneHasOnlyLoopbackAndHostSharesTheHosts() throws IOException {
        Jrun.Result none = jrun.run(rootfs().command("/bin/ls", "/sys/class/net").build());
        assertEquals(List.of("lo"), none.stdout().lines().toList(), none.stderr());
        Jrun.Result host = jrun.run(rootfs().command("/bin/readlink", "/proc/self/ns/net")
                .network(ContainerSpec.Network.HOST).build());
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(), host.stdout().strip());
    }

    @Test
    void theDefaultSeccompProfileRefusesNamespacesAndMounts() {
        String script = "unshare -m true; echo unshare=$?; mount -t tmpfs t /mnt; echo mount=$?";
        Jrun.Result unconfined = jrun.run(rootfs().command("/bin/sh", "-c", script).tmpfs("/mnt")
                .seccomp(new ContainerSpec.Seccomp.Unconfined()).capAdd("CAP_SYS_ADMIN").build());
        assertEquals(List.of("unshare=0", "mount=0"), unconfined.stdout().lines().toList(), unconfined.stderr());
        Jrun.Result confined = jrun.run(rootfs().command("/bin/sh", "-c", script).tmpfs("/mnt").defaultSeccomp()
                .capAdd("CAP_SYS_ADMIN").build());
        assertEquals(List.of("unshare=1", "mount=1"), confined.stdout().lines().toList(), confined.stderr());
        assertTrue(confined.stderr().contains("Operation not permitted"), confined.stderr());
    }

    @Test
    void aTimeoutKillsTheContainer() {
        long start = System.nanoTime();
        Exit exit = jrun.run(rootfs().command("/bin/sleep", "60").timeout(Duration.ofMillis(300)).build()).exit();
        assertTrue(exit.timedOut());
        assertEquals(137, exit.status());
        assertEquals(9, exit.signal());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(50).toNanos());
    }

    @Test
    void aStartedContainerExecsPausesAndReportsStateAndStats() throws IOException {
        Container c = jrun.start(rootfs().command("/bin/sleep", "600").build());
        String id = c.id();
        try {
            assertEquals(Status.RUNNING, c.state().status());
            assertTrue(c.pid() > 0);
            // in its pid namespace: the sleep (1), the exec'd shell and its ls and grep
            ExecResult e = c.exec("/bin/sh", "-c", "cat /proc/1/comm; ls /proc | grep -c '^[0-9]'");
            assertEquals(0, e.status(), e.stderr());
            List<String> lines = e.stdout().lines().toList();
            assertEquals("sleep", lines.get(0));
            assertTrue(Integer.parseInt(lines.get(1)) <= 4, e.stdout());
            c.pause();
            assertEquals(Status.PAUSED, c.state().status());
            c.resume();
            assertEquals(Status.RUNNING, c.state().status());
            assertTrue(c.stats().pids().current() >= 1);
            c.kill(9);
            Exit exit = c.waitFor(Duration.ofSeconds(60));
            assertEquals(9, exit.signal());
            assertTrue(exit.cpuTime().isPresent());
        } finally {
            c.close();
        }
        assertFalse(Files.exists(jrun.root().resolve(id)), "state left");
        assertEquals(List.of(), Leftovers.cgroups(id));
        assertFalse(Files.exists(Path.of("/proc/" + c.pid())) && isOurs(c.pid(), id), "process left");
    }

    private static boolean isOurs(int pid, String id) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("sleep");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void streamsReachTheProgram() throws Exception {
        try (Container c = jrun.start(rootfs().command("/bin/cat").stdio(ContainerSpec.Stdio.STREAMS).build())) {
            c.stdin().write("through the container\n".getBytes(StandardCharsets.UTF_8));
            c.stdin().close();
            assertEquals("through the container\n", new String(c.stdoutStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, c.waitFor(Duration.ofSeconds(60)).status());
        }
    }

    @Test
    void theHostsProgramsAreReadOnlyAndTheirRootWritableOnlyWhenAsked() {
        containers.assumeJrun("the Java API runs jrun");
        String script = "touch /x && echo root-writable; touch /usr/x && echo usr-writable; test -d /etc/ssl && echo etc";
        Jrun.Result fixed = jrun.run(ContainerSpec.host().command("/bin/sh", "-c", script).build());
        assertEquals("etc\n", fixed.stdout(), fixed.stderr());
        Jrun.Result writable = jrun.run(ContainerSpec.host().readOnlyRoot(false).command("/bin/sh", "-c", script).build());
        assertEquals("root-writable\netc\n", writable.stdout(), writable.stderr());
        assertFalse(Files.exists(Path.of("/x")) || Files.exists(Path.of("/usr/x")), "written on the host");
    }

    @Test
    void aBundleRunsWithItsConfigAndTheSpecsSettingsOverIt() {
        Bundle bundle = containers.bundle().args("/bin/sh", "-c", "echo $FROM_BUNDLE $FROM_SPEC")
                .env("FROM_BUNDLE=bundle");
        bundle.save();
        Jrun.Result r = jrun.run(ContainerSpec.bundle(bundle.dir()).env("FROM_SPEC", "spec").build());
        assertEquals("bundle spec\n", r.stdout(), r.stderr());
    }

    @Test
    void anImageRunsWithTheSpecsSettings() throws IOException {
        containers.assumeJrun("images are jrun's");
        // an image of its own in the default store (/var/lib/jrun, where `jrun image import` puts
        // them and where the API looks), removed after
        Path layout = containers.scratch("api-image").resolve("busybox-oci");
        Path home = Path.of(System.getProperty("jrun.home", "."));
        containers.host("bash", home.resolve("scripts/make-busybox-image.sh").toString(), layout.toString()).ok();
        String image = "jrun-api-it-" + ProcessHandle.current().pid();
        String jrunBin = home.resolve("bin/jrun").toString();
        containers.host(jrunBin, "image", "import", image, layout.toString()).ok();
        containers.afterTest(() -> containers.host(jrunBin, "image", "rm", image).ok());
        Path shared = containers.scratch("api-image-bind");
        Files.writeString(shared.resolve("in"), "bound\n");
        Jrun.Result r = jrun.run(ContainerSpec.image(image)
                .command("/bin/sh", "-c", "echo $GREETING; pwd; id -u; hostname; cat /data/in; touch /x || echo ro")
                .env("GREETING", "hi").cwd("/tmp").user("1000").hostname("img").bindReadOnly(shared, "/data")
                .readOnlyRoot(true).build());
        assertEquals(List.of("hi", "/tmp", "1000", "img", "bound", "ro"), r.stdout().lines().toList(), r.stderr());
        JrunException tmpfs = assertThrows(JrunException.class,
                () -> jrun.start(ContainerSpec.image(image).tmpfs("/tmp").build()));
        assertTrue(tmpfs.getMessage().contains("not supported yet for an image"), tmpfs.getMessage());
    }

    @Test
    void errorsAreJrunsAndLeaveNothing() throws IOException {
        JrunException badCwd = assertThrows(JrunException.class,
                () -> jrun.start(rootfs().command("/bin/true").cwd("relative").build()));
        assertTrue(badCwd.getMessage().contains("process.cwd"), badCwd.getMessage());
        JrunException badUser = assertThrows(JrunException.class,
                () -> jrun.start(rootfs().command("/bin/true").user("nobody").build()));
        assertTrue(badUser.getMessage().contains("UID[:GID]"), badUser.getMessage());
        assertEquals(List.of(), list(home.resolve("containers")));
        assertEquals(List.of(), list(home.resolve("state")));
        // as with runc, a program that is not there is found missing as it starts: jrun's error, status 1
        Exit missing = jrun.run(rootfs().command("/nonexistent").build()).exit();
        assertEquals(1, missing.status());
        assertEquals("exec /nonexistent: no such file or directory", missing.runtimeError().orElse(""));
    }

    @Test
    void whatAKilledJvmLeftIsRemovedByTheNextOpen() throws Exception {
        containers.assumeJrun("the Java API runs jrun");
        Path other = Files.createTempDirectory(Path.of("/run"), "jrun-api-orphans-");
        containers.afterTest(() -> Trees.delete(other));
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> jvm = List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djrun.home=" + System.getProperty("jrun.home"));
        List<String> first = new ArrayList<>(jvm);
        first.addAll(List.of("io.jrun.it.JavaApiIT$StartAndWait", other.toString(),
                containers.testRun().rootfsImage().toString()));
        Exec.Started owner = Exec.start(containers.scratch("api-owner"), first);
        Path containerDirs = other.resolve("containers");
        Poll.until("the first JVM's container to run", () -> started(containerDirs) != null);
        String id = started(containerDirs);
        owner.process().destroyForcibly().waitFor();
        assertTrue(Files.exists(other.resolve("state").resolve(id)), "the killed JVM's container outlives it");

        List<String> next = new ArrayList<>(jvm);
        next.addAll(List.of("io.jrun.it.JavaApiIT$OpenOnce", other.toString()));
        Exec.run(containers.scratch("api-next"), next).ok();
        assertFalse(Files.exists(other.resolve("state").resolve(id)), "orphan's state left");
        assertFalse(Files.exists(containerDirs.resolve(id)), "orphan's directory left");
        assertEquals(List.of(), Poll.settle(() -> Leftovers.cgroups(id), List::isEmpty, Duration.ofSeconds(60)));
    }

    private static String started(Path containerDirs) {
        try {
            List<Path> dirs = list(containerDirs);
            return dirs.size() == 1 && Files.exists(dirs.get(0).resolve("started")) ? dirs.get(0).getFileName().toString()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a container on a home and waits to be killed: a test JVM killed while its container runs. */
    static final class StartAndWait {
        public static void main(String[] args) throws Exception {
            Jrun jrun = Jrun.open(Path.of(args[0]));
            Container c = jrun.start(ContainerSpec.rootDirectory(Path.of(args[1])).command("/bin/sleep", "600").build());
            Files.writeString(Path.of(args[0], "containers", c.id(), "started"), "");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Opens and closes jrun on a home: what a new test JVM does first. */
    static final class OpenOnce {
        public static void main(String[] args) {
            Jrun.open(Path.of(args[0])).close();
        }
    }

    @Test
    void manyThreadsRunContainersAtOnce() throws Exception {
        ContainerSpec spec = rootfs().command("/bin/hostname").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Jrun.Result>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> jrun.run(spec)));
        }
        List<String> hostnames = Collections.synchronizedList(new ArrayList<>());
        for (Future<Jrun.Result> f : results) {
            Jrun.Result r = f.get();
            assertEquals(0, r.exit().status(), r.stderr());
            hostnames.add(r.stdout().strip());
        }
        pool.shutdown();
        assertEquals(16, hostnames.stream().distinct().count(), "each its own container: " + hostnames);
    }
}
