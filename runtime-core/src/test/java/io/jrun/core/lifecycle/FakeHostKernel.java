package io.jrun.core.lifecycle;

import io.jrun.core.host.Procfs;
import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.Signals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A {@link HostKernel} for tests: processes are entries of a table (alive, a zombie until
 * reaped, or gone), and the exec fifo is a plain file whose content is what the init wrote on
 * it: a fifo with content polls readable and reads to its end, an empty one never does (an
 * init that has not written yet, or never will). Any call can be made to fail once, with
 * something happening meanwhile. Every signal is logged.
 */
final class FakeHostKernel implements HostKernel {
    /** One process: its start time and state letter ('S' running, 'Z' exited, not yet reaped). */
    private record Proc(long startTime, char state) {}

    private record Failure(int errno, Runnable meanwhile) {}

    /** What a file fd reads: the file, from an offset. */
    private static final class OpenFile {
        final Path path;
        int offset;

        OpenFile(Path path) {
            this.path = path;
        }
    }

    /** A pidfd refers to one process, not to a pid: a reused pid is another process. */
    private record Pidfd(int pid, long startTime) {}

    private final Map<Integer, Proc> procs = new HashMap<>();
    private final Map<Integer, Object> fds = new HashMap<>();
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private final IntConsumer otherFds;
    private int nextFd = 1000;

    /** "kill 4242 SIGKILL", "pidfd_send_signal 4242 SIGTERM", in order. */
    final List<String> signals = new ArrayList<>();

    /** Run at each poll(2), before it answers: for what happens while the runtime waits. */
    Runnable onPoll = () -> { };

    /**
     * @param otherFds closes an fd this fake did not open (the cgroup fd the cgroup fake opened:
     *                 on a real host both are fds of one process)
     */
    FakeHostKernel(IntConsumer otherFds) {
        this.otherFds = otherFds;
    }

    // ---- the test's side: the world changes -------------------------------------------------

    /** A new process. */
    void spawn(int pid, long startTime) {
        procs.put(pid, new Proc(startTime, 'S'));
    }

    /** The process exits: a zombie until it is reaped. */
    void exit(int pid) {
        Proc p = procs.get(pid);
        if (p != null) {
            procs.put(pid, new Proc(p.startTime(), 'Z'));
        }
    }

    /** The process is gone, reaped (by us or, for a process not our child, by its parent). */
    void reap(int pid) {
        procs.remove(pid);
    }

    /** The next call of {@code op} ("kill", "pidfd_open", "open", ...) fails with {@code errno}, after {@code meanwhile}. */
    void failNext(String op, int errno, Runnable meanwhile) {
        failures.computeIfAbsent(op, o -> new ArrayDeque<>()).add(new Failure(errno, meanwhile));
    }

    /** The fds the runtime opened here and has not closed. */
    List<Integer> openFds() {
        return List.copyOf(fds.keySet());
    }

    private int failure(String op) {
        Deque<Failure> q = failures.get(op);
        if (q == null || q.isEmpty()) {
            return 0;
        }
        Failure f = q.poll();
        f.meanwhile().run();
        return -f.errno();
    }

    private boolean alive(Proc p) {
        return p != null && p.state() != 'Z';
    }

    private int fd(Object what) {
        int fd = nextFd++;
        fds.put(fd, what);
        return fd;
    }

    // ---- the runtime's side ----------------------------------------------------------------

    @Override
    public int getuid() {
        return 0;
    }

    @Override
    public int kill(int pid, int signal) {
        int f = failure("kill");
        if (f < 0) {
            return f;
        }
        if (!procs.containsKey(pid)) {
            return -Errno.ESRCH;
        }
        signals.add("kill " + pid + " " + Signals.name(signal));
        if (signal == Signals.SIGKILL) {
            exit(pid);
        }
        return 0;
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        int f = failure("waitpid");
        if (f < 0) {
            return f;
        }
        Proc p = procs.get(pid);
        if (p == null) {
            return -Errno.ECHILD;
        }
        if (alive(p)) {
            if ((options & LibC.WNOHANG) != 0) {
                return 0;
            }
            throw new AssertionError("waitpid(" + pid + ") would block: the process never exits here");
        }
        procs.remove(pid);
        status[0] = Signals.SIGKILL; // killed by SIGKILL
        return pid;
    }

    @Override
    public int pidfdOpen(int pid) {
        int f = failure("pidfd_open");
        if (f < 0) {
            return f;
        }
        Proc p = procs.get(pid);
        if (p == null) {
            return -Errno.ESRCH;
        }
        return fd(new Pidfd(pid, p.startTime()));
    }

    @Override
    public int pidfdSendSignal(int pidfd, int signal) {
        int f = failure("pidfd_send_signal");
        if (f < 0) {
            return f;
        }
        if (!(fds.get(pidfd) instanceof Pidfd(int pid, long startTime))) {
            return -Errno.EBADF;
        }
        Proc p = procs.get(pid);
        if (!alive(p) || p.startTime() != startTime) {
            return -Errno.ESRCH;
        }
        signals.add("pidfd_send_signal " + pid + " " + Signals.name(signal));
        if (signal == Signals.SIGKILL) {
            exit(pid);
        }
        return 0;
    }

    @Override
    public int poll(int fd, int events, int timeoutMillis) {
        onPoll.run();
        int f = failure("poll");
        if (f < 0) {
            return f;
        }
        Object what = fds.get(fd);
        if (what instanceof Pidfd(int pid, long startTime)) {
            Proc p = procs.get(pid);
            return alive(p) && p.startTime() == startTime ? 0 : LibC.POLLIN;
        }
        if (what instanceof OpenFile file) {
            return size(file.path) > 0 ? LibC.POLLIN : 0;
        }
        return -Errno.EBADF;
    }

    @Override
    public int mkfifo(Path path, int mode) {
        int f = failure("mkfifo");
        if (f < 0) {
            return f;
        }
        try {
            Files.createFile(path);
            return 0;
        } catch (FileAlreadyExistsException e) {
            return -Errno.EEXIST;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int open(Path path, int flags) {
        int f = failure("open");
        if (f < 0) {
            return f;
        }
        if (!Files.exists(path)) {
            return -Errno.ENOENT;
        }
        return fd(new OpenFile(path));
    }

    @Override
    public int read(int fd, byte[] buf) {
        int f = failure("read");
        if (f < 0) {
            return f;
        }
        if (!(fds.get(fd) instanceof OpenFile file)) {
            return -Errno.EBADF;
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file.path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.length == 0) {
            return -Errno.EAGAIN; // a fifo nobody wrote to, opened O_NONBLOCK
        }
        int n = Math.min(buf.length, all.length - file.offset);
        System.arraycopy(all, file.offset, buf, 0, n);
        file.offset += n;
        return n;
    }

    @Override
    public int namespaceType(int fd) {
        return -Errno.ENOTTY;
    }

    @Override
    public void close(int fd) {
        if (fds.remove(fd) == null) {
            otherFds.accept(fd);
        }
    }

    @Override
    public Procfs.Stat stat(int pid) {
        Proc p = procs.get(pid);
        return p == null ? null : new Procfs.Stat(p.state(), p.startTime());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
