package io.jrun.core.seccomp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildOps;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.CloneStage;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.host.Fds;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jrun.core.seccomp.SeccompCompilerTest.profile;
import static io.jrun.core.seccomp.SeccompCompilerTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real children of this JVM (as root, no namespaces) that load a filter and exec busybox. */
class SeccompStepsTest {
    private static final String BUSYBOX = "/bin/busybox";
    private static final int SIGSYS = 31;

    /** The child: load the filter (at 'R' first, so the parent can look), then exec {@code argv}. */
    private static ChildProcess start(SeccompCompiler.Compiled filter, int listenerFd, List<String> argv) {
        ProgramBuilder b = new ProgramBuilder();
        Label gone = b.label("gone");
        SeccompSteps.emit(b, filter, listenerFd, gone);
        b.syscall("exec " + argv.getFirst(), Sys.EXECVE, new Arg.Str(argv.getFirst()), new Arg.StrArray(argv),
                new Arg.StrArray(List.of("PATH=/bin")));
        b.bind(gone);
        b.exit(1);
        return new CloneStage().start(b.build(), new ChildStage.Clone(0, -1));
    }

    private static int waitFor(ChildProcess c) {
        int[] st = new int[1];
        Native.libc().waitpid(c.pid(), st, 0);
        return st[0];
    }

    private static String sh(Path dir, String script) {
        return "cd " + dir + " && " + script;
    }

    @Test
    void unshareFailsWithEpermUnderAnErrnoRule(@TempDir Path dir) throws Exception {
        String script = sh(dir, "busybox unshare -n true 2> err; echo $? > rc");
        // as root and without a filter, it works: the failure below is the filter's
        try (ChildProcess c = start(SeccompCompiler.compile(profile("ALLOW", List.of())), -1, List.of(BUSYBOX, "sh", "-c", script))) {
            c.awaitExec();
            assertEquals(0, waitFor(c));
        }
        assertEquals("0", Files.readString(dir.resolve("rc")).strip());

        LinuxSeccomp s = profile("ALLOW", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), rule("ERRNO", "unshare"));
        try (ChildProcess c = start(SeccompCompiler.compile(s), -1, List.of(BUSYBOX, "sh", "-c", script))) {
            c.awaitExec();
            assertEquals(0, waitFor(c));
        }
        assertEquals("1", Files.readString(dir.resolve("rc")).strip());
        assertTrue(Files.readString(dir.resolve("err")).contains("Operation not permitted"), Files.readString(dir.resolve("err")));
    }

    @Test
    void dockersProfileRunsBusyboxAndBlocksUnshare(@TempDir Path dir) throws Exception {
        String script = sh(dir, "busybox unshare -n true 2> err; echo $? > rc; ls / > ls; id -u > id");
        try (ChildProcess c = start(SeccompCompiler.compile(EngineProfiles.docker()), -1, List.of(BUSYBOX, "sh", "-c", script))) {
            c.awaitExec();
            assertEquals(0, waitFor(c));
        }
        assertEquals("1", Files.readString(dir.resolve("rc")).strip());
        assertTrue(Files.readString(dir.resolve("err")).contains("Operation not permitted"));
        assertTrue(Files.readString(dir.resolve("ls")).contains("proc"));
        assertEquals("0", Files.readString(dir.resolve("id")).strip());
    }

    @Test
    void killProcessKillsWithSigsys() {
        LinuxSeccomp s = profile("ALLOW", List.of(), rule("KILL_PROCESS", "uname"));
        try (ChildProcess c = start(SeccompCompiler.compile(s), -1, List.of(BUSYBOX, "uname"))) {
            c.awaitExec();
            int status = waitFor(c);
            assertEquals(SIGSYS, status & 0x7f, "status 0x" + Integer.toHexString(status));
        }
    }

    @Test
    void theListenerGoesToTheAgentAndTheNotifiedCallsAreItsToAnswer(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("agent.sock");
        LinuxSeccomp s = new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of(), null, socket.toString(), "hello",
                List.of(rule("NOTIFY", List.of("mkdir", "mkdirat"))));
        SeccompCompiler.Compiled filter = SeccompCompiler.compile(s);
        int listenerFd = Fds.scratch(0);
        String script = sh(dir, "busybox mkdir made 2> err; echo $? > rc");
        try (FdServer agent = new FdServer(socket);
             ChildProcess c = start(filter, listenerFd, List.of(BUSYBOX, "sh", "-c", script))) {
            CompletableFuture<FdServer.Received> received = CompletableFuture.supplyAsync(agent::receive);
            c.await(SyncProtocol.LISTENER);
            SeccompListener.send(c.pidfd(), listenerFd, socket, filter.listenerMetadata(), "{\"id\":\"c1\"}", c.pid());
            FdServer.Received r = received.get(30, TimeUnit.SECONDS);
            assertEquals("anon_inode:seccomp notify", Files.readSymbolicLink(Path.of("/proc/self/fd/" + r.fd())).toString());
            var json = new ObjectMapper().readTree(r.data());
            assertEquals(c.pid(), json.get("pid").asInt());
            assertEquals("hello", json.get("metadata").asText());
            // The agent goes away without answering: a notified syscall then fails with ENOSYS.
            Native.libc().close(r.fd());
            c.proceed();
            c.awaitExec();
            assertEquals(0, waitFor(c));
        }
        assertEquals("1", Files.readString(dir.resolve("rc")).strip());
        assertTrue(Files.readString(dir.resolve("err")).contains("Function not implemented"), Files.readString(dir.resolve("err")));
        assertTrue(Files.notExists(dir.resolve("made")));
    }
}
