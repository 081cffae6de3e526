package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * exec: a new process in a running container, with runc's flags. What it sees is read from
 * inside, and compared with what the container's init wrote when it started.
 */
class ExecIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** `ls /proc/self/fd` lists ls's own fds, one more than it got: the directory it reads. */
    private static final String LIST_FDS = "ls /proc/self/fd | tr '\\n' ' '; echo";

    /** The init of most tests: it writes what it sees to /tmp/init-*, then waits. */
    private static final String INIT = """
            cat /proc/self/mountinfo > /tmp/init-mountinfo
            cat /proc/self/cgroup > /tmp/init-cgroup
            cat /proc/self/uid_map > /tmp/init-uid_map
            echo ready > /tmp/ready
            exec sleep 1000000
            """;

    /** Starts {@code bundle} detached and waits until its init has written /tmp/ready; returns the id. */
    private String running(Bundle bundle) {
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        return id;
    }

    private String running() {
        return running(containers.bundle().sh(INIT));
    }

    /** `exec [args]`, to its end. */
    private Result exec(String... args) {
        List<String> argv = new ArrayList<>(List.of("exec"));
        argv.addAll(List.of(args));
        return containers.exec(argv.toArray(String[]::new));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values of the lines named {@code fields} of {@code status} (a /proc/PID/status: "Name:\tvalue"). */
    private static Map<String, String> fields(Result status, String... fields) {
        return fields(status.stdout(), fields);
    }

    private static Map<String, String> fields(String status, String... fields) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : status.lines().toList()) {
            for (String field : fields) {
                if (line.startsWith(field + ":")) {
                    found.put(field, line.substring(field.length() + 1).strip());
                }
            }
        }
        return found;
    }

    private static String mask(int... capabilities) {
        long mask = 0;
        for (int capability : capabilities) {
            mask |= 1L << capability;
        }
        return String.format("%016x", mask);
    }

    /** Capability numbers (kernel ABI, capability.h) of spec's default set and CAP_SYS_ADMIN. */
    private static final int CAP_KILL = 5;
    private static final int CAP_NET_BIND_SERVICE = 10;
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_AUDIT_WRITE = 29;

    @Test
    void theProcessJoinsEveryNamespaceOfTheContainer() {
        Bundle bundle = containers.bundle().sh(INIT).namespace("cgroup");
        bundle.config().put("hostname", "exec-host");
        String id = running(bundle);

        Result seen = exec(id, "sh", "-c", """
                echo "pid $$"
                echo "init $(cat /proc/1/cmdline | tr '\\0' ' ')"
                echo "hostname $(hostname)"
                for ns in pid mnt uts ipc net cgroup user; do
                    [ "$(readlink /proc/self/ns/$ns)" = "$(readlink /proc/1/ns/$ns)" ] && echo "$ns same" || echo "$ns other"
                done
                """).ok();
        List<String> lines = seen.lines();
        assertNotEquals("pid 1", lines.get(0), "the exec'd process is the init");
        assertTrue(lines.get(0).matches("pid \\d+"), seen::toString);
        assertEquals(List.of("init sleep 1000000", "hostname exec-host", "pid same", "mnt same", "uts same", "ipc same",
                "net same", "cgroup same", "user same"), lines.subList(1, lines.size()));

        assertEquals(read(bundle.file("/tmp/init-mountinfo")), exec(id, "cat", "/proc/self/mountinfo").ok().stdout(),
                "the exec'd process's mounts differ from the init's");
        assertEquals(read(bundle.file("/tmp/init-cgroup")), exec(id, "cat", "/proc/self/cgroup").ok().stdout(),
                "the exec'd process's cgroup differs from the init's");
        assertEquals(read(bundle.file("/tmp/init-uid_map")), exec(id, "cat", "/proc/self/uid_map").ok().stdout());
    }

    @Test
    void theProcessJoinsTheContainersUserNamespace() throws IOException {
        Bundle bundle = containers.bundle().sh(INIT).namespace("user");
        for (String mappings : List.of("uidMappings", "gidMappings")) {
            bundle.linux().putArray(mappings).addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        }
        String id = running(bundle);

        List<String> lines = exec(id, "sh", "-c", """
                cat /proc/self/uid_map /proc/self/gid_map
                [ "$(readlink /proc/self/ns/user)" = "$(readlink /proc/1/ns/user)" ] && echo "user same"
                id -u; id -g
                touch /tmp/made-by-exec
                """).ok().lines().stream().map(l -> l.replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 100000 65536", "0 100000 65536", "user same", "0", "0"), lines);
        assertEquals(read(bundle.file("/tmp/init-uid_map")).replaceAll("\\s+", " ").strip(), lines.getFirst());
        // root in the container is host 100000
        Path made = bundle.file("/tmp/made-by-exec");
        assertEquals("100000:100000", Files.getAttribute(made, "unix:uid") + ":" + Files.getAttribute(made, "unix:gid"));
    }

    @Test
    void theProcessJoinsTheContainersTimeNamespace() {
        containers.assumeNotRunc("runc 1.1.5 has no time namespaces (\"namespace time does not exist\")");
        Bundle bundle = containers.bundle().sh(INIT).namespace("time");
        bundle.linux().putObject("timeOffsets").putObject("boottime").put("secs", 864000).put("nanosecs", 0);
        String id = running(bundle);

        assertEquals(List.of("time same", "boottime 864000 0"), exec(id, "sh", "-c", """
                [ "$(readlink /proc/self/ns/time)" = "$(readlink /proc/1/ns/time)" ] && echo "time same"
                grep boottime /proc/self/timens_offsets
                """).ok().lines().stream().map(l -> l.replaceAll("\\s+", " ")).toList());
    }

    @Test
    void userAndAdditionalGidsSetTheIds() {
        String id = running();
        String ids = "grep -E '^(Uid|Gid|Groups):' /proc/self/status";

        assertEquals(Map.of("Uid", "1000\t1000\t1000\t1000", "Gid", "1001\t1001\t1001\t1001", "Groups", ""),
                fields(exec("-u", "1000:1001", id, "sh", "-c", ids).ok(), "Uid", "Gid", "Groups"));
        // without a gid, the container's (0); --additional-gids are the supplementary groups
        assertEquals(Map.of("Uid", "1000\t1000\t1000\t1000", "Gid", "0\t0\t0\t0", "Groups", "1001 1002"),
                fields(exec("-u", "1000", "-g", "1001", "-g", "1002", id, "sh", "-c", ids).ok(), "Uid", "Gid", "Groups"));
        assertEquals("uid=1000(user) gid=1000(user) groups=1000(user)",
                exec("--user", "1000:1000", "-g", "1000", id, "id").ok().out());
    }

    @Test
    void envAddsToTheContainersEnvironmentAndReplacesItsVariables() {
        String id = running(containers.bundle().sh(INIT).env("PATH=/bin:/usr/bin", "TERM=xterm", "KEPT=config"));

        List<String> env = exec("-e", "JRUN_IT_EXEC=one", "-e", "TERM=vt100", id, "env").ok().lines();
        assertTrue(env.containsAll(List.of("PATH=/bin:/usr/bin", "KEPT=config", "JRUN_IT_EXEC=one", "TERM=vt100")),
                env::toString);
        // as with runc: a variable given again replaces the container's, the process sees it once
        assertEquals(List.of("TERM=vt100"), env.stream().filter(v -> v.startsWith("TERM=")).toList(), env::toString);
        assertFalse(env.stream().anyMatch(v -> v.startsWith(Exec.HOST_ONLY_ENV + "=")), env::toString);
    }

    @Test
    void cwdSetsTheWorkingDirectory() {
        String id = running();
        assertEquals("/home/user", exec("--cwd", "/home/user", id, "pwd").ok().out());
        assertEquals("/", exec(id, "pwd").ok().out(), "the container's cwd");
    }

    @Test
    void capAddsACapability() {
        String id = running();
        String defaults = mask(CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE);
        String withSysAdmin = mask(CAP_KILL, CAP_NET_BIND_SERVICE, CAP_AUDIT_WRITE, CAP_SYS_ADMIN);
        String caps = "grep -E '^Cap(Eff|Prm|Bnd):' /proc/self/status";

        assertEquals(Map.of("CapPrm", defaults, "CapEff", defaults, "CapBnd", defaults),
                fields(exec(id, "sh", "-c", caps).ok(), "CapPrm", "CapEff", "CapBnd"));
        assertEquals(Map.of("CapPrm", withSysAdmin, "CapEff", withSysAdmin, "CapBnd", withSysAdmin),
                fields(exec("--cap", "CAP_SYS_ADMIN", id, "sh", "-c", caps).ok(), "CapPrm", "CapEff", "CapBnd"));

        // and it takes effect: setting the hostname needs CAP_SYS_ADMIN
        Result refused = exec(id, "hostname", "changed").failed();
        assertTrue(refused.stderr().contains("Operation not permitted"), refused::toString);
        exec("--cap", "CAP_SYS_ADMIN", id, "hostname", "changed").ok();
        assertEquals("changed", exec(id, "hostname").ok().out());
    }

    @Test
    void noNewPrivsSetsNoNewPrivs() {
        Bundle bundle = containers.bundle().sh(INIT);
        bundle.process().put("noNewPrivileges", false);
        String id = running(bundle);
        String nnp = "grep NoNewPrivs: /proc/self/status";

        assertEquals(Map.of("NoNewPrivs", "0"), fields(exec(id, "sh", "-c", nnp).ok(), "NoNewPrivs"));
        assertEquals(Map.of("NoNewPrivs", "1"), fields(exec("--no-new-privs", id, "sh", "-c", nnp).ok(), "NoNewPrivs"));
    }

    @Test
    void theProcessGetsTheContainersRlimitsAndOomScoreAdj() {
        Bundle bundle = containers.bundle().sh(INIT);
        bundle.process().putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("soft", 512).put("hard", 1000);
        bundle.process().put("oomScoreAdj", 123);
        String id = running(bundle);

        assertEquals(List.of("512 1000", "123"), exec(id, "sh", "-c", """
                grep 'Max open files' /proc/self/limits | awk '{print $4, $5}'
                cat /proc/self/oom_score_adj
                """).ok().lines());
    }

    @Test
    void theExitStatusIsTheProcesss() {
        String id = running();
        assertEquals(7, exec(id, "sh", "-c", "exit 7").exit());
        assertEquals(0, exec(id, "true").exit());
        // killed by a signal: 128 + its number
        assertEquals(128 + 9, exec(id, "sh", "-c", "kill -KILL $$").exit());
        assertEquals(128 + 15, exec(id, "sh", "-c", "kill -TERM $$").exit());
        // the container goes on
        assertEquals("running", containers.status(id));
    }

    @Test
    void detachReturnsWhileTheProcessRunsAndPidFileHoldsItsHostPid() throws IOException {
        Bundle bundle = containers.bundle().sh(INIT);
        String id = running(bundle);
        Path pidFile = containers.scratch("exec-pid").resolve("exec.pid");

        // were exec to wait for the process, this would time out
        exec("--detach", "--pid-file", pidFile.toString(), id, "sh", "-c",
                "echo $$ > /tmp/exec-pid.new && mv /tmp/exec-pid.new /tmp/exec-pid; exec sleep 1000000").ok();

        String pid = Files.readString(pidFile);
        assertTrue(pid.matches("\\d+"), "pid file: " + pid);
        Path proc = Path.of("/proc", pid);
        Poll.exists(bundle.file("/tmp/exec-pid"));
        String pidInside = read(bundle.file("/tmp/exec-pid")).strip();
        // the host's view of the process: its pid in the container's namespace is the one it saw
        assertEquals(Map.of("NSpid", pid + "\t" + pidInside),
                fields(read(proc.resolve("status")), "NSpid"));
        int init = containers.state(id).path("pid").asInt();
        assertEquals(Procs.link(Path.of("/proc/" + init), "ns/pid"), Procs.link(proc, "ns/pid"));
        Poll.until("the detached process to exec sleep", () -> Procs.cmdline(proc).equals("sleep 1000000"),
                () -> Procs.cmdline(proc));
    }

    @Test
    void aProgramOrCwdThatIsNotThereFailsWith255() {
        String id = running();
        Result program = exec(id, "no-such-program").failed();
        assertEquals(255, program.exit(), program::toString);
        assertTrue(program.stderr().contains("no-such-program"), program::toString);
        Result cwd = exec("--cwd", "/no/such/dir", id, "pwd").failed();
        assertEquals(255, cwd.exit(), cwd::toString);
        assertTrue(cwd.stderr().contains("/no/such/dir"), cwd::toString);
        assertEquals("running", containers.status(id));
    }

    @Test
    void stdioIsPassedThroughUntouched() throws IOException {
        String id = running();
        Path input = Files.writeString(containers.scratch("stdin").resolve("input"), "from a file\n");
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "in=$1; shift; \"$@\" < \"$in\" | cat", "bash",
                input.toString()));
        argv.addAll(containers.runtime().command("exec", id, "sh", "-c",
                "stat -L -c %F /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2; cat"));
        List<String> lines = containers.host(argv.toArray(String[]::new)).ok().lines();
        assertEquals("from a file", lines.getLast(), "stdin reached the process");
        if (!containers.runtime().isRunc()) {
            // (runc 1.1.5 copies a foreground process's stdio through pipes of its own: files become fifos)
            assertEquals(List.of("regular file", "fifo", "regular file"),
                    lines.subList(0, 3).stream().map(l -> l.replace("regular empty file", "regular file")).toList(),
                    "stdin a file, stdout a pipe, stderr a file");
        }
    }

    /** Starts a foreground `exec` of a shell that waits until /tmp/go exists, then prints "went". */
    private Exec.Started startWaitingExec(String id, Bundle bundle, String name) {
        return Exec.start(containers.scratch("exec-" + name), containers.runtime().command("exec", id, "sh", "-c",
                "echo waiting > /tmp/" + name + "; until [ -e /tmp/go ]; do sleep 0.05; done; echo went"));
    }

    @Test
    void aForegroundExecDoesNotHoldUpOtherCommands() throws IOException {
        Bundle bundle = containers.bundle().sh(INIT);
        String id = running(bundle);
        Exec.Started first = startWaitingExec(id, bundle, "first");
        try {
            Poll.exists(bundle.file("/tmp/first"));
            // while it runs: another exec, state, kill of the container's processes with a harmless signal
            assertEquals("second", exec(id, "echo", "second").ok().out());
            assertEquals("running", containers.status(id));
            containers.kill(id, "--all", "CONT").ok();
            assertTrue(first.alive(), "the first exec ended early");
            Files.writeString(bundle.file("/tmp/go"), "");
            assertEquals("went", first.await(Exec.TIMEOUT).ok().out());
        } finally {
            first.process().destroyForcibly();
        }
    }

    @Test
    void theProcessEndsWithTheContainer() {
        Bundle bundle = containers.bundle().sh(INIT);
        String id = running(bundle);
        Exec.Started waiting = startWaitingExec(id, bundle, "waiting");
        try {
            Poll.exists(bundle.file("/tmp/waiting"));
            containers.kill(id, "KILL").ok();
            containers.awaitStatus(id, "stopped");
            // the kernel kills a pid namespace's every process when its init dies
            assertEquals(128 + 9, waiting.await(Exec.TIMEOUT).exit());
        } finally {
            waiting.process().destroyForcibly();
        }
    }

    @Test
    void cgroupRunsTheProcessInASubCgroup() throws IOException {
        containers.assumeJrun("runc's --cgroup on a v1 host takes controller:path pairs");
        Bundle bundle = containers.bundle().sh(INIT);
        String id = running(bundle);
        String cgroup = read(bundle.file("/tmp/init-cgroup")).lines().filter(l -> l.startsWith("0::")).findFirst()
                .orElseThrow().substring(3);
        // on a hybrid host (cgroup v1, as runc's fs driver) a plain --cgroup path names the
        // sub-cgroup in every hierarchy: it is made in each (never in memory: see RuntimeUnderTest)
        List<Path> subs = new ArrayList<>();
        subs.add(Path.of("/sys/fs/cgroup/unified" + cgroup, "sub"));
        for (String line : read(bundle.file("/tmp/init-cgroup")).lines().toList()) {
            String[] f = line.split(":", 3);
            List<String> controllers = List.of(f[1].split(","));
            if (f[1].isEmpty() || controllers.contains("memory")) {
                continue;
            }
            MountEntry.host().stream()
                    .filter(m -> m.fsType().equals("cgroup") && m.superOptions().containsAll(controllers))
                    .findFirst()
                    .ifPresent(m -> subs.add(Path.of(m.mountPoint() + f[2], "sub")));
        }
        for (Path sub : subs) {
            Files.createDirectory(sub);
            containers.afterTest(() -> Files.deleteIfExists(sub)); // if delete did not remove it
            // a new v1 cpuset cgroup has no CPUs and no memory nodes, and no process may join it
            // until it has (ENOSPC): its maker gives it some, as runc's users do
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                if (Files.exists(sub.resolve(file))) {
                    Files.writeString(sub.resolve(file), Files.readString(sub.getParent().resolve(file)));
                }
            }
        }

        assertEquals("0::" + cgroup + "/sub", exec("--cgroup", "sub", id, "grep", "^0::", "/proc/self/cgroup").ok().out());
        Result outside = exec("--cgroup", "../elsewhere", id, "true").failed();
        assertEquals(255, outside.exit(), outside::toString);
        // delete removes the sub-cgroup with the container's, its processes killed
        exec("--detach", "--cgroup", "sub", id, "sleep", "1000000").ok();
        containers.delete(id, "--force").ok();
        for (Path sub : subs) {
            assertFalse(Files.exists(sub), sub + " left");
        }
    }

    @Test
    void execIntoAStoppedContainerFails() {
        Bundle bundle = containers.bundle().args("true");
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        containers.awaitStatus(id, "stopped");

        Result result = exec(id, "sh", "-c", "echo ran > /tmp/ran").failed();
        assertEquals(255, result.exit(), result::toString);
        assertTrue(result.stderr().contains("stopped"), result::toString);
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the process ran");
    }

    @Test
    void execIntoAMissingContainerFails() {
        Result result = exec("no-such-container", "true").failed();
        assertEquals(255, result.exit(), result::toString);
        assertTrue(result.stderr().contains("does not exist"), result::toString);
    }

    @Test
    void execIntoAPausedContainerFailsUnlessIgnorePaused() {
        Bundle bundle = containers.bundle().sh(INIT);
        String id = running(bundle);
        containers.exec("pause", id).ok();

        Result refused = exec(id, "sh", "-c", "echo ran > /tmp/ran").failed();
        assertEquals(255, refused.exit(), refused::toString);
        assertTrue(refused.stderr().contains("paused") && refused.stderr().contains("--ignore-paused"),
                refused::toString);

        // with --ignore-paused the process is made in the frozen container, and runs once it is resumed
        int init = containers.state(id).path("pid").asInt();
        Exec.Started ignoring = Exec.start(containers.scratch("ignore-paused"),
                containers.runtime().command("exec", "--ignore-paused", id, "sh", "-c", "echo ran > /tmp/ran"));
        try {
            Poll.until("a second process in the paused container's cgroup", () -> freezerCgroupProcs(init).size() > 1,
                    () -> "; its processes: " + freezerCgroupProcs(init));
            assertFalse(Files.exists(bundle.file("/tmp/ran")), "a process ran in a paused container");
            containers.exec("resume", id).ok();
            ignoring.await(Exec.TIMEOUT).ok();
            assertEquals("ran", read(bundle.file("/tmp/ran")).strip());
        } finally {
            if (ignoring.alive()) {
                ignoring.process().destroyForcibly();
            }
        }
    }

    /**
     * The processes of the cgroups that freeze process {@code pid}: in the cgroup2 hierarchy
     * (jrun's) and in the v1 freezer hierarchy (runc's, on this hybrid host).
     */
    private static List<String> freezerCgroupProcs(int pid) {
        List<MountEntry> mounts = MountEntry.host();
        List<String> procs = new ArrayList<>();
        for (String line : read(Path.of("/proc/" + pid + "/cgroup")).lines().toList()) {
            String[] fields = line.split(":", 3);
            boolean v2 = fields[1].isEmpty();
            if (fields[2].equals("/") || !v2 && !List.of(fields[1].split(",")).contains("freezer")) {
                continue;
            }
            for (MountEntry m : mounts) {
                if (v2 ? m.fsType().equals("cgroup2") : m.fsType().equals("cgroup") && m.superOptions().contains("freezer")) {
                    Path file = Path.of(m.mountPoint(), fields[2], "cgroup.procs");
                    if (Files.exists(file)) {
                        procs.addAll(read(file).lines().toList());
                    }
                }
            }
        }
        return procs.stream().distinct().toList();
    }

    /** The runtime's exec, started with fds 3 and 4 open (a bash wrapper opens them), so that there is something to leak. */
    private Result execWithFds3And4(String... args) throws IOException {
        Path dir = containers.scratch("fds");
        Path three = Files.writeString(dir.resolve("three"), "fd three\n");
        Path four = Files.writeString(dir.resolve("four"), "fd four\n");
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "exec 3<\"$1\" 4<\"$2\"; shift 2; exec \"$@\"", "bash",
                three.toString(), four.toString()));
        List<String> exec = new ArrayList<>(List.of("exec"));
        exec.addAll(List.of(args));
        argv.addAll(containers.runtime().command(exec));
        return containers.host(argv.toArray(String[]::new));
    }

    @Test
    void onlyStdioIsOpenInTheProcess() throws IOException {
        String id = running();
        assertEquals("0 1 2 3", execWithFds3And4(id, "sh", "-c", LIST_FDS).ok().out());
    }

    @Test
    void preserveFdsPassesTheNextFds() throws IOException {
        String id = running();
        assertEquals(List.of("0 1 2 3 4 5", "fd three", "fd four"),
                execWithFds3And4("--preserve-fds", "2", id, "sh", "-c", LIST_FDS + "; cat <&3; cat <&4").ok().lines());
        assertEquals(List.of("0 1 2 3 4", "fd three"),
                execWithFds3And4("--preserve-fds", "1", id, "sh", "-c", LIST_FDS + "; cat <&3").ok().lines());
    }

    @Test
    void processRunsAProcessDocument() throws IOException {
        String id = running();
        ObjectNode process = Json.object();
        process.put("terminal", false);
        process.putObject("user").put("uid", 1000).put("gid", 1000).putArray("additionalGids").add(1001);
        process.set("args", Json.strings("sh", "-c", """
                id
                pwd
                echo "P=$P TERM=${TERM-unset}"
                grep -E '^(NoNewPrivs|CapEff):' /proc/self/status
                exit 4
                """));
        process.set("env", Json.strings("PATH=/bin", "P=from-the-document"));
        process.put("cwd", "/tmp");
        process.put("noNewPrivileges", true);
        Path file = containers.scratch("process").resolve("process.json");
        Json.MAPPER.writeValue(file.toFile(), process);

        Result result = exec("--process", file.toString(), id);
        assertEquals(4, result.exit(), result::toString);
        // the document is the whole process: nothing of the container's process (its TERM) is added
        assertEquals(List.of("uid=1000(user) gid=1000(user) groups=1001(extra)", "/tmp",
                "P=from-the-document TERM=unset", "CapEff:\t0000000000000000", "NoNewPrivs:\t1"), result.lines());
    }
}
