package io.jrun.core.hooks;

import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.program.HookProgram;
import io.jrun.core.program.JoinNamespaces;
import io.jrun.spec.Hook;
import io.jrun.spec.Quote;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Signals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs the hooks of one kind (config.md "POSIX-platform Hooks"), in order: each gets the
 * container's state on stdin, its own args (argv[0] included) and env, and its timeout. The
 * hooks the spec runs "in the container namespace" join the namespaces of the container's
 * process first. A hook fails when it cannot start, exits non-zero, is killed, or outlives
 * its timeout; the caller decides what a failure means for the operation.
 */
public final class HookRunner {
    private static final Log log = Log.of(HookRunner.class);
    private static final int OUTPUT_KEPT = 4096;

    private final ChildStage stage;
    private final LibC libc = Native.libc();

    public HookRunner(ChildStage stage) {
        this.stage = stage;
    }

    /**
     * @param kind      the hooks' name in the config ("createRuntime"), for messages
     * @param join      the container process whose namespaces the hooks run in, or null (host)
     * @param cgroupFd  the cgroup the hook processes start in, or -1 for jrun's own
     * @throws JrunException naming the hook, for the first that fails
     */
    public void run(String kind, List<Hook> hooks, String stateJson, JoinNamespaces.Target join, int cgroupFd) {
        for (int i = 0; i < hooks.size(); i++) {
            runOne(kind + "[" + i + "]", hooks.get(i), stateJson, join, cgroupFd);
        }
    }

    /** Runs every hook; failures are logged as warnings (poststop, and poststart as the spec says). */
    public void runWarning(String kind, List<Hook> hooks, String stateJson, JoinNamespaces.Target join, int cgroupFd) {
        for (int i = 0; i < hooks.size(); i++) {
            try {
                runOne(kind + "[" + i + "]", hooks.get(i), stateJson, join, cgroupFd);
            } catch (JrunException e) {
                log.warn("{}", e.getMessage());
            }
        }
    }

    private void runOne(String name, Hook hook, String stateJson, JoinNamespaces.Target join, int cgroupFd) {
        String what = "hooks." + name + " (" + Quote.bare(hook.path()) + ")";
        int[] in = pipe(what);
        int[] out;
        try {
            out = pipe(what);
        } catch (JrunException e) {
            close(in[0], in[1]);
            throw e;
        }
        List<String> args = hook.args() == null || hook.args().isEmpty() ? List.of(hook.path()) : hook.args();
        HookProgram.Config config = new HookProgram.Config(join, hook.path(), args, hook.envOrEmpty(),
                join == null ? null : "/", in[0], out[1], out[1]);
        ChildProcess c;
        try {
            c = stage.start(HookProgram.build(config), new ChildStage.Clone(0, cgroupFd));
        } catch (ChildFailure e) {
            close(in[0], in[1], out[0], out[1]);
            throw new JrunException(what + ": " + e.getMessage(), e);
        } finally {
            close(in[0], out[1]);
        }
        try (c) {
            c.awaitExec();
            byte[] state = stateJson.getBytes(StandardCharsets.UTF_8);
            libc.write(in[1], state, state.length); // EPIPE if the hook does not read: fine
            close(in[1]);
            in[1] = -1;
            Outcome o = waitWithOutput(c, out[0], hook.timeout());
            if (o.timedOut) {
                throw new JrunException(what + ": timed out after " + hook.timeout() + "s" + o.outputSuffix());
            }
            if (o.status != 0) {
                throw new JrunException(what + ": " + describeStatus(o.status) + o.outputSuffix());
            }
            log.debug("{} ran{}", what, o.outputSuffix());
        } catch (ChildFailure e) {
            c.kill();
            throw new JrunException(what + ": " + e.getMessage(), e);
        } finally {
            close(in[1], out[0]);
        }
    }

    private record Outcome(int status, boolean timedOut, String output) {
        String outputSuffix() {
            return output.isBlank() ? "" : ", output: " + output.strip();
        }
    }

    /** Reads the hook's output while waiting for its exit (a full pipe would block it). */
    private Outcome waitWithOutput(ChildProcess c, int outFd, Integer timeoutSecs) {
        long deadline = timeoutSecs == null ? Long.MAX_VALUE : System.nanoTime() + timeoutSecs * 1_000_000_000L;
        try (NativeArena memory = new NativeArena()) {
            return waitWithOutput(c, outFd, deadline, memory.allocate(16, 8));
        }
    }

    /** The loop of {@link #waitWithOutput(ChildProcess, int, Integer)}; {@code fds} is room for two struct pollfd. */
    private Outcome waitWithOutput(ChildProcess c, int outFd, long deadline, long fds) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean outOpen = true;
        byte[] buf = new byte[4096];
        while (true) {
            long left = deadline == Long.MAX_VALUE ? -1 : Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            // struct pollfd {int fd; short events; short revents;}: the output, then the pidfd
            NativeArena.putInt(fds, outOpen ? outFd : -1);
            NativeArena.putShort(fds + 4, (short) 1); // POLLIN
            NativeArena.putShort(fds + 6, (short) 0);
            NativeArena.putInt(fds + 8, c.pidfd());
            NativeArena.putShort(fds + 12, (short) 1);
            NativeArena.putShort(fds + 14, (short) 0);
            int r = libc.poll(fds, 2, (int) Math.min(left, Integer.MAX_VALUE));
            if (r < 0 && Native.errno() == Errno.EINTR) {
                continue;
            }
            if (outOpen && (NativeArena.getShort(fds + 6) & (1 | 0x10 /* POLLHUP */)) != 0) {
                long n = libc.read(outFd, buf, buf.length);
                if (n <= 0) {
                    outOpen = false;
                } else if (kept.size() < OUTPUT_KEPT) {
                    kept.write(buf, 0, (int) Math.min(n, OUTPUT_KEPT - kept.size()));
                }
            }
            if ((NativeArena.getShort(fds + 14) & 1) != 0) {
                int[] st = new int[1];
                libc.waitpid(c.pid(), st, 0);
                return new Outcome(st[0], false, kept.toString(StandardCharsets.UTF_8));
            }
            if (r == 0 && left == 0) {
                c.kill();
                return new Outcome(-1, true, kept.toString(StandardCharsets.UTF_8));
            }
        }
    }

    static String describeStatus(int status) {
        int sig = status & 0x7f;
        if (sig == 0) {
            return "exit status " + ((status >> 8) & 0xff);
        }
        return "killed by " + Signals.name(sig);
    }

    private int[] pipe(String what) {
        int[] fds = new int[2];
        if (libc.pipe2(fds, FileFlags.O_CLOEXEC) != 0) {
            throw new JrunException(what + ": pipe: " + Errno.message(Native.errno()));
        }
        return fds;
    }

    private void close(int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                libc.close(fd);
            }
        }
    }
}
