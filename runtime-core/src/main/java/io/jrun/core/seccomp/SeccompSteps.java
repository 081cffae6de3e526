package io.jrun.core.seccomp;

import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildOps;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Reg;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.child.Tag;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Sys;

import static io.jrun.core.child.Arg.imm;

/**
 * The child's part of linux.seccomp: load the compiled filter with seccomp(2). Every syscall
 * after it, the child's own last steps included, goes through the filter, so it is loaded
 * last: after the user, capabilities, cwd, fds and the PATH lookup, so that nothing jrun does
 * depends on a syscall the profile may deny (a profile without close_range or faccessat2 is
 * common). What follows is only the sync with the parent, the exec fifo (for the init) and
 * execve, as in runc. Without no_new_privs loading a filter needs CAP_SYS_ADMIN: the
 * capability sets keep it until the filter is in, and drop it right after (capset).
 *
 * <p>With SCMP_ACT_NOTIFY rules, seccomp(2) returns the listener, the fd a seccomp agent
 * answers the notifications on. The child moves it to {@code listenerFd}, a number the parent
 * chose, says {@link SyncProtocol#LISTENER} and waits. At that sync point the parent:
 * <ol>
 *   <li>takes the listener with {@code pidfd_getfd(pidfd, listenerFd, 0)};</li>
 *   <li>connects to linux.seccomp.listenerPath (AF_UNIX, SOCK_STREAM) and sends, in one
 *       sendmsg(2), the container process state (runtime-spec runtime.md: {@code ociVersion},
 *       {@code fds: ["seccompFd"]}, {@code pid}, {@code metadata} = listenerMetadata, {@code state})
 *       as the data and the listener as SCM_RIGHTS;</li>
 *   <li>closes its copies and lets the child go ({@link io.jrun.core.child.ChildProcess#proceed}).</li>
 * </ol>
 * {@link SeccompListener#send} does all of it. Until then the child must not make a syscall the
 * agent would have to answer: the compiler refuses SCMP_ACT_NOTIFY for write and dup3, the calls
 * made before the parent has the listener (as runc refuses it for write).
 */
public final class SeccompSteps {
    private SeccompSteps() {}

    /**
     * @param listenerFd where the listener waits for the parent: a number the child does not
     *                   use (see {@link io.jrun.core.host.Fds#scratch}); unused without NOTIFY rules
     * @param parentGone where the child goes when the parent is gone at the sync point
     */
    public static void emit(ProgramBuilder b, SeccompCompiler.Compiled filter, int listenerFd, Label parentGone) {
        String step = "load the seccomp filter (linux.seccomp, " + filter.instructions() + " BPF instructions)";
        Arg.Fprog program = new Arg.Fprog("linux.seccomp", filter.program());
        b.tag(Tag.Op.LOAD_SECCOMP);
        if (!filter.hasListener()) {
            b.syscall(step, Sys.SECCOMP, imm(Seccomp.SET_MODE_FILTER), imm(filter.flags()), program);
            return;
        }
        Reg listener = b.reg("seccomp listener");
        b.syscall(step, Sys.SECCOMP, imm(Seccomp.SET_MODE_FILTER), imm(filter.flags()), program).into(listener);
        // The listener is close-on-exec already; the copy is too. EINVAL: it is there already.
        b.tag(Tag.Op.HAND_OVER_LISTENER);
        b.syscall("move the seccomp listener to fd " + listenerFd, Sys.DUP3, listener, imm(listenerFd),
                imm(FileFlags.O_CLOEXEC)).ignore(Errno.EINVAL);
        ChildOps.notifyParent(b, SyncProtocol.LISTENER, "hand the seccomp listener over");
        b.tag(Tag.Op.WAIT_LISTENER_PASSED);
        ChildOps.waitForParent(b, "wait for the parent to pass the seccomp listener on", parentGone);
        b.syscall("close the seccomp listener", Sys.CLOSE, imm(listenerFd));
    }
}
