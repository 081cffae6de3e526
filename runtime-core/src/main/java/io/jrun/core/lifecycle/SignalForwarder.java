package io.jrun.core.lifecycle;

import io.jrun.sys.Signals;
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

    /** What `run` passes on (runc's: all but SIGCHLD, SIGURG and the unstoppable); the supervisor too (Handover). */
    static final int[] FORWARDED = {Signals.SIGHUP, Signals.SIGINT, Signals.SIGQUIT, Signals.SIGTERM, Signals.SIGUSR1,
        Signals.SIGUSR2, Signals.SIGWINCH, Signals.SIGCONT, Signals.SIGTSTP, Signals.SIGTTIN, Signals.SIGTTOU,
        Signals.SIGALRM, Signals.SIGPIPE};

    /**
     * Installs the handlers; returns what puts the previous ones back.
     *
     * @param winch forward SIGWINCH too (not with a terminal: the kernel signals a resize of the
     *              container's pty to its programs itself)
     */
    static List<Runnable> forward(HostKernel kernel, int pid, boolean winch) {
        List<Runnable> restore = new ArrayList<>();
        for (int number : FORWARDED) {
            if (!winch && number == Signals.SIGWINCH) {
                continue;
            }
            Signal sig = new Signal(Signals.name(number).substring("SIG".length()));
            SignalHandler h = s -> kernel.kill(pid, s.getNumber());
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
