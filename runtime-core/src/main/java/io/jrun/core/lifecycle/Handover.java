package io.jrun.core.lifecycle;

import io.jrun.api.Log;
import io.jrun.api.Supervisor;
import io.jrun.core.host.CallerEnvironment;
import io.jrun.core.host.SealedCopy;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Signals;
import io.jrun.sys.Sys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `run` in the foreground, once its program runs: this process execs into the launcher's
 * supervisor ({@link Supervisor}), which waits for the program in its place. Nothing here returns
 * when that works; when it does not (no sealed copy, an exec refused), the JVM waits as before.
 *
 * <p>The signals the supervisor passes on are blocked in this thread before the exec, and a
 * blocked signal stays pending across it: one that arrives during the exec reaches the program
 * once the supervisor waits for signals. One that another JVM thread took just before is passed
 * on by the JVM's handler ({@link SignalForwarder}), unless the exec ends that thread first.
 */
final class Handover {
    private Handover() {}

    private static final Log log = Log.of(Handover.class);

    /** argv[0] that makes the launcher the supervisor (runtime-cli/src/main/c/supervise.c). */
    static final String ARGV0 = "jrun-supervise";

    /** The build's AOT training: "command" (a cache of `run` alone), "all" (every command's), or null. */
    private static final String TRAINING = System.getProperty("jrun.training");
    private static final int SIG_BLOCK = 0;
    private static final int SIG_UNBLOCK = 1;

    /** Execs into the supervisor of our child {@code pid}; returns only if that failed. */
    static void exec(Supervisor s, Path root, String id, int pid, boolean keep, OomKills oomKills) {
        int fd = SealedCopy.of(s.launcher(), ARGV0, "the JVM waits for the container's program");
        if (fd < 0) {
            return;
        }
        List<String> argv = List.of(ARGV0, Integer.toString(pid), root.toString(), id,
                s.log() == null ? "" : s.log().toString(), s.logFormat(), keep ? "1" : "0",
                oomKills.cgroupPath() == null ? "" : oomKills.cgroupPath(), Long.toUnsignedString(oomKills.before()),
                s.launcher().toString());
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : CallerEnvironment.get().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        s.beforeExec().run();
        LibC libc = Native.libc();
        try (NativeArena a = new NativeArena()) {
            // what the supervisor passes on, and SIGCHLD
            long set = 1L << (Signals.SIGCHLD - 1);
            for (int sig : SignalForwarder.FORWARDED) {
                set |= 1L << (sig - 1);
            }
            long mask = a.longs(set);
            long cArgv = a.cStringArray(argv);
            long cEnv = a.cStringArray(env);
            long empty = a.cString("");
            libc.syscall(Sys.RT_SIGPROCMASK, SIG_BLOCK, mask, 0, 8, 0);
            if (TRAINING != null) {
                // the build's AOT training (bin/jrun with JRUN_AOT_OUTPUT): its JVM writes the
                // cache as it exits, so it learns the classes of all of this but the exec; a
                // cache of `run` alone ends here, as a real run's JVM does (the training's
                // script deletes the container), without the classes of a JVM that waits
                libc.syscall(Sys.RT_SIGPROCMASK, SIG_UNBLOCK, mask, 0, 8, 0);
                if (TRAINING.equals("command")) {
                    Runtime.getRuntime().halt(0);
                }
                return;
            }
            libc.syscall(Sys.EXECVEAT, fd, empty, cArgv, cEnv, FileFlags.AT_EMPTY_PATH);
            int errno = libc.errno();
            libc.syscall(Sys.RT_SIGPROCMASK, SIG_UNBLOCK, mask, 0, 8, 0);
            log.debug("exec the supervisor {}: {}; the JVM waits for the container's program", s.launcher(),
                    io.jrun.sys.Errno.message(errno));
        } finally {
            libc.close(fd);
        }
    }
}
