package io.jrun.core.lifecycle;

import io.jrun.api.ExecOptions;
import io.jrun.api.JrunException;
import io.jrun.api.Status;
import io.jrun.core.cgroups.Cgroup;
import io.jrun.core.cgroups.CgroupRef;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.V1Cgroup;
import io.jrun.core.cgroups.V1CgroupRef;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exec operation: a new process in a running (or created) container, in all its namespaces
 * and its cgroup, with the attributes of its process document. The container's lock is held
 * while the process is made, not while it runs.
 */
final class Exec {
    private final ChildStage stage;
    private final HostKernel kernel;
    private final CgroupManagers cgroups;

    Exec(ChildStage stage, HostKernel kernel, CgroupManagers cgroups) {
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
     * cgroup would freeze before its first step and look hung; and always on cgroup v1, which
     * has no CLONE_INTO_CGROUP).
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
        ContainerCgroup target = target(c.cgroup(), o.cgroup());
        boolean move = frozen || target instanceof V1Cgroup;
        var program = ExecProgram.build(new ExecProgram.Config(JoinNamespaces.of(initPid), process,
                o.preserveFds(), terminalFd, Procfs.capLastCap(), seccomp, seccompFd, move, o.detach()));
        int cgroupFd = move ? -1 : openCgroup(((Cgroup) target).path());
        ChildProcess child;
        try {
            child = stage.start(program, new ChildStage.Clone(0, cgroupFd));
        } finally {
            if (cgroupFd >= 0) {
                kernel.close(cgroupFd);
            }
        }
        if (move) {
            try {
                // when paused, frozen with the container from here on, until `resume`
                child.await(SyncProtocol.CGROUP);
                target.addProcess(child.pid());
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
    private ContainerCgroup target(ContainerCgroup cgroup, String sub) {
        if (cgroup instanceof V1Cgroup v1) {
            return sub == null || sub.isEmpty() ? v1 : v1Sub(v1, sub);
        }
        Cgroup v2 = (Cgroup) cgroup;
        Path dir = subDir(v2.path(), sub);
        return dir.equals(v2.path()) ? v2 : cgroups.v2().open(new CgroupRef(dir.toString(), 0));
    }

    /**
     * On cgroup v1, `--cgroup PATH` names the sub-cgroup in every hierarchy, as runc 1.1 takes a
     * plain path; it must exist in each (joining name=systemd's and the hybrid host's v2 one is
     * best effort, as for the container's own). runc's "controller:path" pairs are refused.
     */
    private ContainerCgroup v1Sub(V1Cgroup v1, String sub) {
        if (sub.contains(":")) {
            throw new JrunException("--cgroup " + Quote.value(sub) + ": \"controller:path\" pairs are not supported;"
                    + " give a path, which names the sub-cgroup in every cgroup v1 hierarchy");
        }
        V1CgroupRef ref = v1.ref();
        Map<String, CgroupRef> subsystems = new LinkedHashMap<>();
        ref.subsystems().forEach((s, r) -> subsystems.put(s, new CgroupRef(subDir(Path.of(r.path()), sub).toString(), 0)));
        CgroupRef unified = ref.unified() == null ? null
                : new CgroupRef(subDir(Path.of(ref.unified().path()), sub).toString(), 0);
        V1Cgroup target = cgroups.v1().open(new V1CgroupRef(subsystems, unified));
        for (Map.Entry<String, CgroupRef> e : subsystems.entrySet()) {
            if (!e.getKey().startsWith("name=") && !Files.isDirectory(Path.of(e.getValue().path()))) {
                throw new JrunException("--cgroup " + Quote.value(sub) + ": no such cgroup in the " + e.getKey()
                        + " hierarchy: " + e.getValue().path());
            }
        }
        return target;
    }

    private static Path subDir(Path dir, String sub) {
        if (sub == null || sub.isEmpty()) {
            return dir;
        }
        Path p = dir.resolve(sub.startsWith("/") ? sub.substring(1) : sub).normalize();
        if (!p.startsWith(dir)) {
            throw new JrunException("--cgroup " + Quote.value(sub) + ": not inside the container's cgroup " + dir);
        }
        return p;
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
