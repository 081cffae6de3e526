package io.jrun.core.terminal;

import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Tty;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * `run -t` and `exec -t` in the foreground without a console socket: jrun itself is the
 * terminal's other end. The caller's terminal goes raw (the container's line discipline does
 * the editing and ^C), bytes are copied both ways, and window size changes are passed on.
 */
public final class TerminalProxy implements AutoCloseable {
    private final LibC libc = Native.libc();
    private final int master;
    /** The caller's terminal settings to restore, in native memory, or 0. */
    private final NativeArena memory = new NativeArena();
    private long saved;
    private SignalHandler oldWinch;
    private Thread out;
    /** Held by the output thread while it copies what it read; see {@link #close}. */
    private final ReentrantLock copying = new ReentrantLock();
    /** Set before the master is closed: neither thread touches its fd number after that. */
    private volatile boolean closed;

    /** How long {@link #close} copies output that keeps coming after the container's process exited. */
    private static final long DRAIN_BOUND_MILLIS = 10_000;

    public TerminalProxy(int master) {
        this.master = master;
    }

    public void start() {
        if (libc.isatty(0) == 1) {
            saved = memory.allocate(Tty.TERMIOS_SIZE + 4, 8);
            if (libc.tcgetattr(0, saved) == 0) {
                long raw = memory.allocate(Tty.TERMIOS_SIZE + 4, 8);
                libc.tcgetattr(0, raw);
                libc.cfmakeraw(raw);
                libc.tcsetattr(0, Tty.TCSANOW, raw);
            } else {
                saved = 0;
            }
            resize();
            try {
                oldWinch = Signal.handle(new Signal("WINCH"), s -> resize());
            } catch (IllegalArgumentException e) {
                oldWinch = null;
            }
        }
        Thread in = new Thread(() -> copy(0, master), "jrun-tty-in");
        in.setDaemon(true);
        in.start();
        out = new Thread(this::copyOut, "jrun-tty-out");
        out.setDaemon(true);
        out.start();
    }

    /** The caller's window size onto the container's terminal (SIGWINCH reaches its programs). */
    private void resize() {
        try (NativeArena a = new NativeArena()) {
            long ws = a.allocate(8, 8);
            if (libc.ioctl(0, Tty.TIOCGWINSZ, ws) == 0) {
                libc.ioctl(master, Tty.TIOCSWINSZ, ws);
            }
        }
    }

    private void copy(int from, int to) {
        byte[] buf = new byte[8192];
        while (true) {
            long n = libc.read(from, buf, buf.length);
            if (n < 0 && Native.errno() == Errno.EINTR) {
                continue;
            }
            if (n <= 0 || closed || !writeAll(to, buf, n)) {
                return; // EIO on the master once the container's side is all closed
            }
        }
    }

    private boolean writeAll(int to, byte[] buf, long n) {
        int off = 0;
        while (off < n) {
            byte[] chunk = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, (int) n);
            long w = libc.write(to, chunk, n - off);
            if (w < 0 && Native.errno() == Errno.EINTR) {
                continue;
            }
            if (w <= 0) {
                return false;
            }
            off += (int) w;
        }
        return true;
    }

    /**
     * The container's output to ours: wait until the master is readable, then read and write
     * it holding {@link #copying}, so that {@link #close} can tell "all copied" from "read, not
     * written yet".
     */
    private void copyOut() {
        byte[] buf = new byte[8192];
        while (true) {
            int r = poll(-1);
            if (r < 0) {
                return;
            }
            copying.lock();
            try {
                if (closed || (r & LibC.POLLIN) == 0) {
                    return; // hung up and nothing left: the container's side is all closed
                }
                long n = libc.read(master, buf, buf.length);
                if (n < 0 && Native.errno() == Errno.EINTR) {
                    continue;
                }
                if (n <= 0 || !writeAll(1, buf, n)) {
                    return;
                }
            } finally {
                copying.unlock();
            }
        }
    }

    /** poll(2) of the master for input: its revents (0 on timeout), or -1 on an error other than EINTR. */
    private int poll(int millis) {
        while (true) {
            int r = libc.pollOne(master, LibC.POLLIN, millis);
            if (r >= 0) {
                return r;
            }
            if (Native.errno() != Errno.EINTR) {
                return -1;
            }
        }
    }

    /**
     * After the container's process exited: its last output, then the caller's terminal back.
     * The output is all copied when the master has nothing to read (a poll of a tty flushes the
     * kernel's pending input first) while the copying thread is between two copies. That
     * normally holds as soon as the thread has caught up, however loaded the machine is. A
     * process that outlives the container's init (no pid namespace of its own) may keep
     * writing, or block our output: hence a bound, {@link #DRAIN_BOUND_MILLIS}.
     */
    @Override
    public void close() {
        if (out != null) {
            long deadline = System.nanoTime() + DRAIN_BOUND_MILLIS * 1_000_000L;
            boolean stopped = !out.isAlive();
            try {
                while (!stopped && System.nanoTime() - deadline < 0) {
                    if (copying.tryLock(100, TimeUnit.MILLISECONDS)) {
                        try {
                            int r = poll(0);
                            if (r <= 0 || (r & LibC.POLLIN) == 0) {
                                closed = true; // the thread reads no more: the fd may be closed
                                stopped = true;
                            }
                        } finally {
                            copying.unlock();
                        }
                        if (!stopped) {
                            out.join(10);
                            stopped = !out.isAlive();
                        }
                    }
                }
                if (!stopped && copying.tryLock(100, TimeUnit.MILLISECONDS)) {
                    closed = true; // past the bound: what still comes is not copied
                    copying.unlock();
                    stopped = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!stopped) {
                // still writing our output (to a reader that does not read): leave the fd to it
                // rather than let it read whatever takes the number next
                closed = true;
                restoreTerminal();
                return;
            }
        }
        closed = true;
        restoreTerminal();
        libc.close(master);
    }

    private void restoreTerminal() {
        if (saved != 0) {
            libc.tcsetattr(0, Tty.TCSANOW, saved);
        }
        memory.close();
        if (oldWinch != null) {
            Signal.handle(new Signal("WINCH"), oldWinch);
        }
    }
}
