package io.jrun.core.child;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a container process and jrun say to each other before the process execs: single bytes
 * on the sync channel (the socketpair that is {@link Reg#SYNC} in the child), the parent's go,
 * the byte on the exec fifo, and the failure record. The child sends nothing but bytes the
 * parent put in its program before the clone, so the codes are compile-time constants: the
 * child itself ({@link ChildInterpreter}) may use them without loading this class.
 */
public final class SyncProtocol {
    private SyncProtocol() {}

    /**
     * Child to parent, first of all (the prologue {@link CloneStage} puts before every program):
     * the child runs. A clone that never says it hung in the JVM and is cloned again; nothing
     * before it needs undoing.
     */
    public static final char PROGRESS = 'P';

    /**
     * Child to parent, before anything else, from a process cloned outside the container's
     * cgroup: an exec into a paused container (a clone into a frozen cgroup would freeze before
     * its first step), and on cgroup v1, which has no CLONE_INTO_CGROUP, every init and exec.
     * The parent moves it into the container's cgroup.
     */
    public static final char CGROUP = 'C';

    /** Child to parent: a new user namespace exists; the parent writes its uid and gid maps. */
    public static final char MAPS = 'N';

    /**
     * Child to parent: namespaces and mounts are there, the root not yet pivoted; the parent runs
     * the prestart, createRuntime and createContainer hooks. Sent only if there are any.
     */
    public static final char HOOKS = 'H';

    /**
     * Child to parent, with process.terminal: the pty master waits at the fd number the parent
     * chose, for the parent to take with pidfd_getfd(2).
     */
    public static final char TERMINAL = 'T';

    /**
     * Child to parent, with a seccomp notify listener: it waits at the fd number the parent
     * chose, for the parent to take and pass on to linux.seccomp.listenerPath.
     */
    public static final char LISTENER = 'S';

    /**
     * Child to parent, from the init: all of the config is applied; the parent records the
     * container and lets it go on to wait for `start`.
     */
    public static final char READY = 'R';

    /** Parent to child, after any of the above: go on ({@link ChildProcess#proceed}). */
    public static final char GO = 'G';

    /**
     * Init to `start`, on the exec fifo: `start` opened the fifo and the init execs now. A
     * failure record follows if the exec fails.
     */
    public static final char STARTED = '0';

    /**
     * Child to parent, instead of any of the above: the first byte of a failure record, sent
     * on the report fd ({@link Reg#REPORT}: the sync channel, or the exec fifo once the init
     * waits for `start`) when an instruction fails; then the child exits.
     */
    public static final char FAILURE = 'E';

    /**
     * The failure record: {@link #FAILURE}, the failed instruction's index (a native int), the
     * errno (a native int). The program holds the first {@value #RECORD_HEAD} bytes of every
     * instruction's record, one per {@value #RECORD_STRIDE} bytes; the child writes those, then
     * the errno.
     */
    public static final int RECORD_HEAD = 5;
    public static final int RECORD_STRIDE = 8;
    public static final int ERRNO_SIZE = 4;
    public static final int RECORD_SIZE = RECORD_HEAD + ERRNO_SIZE;

    /** A failure the child reported: which instruction, and the errno it failed with. */
    public record Failure(int index, int errno) {}

    /** The head of instruction {@code index}'s record as the program holds it ({@value #RECORD_STRIDE} bytes). */
    static byte[] recordHead(int index) {
        return ByteBuffer.allocate(RECORD_STRIDE).order(ByteOrder.nativeOrder()).put((byte) FAILURE).putInt(index).array();
    }

    /**
     * The failure record at {@code from} in the first {@code length} bytes of {@code b}, or null
     * if there is none there. A record cut short (a child killed while writing it) has errno 0.
     */
    public static Failure failure(byte[] b, int from, int length) {
        if (length <= from || b[from] != FAILURE) {
            return null;
        }
        byte[] full = new byte[RECORD_SIZE];
        System.arraycopy(b, from, full, 0, Math.min(length - from, RECORD_SIZE));
        ByteBuffer bb = ByteBuffer.wrap(full, 1, RECORD_SIZE - 1).order(ByteOrder.nativeOrder());
        int index = bb.getInt();
        int errno = length - from >= RECORD_SIZE ? bb.getInt() : 0;
        return new Failure(index, errno);
    }
}
