package io.jrun.core.lifecycle;

import io.jrun.core.ExecOptions;
import io.jrun.core.JrunException;
import io.jrun.core.Status;
import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.host.Fds;
import io.jrun.core.host.Procfs;
import io.jrun.core.init.ExecProcessProgram;
import io.jrun.core.init.JoinNamespaces;
import io.jrun.core.init.TerminalSteps;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.core.seccomp.SeccompListener;
import io.jrun.core.seccomp.SeccompSteps;
import io.jrun.core.state.StateStore;
import io.jrun.core.terminal.ConsoleSocket;
import io.jrun.core.terminal.TerminalProxy;
import io.jrun.core.terminal.Terminals;
import io.jrun.spec.Process;
import io.jrun.spec.SpecException;
import io.jrun.spec.SpecValidator;
import io.jrun.sys.Native;

import java.nio.file.Path;
import java.util.List;

/**
 * The exec operation: a new process in a running (or created) container, in all its namespaces
 * and its cgroup, with the attributes of its process document. The container's lock is held
 * while the process is made, not while it runs.
 */
final class Exec {
    private final ChildStage stage;

    Exec(ChildStage stage) {
        this.stage = stage;
    }

    /** A started exec'd process: our child (for the foreground to wait on) and its terminal. */
    record Started(int pid, int terminal) {}

    Started start(StateStore.Handle h, ExecOptions o) {
        Container c = Container.load(h);
        Status status = c.status();
        if (status == Status.STOPPED) {
            throw new JrunException("cannot exec in a stopped container");
        }
        if (status == Status.PAUSED && !o.ignorePaused()) {
            throw new JrunException("cannot exec in a paused container (use --ignore-paused to override)");
        }
        Process process = o.resolve(c.spec().process());
        List<io.jrun.spec.ValidationError> errors = SpecValidator.validateProcess(process);
        if (!errors.isEmpty()) {
            throw new JrunException(new SpecException("process", errors).getMessage());
        }
        if (process.apparmorProfile() != null && !process.apparmorProfile().isEmpty()) {
            throw new JrunException("--apparmor: AppArmor is not supported by jrun");
        }
        if (process.selinuxLabel() != null && !process.selinuxLabel().isEmpty()) {
            throw new JrunException("--process-label: SELinux is not supported by jrun");
        }
        if (process.terminal() && o.detach() && o.consoleSocket() == null) {
            throw new JrunException("cannot allocate tty if jrun will detach without setting console socket");
        }
        if (!process.terminal() && o.consoleSocket() != null) {
            throw new JrunException("cannot use console socket if jrun will not detach or allocate tty");
        }
        int initPid = c.record().pid();
        int terminalFd = process.terminal() ? Fds.scratch(0) : -1;
        // exec'd processes get the container's profile, as runc's do
        var linux = c.spec().linux();
        SeccompCompiler.Compiled seccomp = linux == null || linux.seccomp() == null ? null : SeccompCompiler.compile(linux.seccomp());
        int seccompFd = seccomp != null && seccomp.hasListener() ? Fds.scratch(1) : -1;
        var program = ExecProcessProgram.build(new ExecProcessProgram.Config(JoinNamespaces.of(initPid), process,
                o.preserveFds(), terminalFd, Procfs.capLastCap(), seccomp, seccompFd));
        int cgroupFd = cgroupFd(c, o.cgroup());
        int terminal = -1;
        ChildProcess child;
        try {
            child = stage.start(program, new ChildStage.Clone(0, cgroupFd));
        } finally {
            Native.libc().close(cgroupFd);
        }
        try (child) {
            if (process.terminal()) {
                child.await(TerminalSteps.TERMINAL);
                terminal = Terminals.take(child, terminalFd);
                if (o.consoleSocket() != null) {
                    try {
                        ConsoleSocket.send(o.consoleSocket(), Terminals.name(child.pid()), terminal);
                    } finally {
                        Native.libc().close(terminal);
                        terminal = -1;
                    }
                }
                child.proceed();
            }
            if (seccompFd >= 0) {
                child.await(SeccompSteps.LISTENER);
                SeccompListener.send(child.pidfd(), seccompFd, Path.of(seccomp.listenerPath()), seccomp.listenerMetadata(),
                        c.ociStateJson(status), child.pid());
                child.proceed();
            }
            child.awaitExec();
            if (o.pidFile() != null) {
                Create.writePidFile(o.pidFile(), child.pid());
            }
            return new Started(child.pid(), terminal);
        } catch (ChildFailure e) {
            if (terminal >= 0) {
                Native.libc().close(terminal);
            }
            child.kill();
            throw new JrunException(e.getMessage(), e);
        }
    }

    private static int cgroupFd(Container c, String sub) {
        var cgroup = c.cgroup();
        Path dir = cgroup.path();
        if (sub != null && !sub.isEmpty()) {
            Path p = dir.resolve(sub.startsWith("/") ? sub.substring(1) : sub).normalize();
            if (!p.startsWith(dir)) {
                throw new JrunException("--cgroup " + sub + ": not inside the container's cgroup " + dir);
            }
            dir = p;
        }
        int fd = Native.libc().open(dir.toString(), io.jrun.sys.FileFlags.O_PATH | io.jrun.sys.FileFlags.O_DIRECTORY
                | io.jrun.sys.FileFlags.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new JrunException("open the cgroup " + dir + ": " + io.jrun.sys.Errno.message(Native.errno()));
        }
        return fd;
    }

    /** The foreground: signals forwarded, the terminal proxied, the exit status returned. */
    static int waitInForeground(Started s, Lifecycle.Waiter waiter) {
        TerminalProxy tty = s.terminal() >= 0 ? new TerminalProxy(s.terminal()) : null;
        List<Runnable> restore = SignalForwarder.forward(s.pid(), tty == null);
        try {
            if (tty != null) {
                tty.start();
            }
            int status = waiter.waitFor(s.pid());
            if (tty != null) {
                tty.close();
            }
            return status;
        } finally {
            restore.forEach(Runnable::run);
        }
    }
}
