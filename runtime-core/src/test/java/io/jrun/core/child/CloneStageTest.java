package io.jrun.core.child;

import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real clones of this JVM, no namespaces (no root needed). */
class CloneStageTest {

    private static ChildProgram execProgram(List<String> argv) {
        ProgramBuilder b = new ProgramBuilder();
        Label gone = b.label("gone");
        ChildOps.notifyParent(b, 'R', "ready");
        ChildOps.waitForParent(b, "wait", gone);
        b.syscall("exec " + argv.getFirst(), Sys.EXECVE, new Arg.Str(argv.getFirst()), new Arg.StrArray(argv), new Arg.StrArray(List.of()));
        b.bind(gone);
        b.exit(1);
        return b.build();
    }

    @Test
    void childExecsAfterTheParentSaysGo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path marker = dir.resolve("marker");
        ChildProcess c = new CloneStage().start(execProgram(List.of("/bin/sh", "-c", "echo ok > " + marker)), new ChildStage.Clone(0, -1));
        try (c) {
            c.await('R');
            assertTrue(Files.notExists(marker), "the program ran before the parent said go");
            c.proceed();
            c.awaitExec();
            ProcessHandle.of(c.pid()).ifPresent(h -> h.onExit().join());
        }
        int[] st = new int[1];
        io.jrun.sys.Native.libc().waitpid(c.pid(), st, 0);
        assertEquals(0, st[0]);
        assertEquals("ok\n", Files.readString(marker));
    }

    @Test
    void aFailedStepIsReportedWithItsErrno() {
        ProgramBuilder b = new ProgramBuilder();
        b.syscall("open /nonexistent/x", Sys.OPENAT, Arg.imm(FileFlags.AT_FDCWD), new Arg.Str("/nonexistent/x"), Arg.imm(0), Arg.imm(0));
        b.exit(0);
        ChildProcess c = new CloneStage().start(b.build(), new ChildStage.Clone(0, -1));
        try (c) {
            ChildFailure f = assertThrows(ChildFailure.class, () -> c.await('R'));
            assertEquals("open /nonexistent/x", f.step());
            assertEquals(Errno.ENOENT, f.errno());
            assertEquals("open /nonexistent/x: no such file or directory", f.getMessage());
        } finally {
            c.kill();
        }
    }

    @Test
    void aHungCloneIsKilledAndReplaced() throws Exception {
        CloneStage stage = new CloneStage().injectHangs(3);
        ChildProcess c = stage.start(execProgram(List.of("/bin/true")), new ChildStage.Clone(0, -1));
        try (c) {
            assertEquals(4, c.attempts());
            c.await('R');
            c.proceed();
            c.awaitExec();
        }
        int[] st = new int[1];
        io.jrun.sys.Native.libc().waitpid(c.pid(), st, 0);
        assertEquals(0, st[0]);
    }

    @Test
    void theChildHoldsOnlyStdioTheChannelAndWhatItInherits(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        LibC libc = io.jrun.sys.Native.libc();
        int jvmFile = libc.open(Files.writeString(dir.resolve("f"), "x").toString(), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
        int[] pipe = new int[2];
        assertEquals(0, libc.pipe2(pipe, FileFlags.O_CLOEXEC));
        try {
            ProgramBuilder b = new ProgramBuilder();
            Label gone = b.label("gone");
            b.inherit(pipe[1]);
            ChildOps.notifyParent(b, 'R', "ready");
            ChildOps.waitForParent(b, "wait", gone);
            b.bind(gone);
            b.exit(0);
            ChildProcess c = new CloneStage().start(b.build(), new ChildStage.Clone(0, -1));
            try (c) {
                c.await('R');
                Set<Integer> fds = new TreeSet<>();
                try (var list = Files.list(Path.of("/proc/" + c.pid() + "/fd"))) {
                    list.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
                }
                assertTrue(fds.contains(pipe[1]), "the inherited fd was closed: " + fds);
                assertFalse(fds.contains(jvmFile), "a file of the JVM's is open in the child: " + fds);
                assertFalse(fds.contains(pipe[0]), "an fd not inherited is open in the child: " + fds);
                assertEquals(5, fds.size(), "stdio, the channel and the inherited fd: " + fds);
                c.proceed();
            } finally {
                c.kill();
            }
        } finally {
            libc.close(jvmFile);
            libc.close(pipe[0]);
            libc.close(pipe[1]);
        }
    }
}
