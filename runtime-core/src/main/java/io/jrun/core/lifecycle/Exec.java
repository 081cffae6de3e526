package io.jrun.core.lifecycle;

import io.jrun.api.ExecOptions;
import io.jrun.api.JrunException;
import io.jrun.api.Status;
import io.jrun.core.cgroups.CgroupRef;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.host.AppArmor;
import io.jrun.core.host.Fds;
import io.jrun.core.host.Procfs;
import io.jrun.core.program.ExecProgram;
import io.jrun.core.program.JoinNamespaces;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.core.seccomp.SeccompListener;
import io.jrun.core.state.StateStore;
import io.jrun.core.terminal.ConsoleSocket;
import io.jrun.core.terminal.TerminalProxy;
import io.jrun.core.terminal.Terminals;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import io.jrun.spec.SpecException;
import io.jrun.spec.SpecValidator;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The exec operation: a new process in a running (or created) container, in all its namespaces
 * and its cgroup, with the attributes of its process document. The container's lock is held
 * while the process is made, not while it runs.
 */
final class Exec {
    private final ChildStage stage;
    private final HostKernel kernel;
    private final Supplier<Cgroups> cgroups;

    Exec(ChildStage stage, HostKernel kernel, Supplier<Cgroups> cgroups) {
        this.stage = stage;
        this.kernel = kernel;
        this.cgroups = cgroups;
    }

    /** A started exec'd process: our child (for the foreground to wait on) and its terminal. */
    record Started(int pid, int terminal) {}

    /** A cloned exec child, before its exec: what {@link #finish} needs, without the state lock. */
    record Launch(ChildProcess child, Process process, ExecOptions options, int terminalFd, int seccompFd,
                  SeccompCompiler.Compiled seccomp, String stateJson) {}

    /**
     * Under the container's lock: checks, and clones the child into the container's cgroup (into
     * jrun's own and then moved, when the container is paused: a clone straight into a frozen
     * cgroup would freeze before its first step and look hung).
     */
    Launch launch(StateStore.Handle h, ExecOptions o) {
        Container c = Container.load(h, kernel, cgroups);
        Status status = c.status();
        if (status == Status.STOPPED) {
            throw new JrunException("cannot exec in a stopped container");
        }
        if (status == Status.CREATING) {
            throw new JrunException("cannot exec in a container whose create did not finish; delete it");
        }
        if (status == Status.PAUSED && !o.ignorePaused()) {
            throw new JrunException("cannot exec in a paused container (use --ignore-paused to override)");
        }
        Process process = o.resolve(c.spec().process());
        List<io.jrun.spec.ValidationError> errors = SpecValidator.validateProcess(process);
        if (!errors.isEmpty()) {
            throw new JrunException(new SpecException("process", errors).getMessage());
        }
        AppArmor.check(process.apparmorProfile(), o.apparmor() != null ? "--apparmor" : "process.apparmorProfile");
        if (process.selinuxLabel() != null && !process.selinuxLabel().isEmpty()) {
            throw new JrunException("--process-label: SELinux is not supported by jrun");
        }
        if (process.terminal() && o.detach() && o.consoleSocket() == null) {
            throw new JrunException("cannot allocate tty if jrun will detach without setting console socket");
        }
        if (!process.terminal() && o.consoleSocket() != null) {
            throw new JrunException("cannot use console socket if jrun will not detach or allocate tty");
        }
        Fds.checkPassed("--preserve-fds " + o.preserveFds(), o.preserveFds());
        int initPid = c.record().pid();
        int terminalFd = process.terminal() ? Fds.scratch(0) : -1;
        // exec'd processes get the container's profile, as runc's do
        var linux = c.spec().linux();
        SeccompCompiler.Compiled seccomp = linux == null || linux.seccomp() == null ? null : SeccompCompiler.compile(linux.seccomp());
        int seccompFd = seccomp != null && seccomp.hasListener() ? Fds.scratch(1) : -1;
        boolean frozen = status == Status.PAUSED;
        var program = ExecProgram.build(new ExecProgram.Config(JoinNamespaces.of(initPid), process,
                o.preserveFds(), terminalFd, Procfs.capLastCap(), seccomp, seccompFd, frozen, o.detach()));
        Path cgroupDir = cgroupDir(c, o.cgroup());
        int cgroupFd = frozen ? -1 : openCgroup(cgroupDir);
        ChildProcess child;
        try {
            child = stage.start(program, new ChildStage.Clone(0, cgroupFd));
        } finally {
            if (cgroupFd >= 0) {
                kernel.close(cgroupFd);
            }
        }
        if (frozen) {
            try {
                // frozen with the container from here on, until `resume`
                child.await(SyncProtocol.CGROUP);
                cgroups.get().open(new CgroupRef(cgroupDir.toString(), 0)).addProcess(child.pid());
                child.proceed();
            } catch (RuntimeException e) {
                child.kill();
                child.close();
                throw e;
            }
        }
        return new Launch(child, process, o, terminalFd, seccompFd, seccomp, c.ociStateJson(status));
    }

    /** Without the lock (a paused container's resume must get it): the sync points, then the exec. */
    Started finish(Launch l) {
        ChildProcess child = l.child();
        Process process = l.process();
        ExecOptions o = l.options();
        int terminalFd = l.terminalFd();
        int seccompFd = l.seccompFd();
        var seccomp = l.seccomp();
        int terminal = -1;
        try (child) {
            if (process.terminal()) {
                child.await(SyncProtocol.TERMINAL);
                terminal = Terminals.take(child, terminalFd);
                if (o.consoleSocket() != null) {
                    try {
                        ConsoleSocket.send(o.consoleSocket(), Terminals.name(child.pid()), terminal);
                    } finally {
                        kernel.close(terminal);
                        terminal = -1;
                    }
                }
                child.proceed();
            }
            if (seccompFd >= 0) {
                child.await(SyncProtocol.LISTENER);
                SeccompListener.send(child.pidfd(), seccompFd, Path.of(seccomp.listenerPath()), seccomp.listenerMetadata(),
                        l.stateJson(), child.pid());
                child.proceed();
            }
            child.awaitExec();
            if (o.pidFile() != null) {
                Create.writePidFile(o.pidFile(), child.pid());
            }
            return new Started(child.pid(), terminal);
        } catch (ChildFailure e) {
            if (terminal >= 0) {
                kernel.close(terminal);
            }
            child.kill();
            throw new JrunException(e.getMessage(), e);
        }
    }

    /** The container's cgroup, or the sub-cgroup of it that --cgroup names. */
    private static Path cgroupDir(Container c, String sub) {
        Path dir = c.cgroup().path();
        if (sub != null && !sub.isEmpty()) {
            Path p = dir.resolve(sub.startsWith("/") ? sub.substring(1) : sub).normalize();
            if (!p.startsWith(dir)) {
                throw new JrunException("--cgroup " + Quote.value(sub) + ": not inside the container's cgroup "
                        + dir);
            }
            dir = p;
        }
        return dir;
    }

    private int openCgroup(Path dir) {
        int fd = kernel.open(dir, io.jrun.sys.FileFlags.O_PATH | io.jrun.sys.FileFlags.O_DIRECTORY
                | io.jrun.sys.FileFlags.O_CLOEXEC);
        if (fd < 0) {
            throw new JrunException("open the cgroup " + dir + ": " + io.jrun.sys.Errno.message(-fd));
        }
        return fd;
    }

    /** The foreground: signals forwarded, the terminal proxied, the exit status returned. */
    int waitInForeground(Started s, Lifecycle.Waiter waiter) {
        TerminalProxy tty = s.terminal() >= 0 ? new TerminalProxy(s.terminal()) : null;
        List<Runnable> restore = SignalForwarder.forward(kernel, s.pid(), tty == null);
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
