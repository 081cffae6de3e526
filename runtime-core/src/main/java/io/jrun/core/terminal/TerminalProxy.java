package io.jrun.core.terminal;

import io.jrun.sys.Errno;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Tty;
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
        out = new Thread(() -> copy(master, 1), "jrun-tty-out");
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
            if (n <= 0) {
                return; // EIO on the master once the container's side is all closed
            }
            int off = 0;
            while (off < n) {
                byte[] chunk = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, (int) n);
                long w = libc.write(to, chunk, n - off);
                if (w < 0 && Native.errno() == Errno.EINTR) {
                    continue;
                }
                if (w <= 0) {
                    return;
                }
                off += (int) w;
            }
        }
    }

    /** After the container's process exited: its last output, then the caller's terminal back. */
    @Override
    public void close() {
        if (out != null) {
            try {
                out.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (saved != 0) {
            libc.tcsetattr(0, Tty.TCSANOW, saved);
        }
        memory.close();
        if (oldWinch != null) {
            Signal.handle(new Signal("WINCH"), oldWinch);
        }
        libc.close(master);
    }
}
