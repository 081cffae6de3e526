package io.jrun.core.program;

import io.jrun.api.CreateOptions;
import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildOps;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Reg;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.child.Tag.Op;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.core.seccomp.SeccompSteps;
import io.jrun.spec.Linux;
import io.jrun.spec.LinuxTimeOffset;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import io.jrun.spec.Spec;
import io.jrun.sys.CloneFlags;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Sys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jrun.core.child.Arg.imm;
import static io.jrun.core.program.Steps.str;

/**
 * The program of a container's init process, from clone to execve, and the sync points
 * ({@link SyncProtocol}) the parent takes part in, in this order:
 * <ol>
 *   <li>{@link SyncProtocol#CGROUP}: on cgroup v1 only, first: the parent moves the process into the
 *       container's cgroups (there is no CLONE_INTO_CGROUP);</li>
 *   <li>{@link SyncProtocol#MAPS}: a new user namespace exists; the parent writes its uid and gid maps;</li>
 *   <li>{@link SyncProtocol#HOOKS}: namespaces and mounts are there, the root not yet pivoted; the parent
 *       runs the prestart, createRuntime and createContainer hooks (only if there are any);</li>
 *   <li>{@link SyncProtocol#TERMINAL}: with process.terminal, the pty master is ready for the
 *       parent to take (to send it to the console socket, or to be the terminal itself);</li>
 *   <li>{@link SyncProtocol#LISTENER}: with a seccomp notify listener, it is ready for the
 *       parent to pass on to linux.seccomp.listenerPath;</li>
 *   <li>{@link SyncProtocol#READY}: all of the config is applied; the parent records the container and
 *       lets the process go on, which then blocks opening the exec fifo for writing until
 *       `start` opens it for reading, writes one byte and execs. A process whose parent died
 *       before it was recorded exits at this sync point.</li>
 * </ol>
 */
public final class InitProgram {
    /**
     * What the program is built from.
     *
     * @param rootfs      root.path, absolute, symlinks resolved
     * @param cgroupDir   the container's cgroup v2 directory on the host (on a hybrid host with
     *                    v1 cgroups, its directory in the unified hierarchy), or null
     * @param execFifoFd  an O_PATH fd (in this JVM, so in the child) of the exec fifo
     * @param capLastCap  the highest capability the kernel knows (/proc/sys/kernel/cap_last_cap)
     * @param hooks       whether the parent runs hooks before pivot_root (a sync point then)
     * @param terminalFd  with process.terminal, where the child leaves the pty master for the
     *                    parent (see {@link TerminalSteps}); else -1
     * @param seccomp     the compiled linux.seccomp, or null
     * @param seccompFd   with a seccomp listener, where the child leaves it for the parent; else -1
     * @param waiterFd    jrun-init's memfd ({@link InitWaiter}), which the init execs into to wait
     *                    for `start`; -1: it waits as it is
     * @param moveIntoCgroup the init is cloned outside the container's cgroup (cgroup v1 has no
     *                    CLONE_INTO_CGROUP) and waits at {@link SyncProtocol#CGROUP}, before anything
     *                    else, for the parent to move it in
     */
    public record Config(String id, Spec spec, Path bundle, Path rootfs, Path cgroupDir,
                         CreateOptions options, int execFifoFd, int capLastCap, boolean hooks, int terminalFd,
                         SeccompCompiler.Compiled seccomp, int seccompFd, int waiterFd, boolean moveIntoCgroup) {
        /** An init cloned straight into its cgroup (cgroup v2). */
        public Config(String id, Spec spec, Path bundle, Path rootfs, Path cgroupDir,
                      CreateOptions options, int execFifoFd, int capLastCap, boolean hooks, int terminalFd,
                      SeccompCompiler.Compiled seccomp, int seccompFd, int waiterFd) {
            this(id, spec, bundle, rootfs, cgroupDir, options, execFifoFd, capLastCap, hooks, terminalFd, seccomp,
                    seccompFd, waiterFd, false);
        }
    }

    private final ChildProgram program;
    private final NamespacePlan namespaces;

    private InitProgram(ChildProgram program, NamespacePlan namespaces) {
        this.program = program;
        this.namespaces = namespaces;
    }

    public ChildProgram program() {
        return program;
    }

    public NamespacePlan namespaces() {
        return namespaces;
    }

    public static InitProgram build(Config c) {
        Spec spec = c.spec();
        Linux linux = spec.linux();
        Process process = spec.process();
        NamespacePlan ns = NamespacePlan.of(linux);
        ProgramBuilder b = new ProgramBuilder();
        Steps s = new Steps(b);
        Label parentGone = b.label("parent gone");
        Label intermediateDone = b.label("intermediate done");

        if (c.moveIntoCgroup()) {
            // First: before it joins or makes any namespace (the cgroup namespace above all, whose
            // root is the cgroup the process is in when it is made), and before the second clone,
            // whose process starts in the cgroup this one is in.
            b.tag(Op.ASK_CGROUP);
            ChildOps.notifyParent(b, SyncProtocol.CGROUP, "wait to be moved into the container's cgroup");
            b.tag(Op.WAIT_CGROUP);
            ChildOps.waitForParent(b, "wait to be moved into the container's cgroup", parentGone);
        }
        if (!ns.joins().isEmpty()) {
            // Open every namespace file first: after a setns(2) of the mount namespace the
            // paths would resolve elsewhere.
            List<Reg> fds = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (NamespacePlan.Join j : ns.joins()) {
                Reg r = b.reg("ns " + j.type());
                shown.add(j.type() + " namespace " + Quote.bare(j.path()));
                b.tag(Op.OPEN_NAMESPACE, j.path());
                b.syscall("open " + shown.getLast(), Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(j.path()),
                        imm(FileFlags.O_RDONLY | FileFlags.O_CLOEXEC), imm(0)).into(r);
                fds.add(r);
            }
            for (int i = 0; i < fds.size(); i++) {
                NamespacePlan.Join j = ns.joins().get(i);
                b.tag(Op.JOIN_NAMESPACE, j.path());
                // setns checks the file's type against the flag: EINVAL when it is another kind
                b.syscall("join " + shown.get(i), Sys.SETNS, fds.get(i), imm(j.flag()));
                s.close(fds.get(i));
            }
            if (ns.newUser()) {
                b.tag(Op.UNSHARE, NamespacePlan.types(CloneFlags.CLONE_NEWUSER));
                b.syscall("create the user namespace", Sys.UNSHARE, imm(CloneFlags.CLONE_NEWUSER));
            }
        }
        if (ns.newUser()) {
            b.tag(Op.ASK_ID_MAPS);
            ChildOps.notifyParent(b, SyncProtocol.MAPS, "ask for the uid and gid maps");
            b.tag(Op.WAIT_ID_MAPS);
            ChildOps.waitForParent(b, "wait for the uid and gid maps", parentGone);
            // Still the host's root (kuid 0), which the new namespace does not map: become its
            // root, or files made from here on would have no owner (EOVERFLOW).
            b.tag(Op.BECOME_ROOT);
            b.syscall("become gid 0 in the user namespace", Sys.SETRESGID, imm(0), imm(0), imm(0));
            b.syscall("become uid 0 in the user namespace", Sys.SETRESUID, imm(0), imm(0), imm(0));
        }
        if (ns.unshareFlags() != 0) {
            b.tag(Op.UNSHARE, NamespacePlan.types(ns.unshareFlags()));
            b.syscall("create namespaces (0x" + Long.toHexString(ns.unshareFlags()) + ")", Sys.UNSHARE, imm(ns.unshareFlags()));
        }
        if (ns.secondClone()) {
            // The new process is pid 1 of the new pid namespace (or joins the joined one) and a
            // child of jrun's; this one exits.
            b.tag(Op.CLONE_PID_NAMESPACE);
            b.syscall("create the process in the pid namespace", Sys.CLONE3, new Arg.CloneArgs(ns.secondCloneFlags()),
                    imm(CloneFlags.CLONE_ARGS_SIZE)).ifNonZero(intermediateDone);
        }
        b.tag(Op.NEW_SESSION);
        b.syscall("create a new session", Sys.SETSID);
        NetworkSteps.loopbackUp(s, spec);
        if (ns.newCgroup()) {
            b.tag(Op.UNSHARE, NamespacePlan.types(CloneFlags.CLONE_NEWCGROUP));
            b.syscall("create the cgroup namespace", Sys.UNSHARE, imm(CloneFlags.CLONE_NEWCGROUP));
        }
        if (ns.newTime()) {
            timeNamespace(s, linux.timeOffsets());
        }
        if (!c.options().noNewKeyring()) {
            // KEYCTL_JOIN_SESSION_KEYRING: the container does not share the caller's keys
            b.tag(Op.SESSION_KEYRING, c.id());
            b.syscall("join a new session keyring", Sys.KEYCTL, imm(1), str(c.id()))
                    .ignore(Errno.ENOSYS).ignore(Errno.EACCES);
        }
        if (spec.hostname() != null) {
            byte[] name = spec.hostname().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            b.tag(Op.HOSTNAME, spec.hostname());
            b.syscall("set hostname " + Quote.bare(spec.hostname()), Sys.SETHOSTNAME, new Arg.Bytes("hostname", name), imm(name.length));
        }
        if (spec.domainname() != null) {
            byte[] name = spec.domainname().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            b.tag(Op.DOMAINNAME, spec.domainname());
            b.syscall("set domainname " + Quote.bare(spec.domainname()), Sys.SETDOMAINNAME, new Arg.Bytes("domainname", name), imm(name.length));
        }
        RootfsSteps.Plan rootfs = null;
        if (ns.newMount()) {
            rootfs = new RootfsSteps.Plan(c.rootfs(), c.bundle(), spec.mountsOrEmpty(),
                    linux == null ? List.of() : linux.devicesOrEmpty(), ns.anyUser(),
                    RootfsSteps.rootfsPropagation(linux == null ? null : linux.rootfsPropagation()),
                    spec.root() != null && spec.root().readonly(), c.options().noPivot(),
                    linux == null ? List.of() : linux.maskedPathsOrEmpty(),
                    linux == null ? List.of() : linux.readonlyPathsOrEmpty(),
                    linux == null || linux.sysctl() == null ? Map.of() : new TreeMap<>(linux.sysctl()),
                    process.cwd(), c.cgroupDir());
            RootfsSteps.beforeHooks(s, rootfs);
        }
        if (c.hooks()) {
            b.tag(Op.ASK_HOOKS);
            ChildOps.notifyParent(b, SyncProtocol.HOOKS, "ask for the createRuntime and createContainer hooks");
            b.tag(Op.WAIT_HOOKS);
            ChildOps.waitForParent(b, "wait for the hooks", parentGone);
        }
        if (rootfs != null) {
            RootfsSteps.afterHooks(s, rootfs, parentGone);
        }
        if (process.terminal()) {
            var user = process.userOrRoot();
            TerminalSteps.emit(s, process.consoleSize(), c.terminalFd(), true, user.uid(), user.gid(), parentGone);
        }
        boolean waiter = c.waiterFd() >= 0;
        ProcessSteps.privileged(s, process, c.capLastCap(), !waiter);
        boolean holdSysAdmin = ProcessSteps.holdsSysAdminForSeccomp(process, c.seccomp() != null);
        ProcessSteps.user(s, process, holdSysAdmin);
        ProcessSteps.fds(s, c.options().preserveFds());
        Reg path = b.reg("path");
        if (waiter) {
            // jrun-init FIFO-FD APPARMOR-PROFILE PROGRAM ARGV...: one argv per PATH entry, the
            // branch of the entry that holds the program sets it
            List<String> head = List.of("jrun-init", Integer.toString(c.execFifoFd()),
                    process.apparmorProfile() == null ? "" : process.apparmorProfile());
            ProcessSteps.lookPath(s, process, new SetWaiterArgv(b, path, head, process.argsOrEmpty()));
        } else {
            ProcessSteps.lookPath(s, process, path);
        }
        // The open below blocks until `start`, when nobody hears of its failure any more:
        // try it without blocking first (ENXIO: allowed, no reader yet).
        b.inherit(c.execFifoFd());
        Label probed = b.label("probed");
        b.tag(Op.PROBE_FIFO, "/proc/self/fd/" + c.execFifoFd());
        b.syscall("open the exec fifo /proc/self/fd/" + c.execFifoFd(), Sys.OPENAT, imm(FileFlags.AT_FDCWD),
                str("/proc/self/fd/" + c.execFifoFd()), imm(FileFlags.O_WRONLY | FileFlags.O_NONBLOCK | FileFlags.O_CLOEXEC),
                imm(0)).into(s.scratch).onErrno(io.jrun.sys.Errno.ENXIO, probed);
        s.close(s.scratch);
        b.bind(probed);
        if (waiter) {
            // jrun-init needs the fifo's fd across its exec; before the filter, which may deny fcntl
            b.tag(Op.KEEP_FIFO_OPEN, Integer.toString(c.execFifoFd()));
            b.syscall("keep the exec fifo's fd open across the exec of jrun-init", Sys.FCNTL, imm(c.execFifoFd()),
                    imm(FileFlags.F_SETFD), imm(0));
        }
        if (c.seccomp() != null) {
            // Last, so that nothing jrun does depends on a syscall the profile may deny: after
            // it only the sync with `create`, the exec fifo's open and write, and execve (as in
            // runc, the init waits for `start` under the filter).
            SeccompSteps.emit(b, c.seccomp(), c.seccompFd(), parentGone);
            if (holdSysAdmin) {
                ProcessSteps.releaseSysAdmin(s, process);
            }
        }
        b.tag(Op.REPORT_CREATED);
        ChildOps.notifyParent(b, SyncProtocol.READY, "report the container created");
        // The init lives on only once `create` has recorded it: if create dies before, the
        // channel's end of file ends the init here, and nothing of it is left unrecorded.
        b.tag(Op.WAIT_RECORDED);
        ChildOps.waitForParent(b, "wait for create to record the container", parentGone);
        String program = Quote.bare(process.argsOrEmpty().getFirst());
        if (waiter) {
            // The JVM's memory goes with this exec: jrun-init waits for `start` (see InitWaiter).
            // Create sees the channel close on this exec.
            b.inherit(c.waiterFd());
            Label byFd = b.label("jrun-init by fd");
            b.tag(Op.EXEC_WAITER, process.argsOrEmpty().getFirst());
            b.syscall("exec jrun-init to wait for start (for " + program + ")", Sys.EXECVE,
                    str("/proc/self/fd/" + c.waiterFd()), path, new Arg.StrArray(process.envOrEmpty()))
                    .onErrno(io.jrun.sys.Errno.ENOENT, byFd);
            b.bind(byFd);
            // no /proc in the container: by the fd itself (execveat, which a profile may deny
            // where it allows execve, hence second)
            b.syscall("exec jrun-init to wait for start (for " + program + ")", Sys.EXECVEAT, imm(c.waiterFd()),
                    str(""), path, new Arg.StrArray(process.envOrEmpty()), imm(FileFlags.AT_EMPTY_PATH));
        } else {
            // Blocks until `start` opens the fifo for reading. From here on failures go to `start`
            // through the fifo: the `create` that cloned this process is gone.
            b.tag(Op.OPEN_FIFO, "/proc/self/fd/" + c.execFifoFd());
            b.syscall("open the exec fifo", Sys.OPENAT, imm(FileFlags.AT_FDCWD), str("/proc/self/fd/" + c.execFifoFd()),
                    imm(FileFlags.O_WRONLY | FileFlags.O_CLOEXEC), imm(0)).into(Reg.REPORT);
            b.tag(Op.WRITE_FIFO, "/proc/self/fd/" + c.execFifoFd());
            b.syscall("write to the exec fifo", Sys.WRITE, Reg.REPORT, new Arg.Bytes("'0'", new byte[] {SyncProtocol.STARTED}), imm(1));
            b.tag(Op.EXEC, process.argsOrEmpty().getFirst());
            b.syscall("exec " + program, Sys.EXECVE, path, new Arg.StrArray(process.argsOrEmpty()),
                    new Arg.StrArray(process.envOrEmpty()));
        }
        b.tag(Op.EXIT);
        b.exit(255);
        b.bind(intermediateDone);
        b.exit(0);
        b.bind(parentGone);
        b.exit(1);
        return new InitProgram(b.build(), ns);
    }

    /** unshare(CLONE_NEWTIME), the offsets, then into it: offsets are writable only before anyone is in it. */
    private static void timeNamespace(Steps s, Map<String, LinuxTimeOffset> offsets) {
        var b = s.b;
        b.tag(Op.UNSHARE, NamespacePlan.types(CloneFlags.CLONE_NEWTIME));
        b.syscall("create the time namespace", Sys.UNSHARE, imm(CloneFlags.CLONE_NEWTIME));
        if (offsets != null && !offsets.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (var e : new TreeMap<>(offsets).entrySet()) {
                text.append(e.getKey()).append(' ').append(e.getValue().secs()).append(' ')
                        .append(e.getValue().nanosecs()).append('\n');
            }
            b.tag(Op.TIME_OFFSETS, "/proc/self/timens_offsets");
            s.writeFile("/proc/self/timens_offsets", text.toString(), "set linux.timeOffsets (/proc/self/timens_offsets)");
        }
        Reg fd = b.reg("timens");
        b.tag(Op.OPEN_NAMESPACE, "/proc/self/ns/time_for_children");
        b.syscall("open the new time namespace", Sys.OPENAT, imm(FileFlags.AT_FDCWD), str("/proc/self/ns/time_for_children"),
                imm(FileFlags.O_RDONLY | FileFlags.O_CLOEXEC), imm(0)).into(fd);
        b.tag(Op.JOIN_NAMESPACE, "/proc/self/ns/time_for_children");
        b.syscall("enter the time namespace", Sys.SETNS, fd, imm(CloneFlags.CLONE_NEWTIME));
        s.close(fd);
    }

    /**
     * Sets a register to jrun-init's argv for the program found (a class, not a lambda: see
     * ProcessSteps.SetPath).
     */
    private record SetWaiterArgv(ProgramBuilder b, Reg path, List<String> head, List<String> args)
            implements java.util.function.Consumer<String> {
        @Override
        public void accept(String candidate) {
            List<String> argv = new ArrayList<>(head);
            argv.add(candidate);
            argv.addAll(args);
            b.set(path, new Arg.StrArray(argv));
        }
    }
}
