package io.jrun.core.program;

import io.jrun.core.child.ChildOps;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Reg;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.child.Tag.Op;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.core.seccomp.SeccompSteps;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import io.jrun.sys.Sys;


/**
 * The program of a process `exec` starts in a running container: the container's namespaces
 * (a second clone puts it in the container's pid namespace), then the process document's
 * attributes as for the container's own process, then execve.
 */
public final class ExecProgram {
    private ExecProgram() {}

    /**
     * @param moveIntoCgroup the child waits at {@link SyncProtocol#CGROUP} before anything else
     * @param detach     nobody waits for the process (exec --detach): it is not left jrun's child
     * @param terminalFd with process.terminal, where the child leaves the pty master, else -1
     * @param seccomp    the container's compiled linux.seccomp, or null
     * @param seccompFd  with a seccomp listener, where the child leaves it, else -1
     */
    public record Config(JoinNamespaces.Target target, Process process, int preserveFds, int terminalFd, int capLastCap,
                         SeccompCompiler.Compiled seccomp, int seccompFd, boolean moveIntoCgroup, boolean detach) {}

    public static ChildProgram build(Config c) {
        ProgramBuilder b = new ProgramBuilder();
        Steps s = new Steps(b);
        Label intermediateDone = b.label("intermediate done");
        Label parentGone = b.label("parent gone");
        Process p = c.process();
        if (c.moveIntoCgroup()) {
            // before the second clone, so that the process that execs starts in the cgroup
            b.tag(Op.ASK_CGROUP);
            ChildOps.notifyParent(b, SyncProtocol.CGROUP, "wait to be moved into the container's cgroup");
            b.tag(Op.WAIT_CGROUP);
            ChildOps.waitForParent(b, "wait to be moved into the container's cgroup", parentGone);
        }
        JoinNamespaces.emit(b, c.target(), intermediateDone, !c.detach());
        b.tag(Op.NEW_SESSION);
        b.syscall("create a new session", Sys.SETSID);
        if (p.terminal()) {
            var user = p.userOrRoot();
            TerminalSteps.emit(s, p.consoleSize(), c.terminalFd(), false, user.uid(), user.gid(), parentGone);
        }
        ProcessSteps.privileged(s, p, c.capLastCap());
        boolean holdSysAdmin = ProcessSteps.holdsSysAdminForSeccomp(p, c.seccomp() != null);
        ProcessSteps.user(s, p, holdSysAdmin);
        ProcessSteps.fds(s, c.preserveFds());
        Reg path = b.reg("path");
        ProcessSteps.lookPath(s, p, path);
        if (c.seccomp() != null) {
            // last: nothing jrun does after it but execve (see InitProgram)
            SeccompSteps.emit(b, c.seccomp(), c.seccompFd(), parentGone);
            if (holdSysAdmin) {
                ProcessSteps.releaseSysAdmin(s, p);
            }
        }
        b.tag(Op.EXEC, p.argsOrEmpty().getFirst());
        b.syscall("exec " + Quote.bare(p.argsOrEmpty().getFirst()), Sys.EXECVE, path, new io.jrun.core.child.Arg.StrArray(p.argsOrEmpty()),
                new io.jrun.core.child.Arg.StrArray(p.envOrEmpty()));
        b.tag(Op.EXIT);
        b.exit(255);
        b.bind(intermediateDone);
        b.exit(0);
        b.bind(parentGone);
        b.exit(1);
        return b.build();
    }
}
