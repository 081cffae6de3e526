package io.jrun.core.lifecycle;

import io.jrun.sys.Native;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * `run` in the foreground passes the signals it gets on to the container's process, as runc
 * does, so that ^C or a `kill` of jrun reaches the program.
 */
final class SignalForwarder {
    private SignalForwarder() {}

    private static final String[] FORWARDED = {"HUP", "INT", "QUIT", "TERM", "USR1", "USR2", "WINCH", "CONT", "TSTP", "TTIN",
        "TTOU", "ALRM", "PIPE"};

    /**
     * Installs the handlers; returns what puts the previous ones back.
     *
     * @param winch forward SIGWINCH too (not with a terminal: the kernel signals a resize of the
     *              container's pty to its programs itself)
     */
    static List<Runnable> forward(int pid, boolean winch) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : FORWARDED) {
            if (!winch && name.equals("WINCH")) {
                continue;
            }
            Signal sig = new Signal(name);
            SignalHandler h = s -> Native.libc().kill(pid, s.getNumber());
            try {
                SignalHandler old = Signal.handle(sig, h);
                restore.add(() -> Signal.handle(sig, old));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this one (e.g. QUIT without -Xrs): it is not forwarded
            }
        }
        return restore;
    }
}
