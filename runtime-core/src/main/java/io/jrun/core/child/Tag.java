package io.jrun.core.child;

import java.util.Objects;

/**
 * Which logical step of a program an {@link Insn} belongs to, as data: what tests look
 * instructions up by, where {@link Insn#step()} is prose for an error message and may be
 * reworded. One step is often several instructions (open, mount, close), which share its tag.
 *
 * <p>The interpreter never reads a tag: it stays in the parent's {@link ChildProgram} and is
 * not part of the {@link ProgramImage} the child runs. The vocabulary is the programs' (most of
 * it {@code io.jrun.core.program}'s); it lives here, beside {@link Insn}, because everything
 * that emits instructions reaches this package already (the programs, the seccomp steps,
 * {@link CloneStage}'s prologue), and a home in the programs' package would make this package
 * and the seccomp one depend on it.
 *
 * @param subject what the step acts on, as the config has it, unbounded and unquoted (see
 *                {@link Op}); "" when there is nothing to tell steps of one op apart
 */
public record Tag(Op op, String subject) {
    /** What an instruction built without a {@link ProgramBuilder#tag} carries. */
    public static final Tag NONE = new Tag(Op.NONE, "");

    public Tag {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(subject, "subject");
    }

    /**
     * The kinds of step the programs are made of, roughly in the order an init takes them. A
     * subject is a path where the step has one (a namespace file, a mount's destination, a
     * masked path, a PATH candidate; the rootfs on the host for BIND_ROOTFS, PIVOT_ROOT and
     * CHROOT), else the name or number the config gives (a hostname, an rlimit's type, a
     * capability, a uid, an fd, the program for EXEC), else "".
     */
    public enum Op {
        /** Not tagged: hand-built programs (tests, the dry run). */
        NONE,

        // the child's prologue (CloneStage), before any program
        REPORT_PROGRESS, CLOSE_PARENT_FDS, RESET_SIGNALS, NOT_DUMPABLE,

        // namespaces (UNSHARE: the types it creates, "ipc,uts,mount") and what is set in them
        ASK_CGROUP, WAIT_CGROUP, OPEN_NAMESPACE, JOIN_NAMESPACE, UNSHARE, ASK_ID_MAPS, WAIT_ID_MAPS, BECOME_ROOT,
        CLONE_PID_NAMESPACE, NEW_SESSION, LOOPBACK, TIME_OFFSETS, SESSION_KEYRING, HOSTNAME, DOMAINNAME,

        // the root filesystem
        ISOLATE_MOUNTS, BIND_ROOTFS, UMASK, MOUNT, CREATE_DEVICE, DEV_LINKS, MAKE_CWD, ASK_HOOKS, WAIT_HOOKS,
        TAKE_HOST_NULL, PIVOT_ROOT, CHROOT, ROOTFS_PROPAGATION, REMOUNT_ROOT_READONLY, SYSCTL, READONLY_PATH, MASK,

        // process.terminal
        OPEN_PTY, TERMINAL_SIZE, MOVE_PTY_MASTER, SET_TERMINAL, CONSOLE, HAND_OVER_PTY_MASTER,
        WAIT_PTY_MASTER_TAKEN,

        // the process's attributes (a hook's: STDIO, CLOSE_ON_EXEC, CWD)
        APPARMOR, OOM_SCORE_ADJ, RLIMIT, DROP_BOUNDING, CWD, SET_GROUPS, SET_GID, SET_UID, CAPABILITIES, AMBIENT,
        NO_NEW_PRIVS, CHECK_CWD, CLOSE_ON_EXEC, PRESERVE_FD, STDIO,

        // finding the program in PATH (NOT_FOUND: its name)
        LOOKUP, CHECK_EXECUTABLE, NOT_FOUND,

        // the exec fifo, seccomp, the sync with `create`, the exec
        PROBE_FIFO, KEEP_FIFO_OPEN, LOAD_SECCOMP, HAND_OVER_LISTENER, WAIT_LISTENER_PASSED, RELEASE_SYS_ADMIN,
        REPORT_CREATED, WAIT_RECORDED, EXEC_WAITER, OPEN_FIFO, WRITE_FIFO, EXEC, EXIT
    }
}
