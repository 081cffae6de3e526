package io.jrun.core.child;

import io.jrun.api.Log;
import io.jrun.sys.Arch;
import io.jrun.sys.CloneFlags;
import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Prctl;
import io.jrun.sys.Signals;
import io.jrun.sys.Sockets;
import io.jrun.sys.Sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@link ChildStage} of jrun: clone3 through native-bindings, then {@link ChildInterpreter} runs
 * the program in the child. A child that was cloned while the JVM was in a safepoint or a
 * handshake blocks forever in a futex before its first instruction; the stage sees no progress
 * byte, finds the child in futex(2), kills it and clones again. The progress byte is the
 * child's first instruction, so nothing was done that a new clone could not redo.
 */
public final class CloneStage implements ChildStage {
    private static final Log log = Log.of(CloneStage.class);

    private static final int MAX_ATTEMPTS = 200;
    /**
     * How long a child may stay blocked, before its progress byte, in something other than
     * futex(2) (the known hang, recognised at once) before it is taken for hung in some other
     * way and cloned again. A bound, because such a child may never send its byte; a generous
     * one, and counted from the last time the child was seen running: a runnable child (a
     * loaded machine, a slow emulated one) is making progress and is never given up on. A retry
     * is safe: nothing was done before the progress byte.
     */
    private static final long PROGRESS_TIMEOUT_NANOS = 60_000_000_000L;
    private static final long FUTEX_WAIT_PRIVATE = 128;

    private static final Object PREPARE = new Object();
    private static boolean prepared;
    /** A page shared with every child (MAP_SHARED): where a child's second clone leaves the new pid. */
    private static long sharedPage;

    private final LibC libc = Native.libc();
    private final NativeChildSyscalls sys = new NativeChildSyscalls();
    private final long[] nrs = {Sys.CLONE3, Sys.WRITE, Sys.EXIT_GROUP};
    private int injectedHangs;

    /** For tests: the next {@code n} children block in futex(2) before their progress byte. */
    public CloneStage injectHangs(int n) {
        this.injectedHangs = n;
        return this;
    }

    @Override
    public ChildProcess start(ChildProgram program, Clone clone) {
        Warmup.await();
        prepare();
        int attempts = 0;
        while (true) {
            attempts++;
            boolean hang = injectedHangs > 0;
            if (hang) {
                injectedHangs--;
            }
            Started s = cloneOnce(program, clone, hang);
            Progress p = s.awaitProgress();
            if (p == Progress.RUNNING) {
                return new Child(s, attempts);
            }
            s.killAndReap();
            s.closeAll();
            if (p == Progress.DIED) {
                throw new ChildFailure("container process exited before it started (status " + s.status + ")", 0);
            }
            if (attempts >= MAX_ATTEMPTS) {
                throw new ChildFailure("container process hung in the JVM after clone " + attempts + " times", 0);
            }
            log.debug("clone {}: child {} hung in futex before its first step; cloning again", attempts, s.pid);
        }
    }

    /** Once per JVM: link the native calls, run the interpreter's every path, map the shared page. */
    private void prepare() {
        synchronized (PREPARE) {
            if (prepared) {
                return;
            }
            ChildJvm.check();
            sys.link(Sys.CLOSE);
            libc.__errno_location();
            DryRun.Coverage coverage = new DryRun.Coverage();
            coverage.run();
            coverage.run();
            long page = libc.mmap(0, 4096, 3 /* PROT_READ|PROT_WRITE */, 0x01 | 0x20 /* MAP_SHARED|MAP_ANONYMOUS */, -1, 0);
            if (page == -1) {
                throw new ChildFailure("mmap a shared page", Native.errno());
            }
            sharedPage = page;
            prepared = true;
        }
    }

    /**
     * Instructions every child runs first: progress; then every fd of the JVM closed but stdio,
     * the channel and those the program inherits; a clean signal state; not dumpable.
     */
    private static ChildProgram withPrologue(ChildProgram program, int childEnd, boolean injectHang) {
        List<Insn> insns = new ArrayList<>();
        ProgramBuilder b = new ProgramBuilder();
        if (injectHang) {
            b.syscall("injected hang", Sys.FUTEX, new Arg.Bytes("zero", new byte[4]), Arg.imm(FUTEX_WAIT_PRIVATE), Arg.imm(0), Arg.imm(0));
        }
        b.tag(Tag.Op.REPORT_PROGRESS);
        ChildOps.notifyParent(b, SyncProtocol.PROGRESS, "report progress");
        b.tag(Tag.Op.CLOSE_PARENT_FDS);
        closeOthers(b, program.inheritedFds(), childEnd);
        // The JVM's handlers would swallow SIGTERM and friends in a child with no JVM threads:
        // back to SIG_DFL, all but the faults the interpreter itself may raise.
        b.tag(Tag.Op.RESET_SIGNALS);
        byte[] sigaction = new byte[32];
        for (int sig = 1; sig <= Signals.SIGRTMAX; sig++) {
            if (sig == Signals.SIGKILL || sig == Signals.SIGSTOP || sig == Signals.SIGSEGV || sig == Signals.SIGBUS
                    || sig == Signals.SIGFPE || sig == Signals.SIGILL) {
                continue;
            }
            b.syscall("reset the handler of signal " + sig, Sys.RT_SIGACTION, Arg.imm(sig),
                    new Arg.Bytes("SIG_DFL", sigaction), Arg.imm(0), Arg.imm(8)).ignore(Errno.EINVAL);
        }
        b.syscall("reset the signal mask", Sys.RT_SIGPROCMASK, Arg.imm(2 /* SIG_SETMASK */),
                new Arg.Bytes("empty sigset", new byte[8]), Arg.imm(0), Arg.imm(8));
        b.tag(Tag.Op.NOT_DUMPABLE);
        b.syscall("make the process not dumpable", Sys.PRCTL, Arg.imm(Prctl.PR_SET_DUMPABLE), Arg.imm(0),
                Arg.imm(0), Arg.imm(0), Arg.imm(0));
        insns.addAll(b.build().insns());
        int shift = insns.size();
        for (Insn i : program.insns()) {
            insns.add(i.shifted(shift));
        }
        return new ChildProgram(insns, program.registers(), program.inheritedFds());
    }

    /**
     * close_range(2) over every gap between the fds to keep, and above the last. The child is a
     * copy of the JVM: its jars, the JDK's modules file, the AOT cache, state locks, the cgroup
     * directory it was cloned into are all open in it. Close-on-exec is not enough: the
     * container's paths (process.cwd as /proc/self/fd/N, a bind source) are reached before
     * execve, and a process in the container with CAP_SYS_PTRACE can open /proc/1/fd/N of a
     * created container's init. (CVE-2024-21626 was runc's version of this.)
     */
    static void closeOthers(ProgramBuilder b, SortedSet<Integer> inherited, int channel) {
        TreeSet<Integer> keep = new TreeSet<>(inherited);
        keep.addAll(List.of(0, 1, 2, channel));
        int next = 0;
        for (int fd : keep) {
            if (fd > next) {
                b.syscall("close the parent's fds " + next + "-" + (fd - 1), Sys.CLOSE_RANGE, Arg.imm(next), Arg.imm(fd - 1),
                        Arg.imm(0));
            }
            next = fd + 1;
        }
        b.syscall("close the parent's fds from " + next, Sys.CLOSE_RANGE, Arg.imm(next), Arg.imm(0xffffffffL), Arg.imm(0));
    }

    private Started cloneOnce(ChildProgram program, Clone clone, boolean injectHang) {
        int[] fds = new int[2];
        if (libc.socketpair(Sockets.AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0, fds) != 0) {
            throw new ChildFailure("socketpair for the container process", Native.errno());
        }
        int parentEnd = fds[0];
        int childEnd = fds[1];
        Started s = new Started(parentEnd);
        try {
            // The program's native memory: the child has its own copy once clone returns.
            try (NativeArena arena = new NativeArena()) {
                ChildProgram full = withPrologue(program, childEnd, injectHang);
                ProgramImage image = ProgramImage.assemble(full, ProgramImage.nativeMemory(arena, sharedPage));
                s.image = image;
                image.regs[Reg.SYNC.index()] = childEnd;
                image.regs[Reg.REPORT.index()] = childEnd;
                long pidfdCell = arena.ints(-1);
                long flags = clone.namespaces() | CloneFlags.CLONE_PIDFD | (clone.cgroupFd() >= 0 ? CloneFlags.CLONE_INTO_CGROUP : 0);
                long cloneArgs = arena.longs(flags, pidfdCell, 0, 0, Signals.SIGCHLD, 0, 0, 0, 0, 0,
                        clone.cgroupFd() >= 0 ? clone.cgroupFd() : 0);
                NativeArena.putLong(sharedPage, 0);
                long errnoAddress = libc.__errno_location();
                long pid = ChildInterpreter.cloneAndRun(sys, cloneArgs, CloneFlags.CLONE_ARGS_SIZE, nrs,
                        image.code, image.regs, image.records, errnoAddress);
                if (pid < 0) {
                    int e = Native.errno();
                    throw new ChildFailure("clone3 the container process", e);
                }
                s.pid = (int) pid;
                s.pidfd = NativeArena.getInt(pidfdCell);
            }
            return s;
        } catch (RuntimeException e) {
            s.closeAll();
            throw e;
        } finally {
            libc.close(childEnd);
        }
    }

    enum Progress { RUNNING, HUNG, DIED }

    /** A clone whose progress byte has not been seen yet. */
    private final class Started {
        final int sync;
        ProgramImage image;
        int pid = -1;
        int pidfd = -1;
        int status = -1;

        Started(int sync) {
            this.sync = sync;
        }

        Progress awaitProgress() {
            long deadline = System.nanoTime() + PROGRESS_TIMEOUT_NANOS;
            int wait = 1;
            while (true) {
                int ready = poll(sync, wait);
                if (ready > 0) {
                    byte[] b = new byte[1];
                    long n = libc.read(sync, b, 1);
                    if (n == 1 && b[0] == SyncProtocol.PROGRESS) {
                        return Progress.RUNNING;
                    }
                    reap();
                    return Progress.DIED;
                }
                String sc = procSyscall(pid);
                if (sc == null) {
                    reap();
                    return Progress.DIED;
                }
                if (sc.equals(Long.toString(Sys.FUTEX))) {
                    return Progress.HUNG;
                }
                if (sc.equals("running")) {
                    deadline = System.nanoTime() + PROGRESS_TIMEOUT_NANOS;
                } else if (System.nanoTime() > deadline) {
                    return Progress.HUNG;
                }
                wait = Math.min(wait * 2, 50);
            }
        }

        int poll(int fd, int millis) {
            int r = libc.pollOne(fd, LibC.POLLIN, millis);
            if (r < 0 && Native.errno() != Errno.EINTR) {
                throw new ChildFailure("poll the container process's channel", Native.errno());
            }
            return Math.max(r, 0);
        }

        void killAndReap() {
            if (pid > 0) {
                signal(Signals.SIGKILL);
                reap();
            }
        }

        void signal(int sig) {
            if (pidfd >= 0) {
                libc.syscall(Sys.PIDFD_SEND_SIGNAL, pidfd, sig, 0, 0, 0);
            } else if (pid > 0) {
                libc.kill(pid, sig);
            }
        }

        void reap() {
            if (pid > 0 && status == -1) {
                int[] st = new int[1];
                if (libc.waitpid(pid, st, 0) == pid) {
                    status = st[0];
                }
            }
        }

        void closeAll() {
            libc.close(sync);
            if (pidfd >= 0) {
                libc.close(pidfd);
                pidfd = -1;
            }
        }
    }

    /** The syscall a process is blocked in ("202" for futex on x86_64), "running", or null if gone. */
    static String procSyscall(int pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/syscall")).trim();
            int sp = s.indexOf(' ');
            return sp < 0 ? s : s.substring(0, sp);
        } catch (IOException e) {
            return null;
        }
    }

    private final class Child implements ChildProcess {
        private final Started s;
        private final int attempts;
        private int pid;
        private int pidfd;
        private int intermediate = -1;

        Child(Started s, int attempts) {
            this.s = s;
            this.attempts = attempts;
            this.pid = s.pid;
            this.pidfd = s.pidfd;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public int pidfd() {
            return pidfd;
        }

        @Override
        public int attempts() {
            return attempts;
        }

        @Override
        public void await(char expected) {
            int b = readByte();
            followSecondClone();
            if (b == expected) {
                return;
            }
            if (b < 0) {
                throw diedFirst("waiting for '" + expected + "'");
            }
            throw new ChildFailure("container process sent '" + (char) b + "' where '" + expected + "' was due", 0);
        }

        @Override
        public void awaitExec() {
            int b = readByte();
            followSecondClone();
            if (b < 0) {
                // The channel is close-on-exec and every failure before execve is reported:
                // end of file without a report is the exec (a program that exits at once
                // looks the same, which is why this does not look at the process).
                return;
            }
            throw new ChildFailure("container process sent '" + (char) b + "' where exec was due", 0);
        }

        /** A byte, -1 at end of file; an error report becomes a ChildFailure. */
        private int readByte() {
            waitReadable();
            byte[] b = new byte[1];
            long n;
            do {
                n = libc.read(s.sync, b, 1);
            } while (n < 0 && Native.errno() == Errno.EINTR);
            if (n <= 0) {
                return -1;
            }
            if (b[0] != SyncProtocol.FAILURE) {
                return b[0] & 0xff;
            }
            byte[] record = new byte[SyncProtocol.RECORD_SIZE];
            record[0] = b[0];
            int got = 1;
            while (got < record.length) {
                byte[] chunk = new byte[record.length - got];
                long m = libc.read(s.sync, chunk, chunk.length);
                if (m <= 0) {
                    break;
                }
                System.arraycopy(chunk, 0, record, got, (int) m);
                got += (int) m;
            }
            SyncProtocol.Failure f = SyncProtocol.failure(record, 0, got);
            // a FAIL instruction's step says all there is to say (its errno is for the record)
            throw new ChildFailure(s.image.step(f.index()), s.image.isFail(f.index()) ? 0 : f.errno());
        }

        /**
         * Waits for the channel, watching the child: a program never calls futex(2), so a child
         * blocked in it is stuck in the JVM's runtime (a JIT or deoptimization lock held at the
         * clone) and will never send anything. After its progress byte it may have done what a
         * new clone cannot redo, so that is an error, not a retry.
         */
        private void waitReadable() {
            while (s.poll(s.sync, 100) == 0) {
                String sc = procSyscall(pid);
                if (sc != null && sc.equals(Long.toString(Sys.FUTEX))) {
                    kill();
                    throw new ChildFailure("the container process hung in the JVM's runtime after it started (blocked "
                            + "in futex); this JVM probably runs without bin/jrun.compilecommands", 0);
                }
            }
        }

        /** After a second clone by the child, the new process (our child too) carries on. */
        private void followSecondClone() {
            int tid = NativeArena.getInt(sharedPage);
            if (tid > 0 && tid != pid) {
                NativeArena.putLong(sharedPage, 0);
                intermediate = pid;
                int[] st = new int[1];
                libc.waitpid(intermediate, st, 0);
                libc.close(pidfd);
                pid = tid;
                pidfd = (int) libc.syscall(Sys.PIDFD_OPEN, tid, 0, 0, 0, 0);
            }
        }

        private ChildFailure diedFirst(String what) {
            return new ChildFailure("container process exited while " + what, 0);
        }

        @Override
        public void proceed() {
            byte[] go = {SyncProtocol.GO};
            if (libc.write(s.sync, go, 1) != 1) {
                throw new ChildFailure("signal the container process to go on", Native.errno());
            }
        }

        @Override
        public void kill() {
            if (pidfd >= 0) {
                libc.syscall(Sys.PIDFD_SEND_SIGNAL, pidfd, Signals.SIGKILL, 0, 0, 0);
            } else {
                libc.kill(pid, Signals.SIGKILL);
            }
            int[] st = new int[1];
            libc.waitpid(pid, st, 0);
        }

        @Override
        public void close() {
            libc.close(s.sync);
            if (pidfd >= 0) {
                libc.close(pidfd);
                pidfd = -1;
            }
        }
    }

    static {
        if (Arch.current() != Arch.X86_64 && Arch.current() != Arch.AARCH64) {
            throw new ExceptionInInitializerError("unsupported architecture");
        }
    }
}
