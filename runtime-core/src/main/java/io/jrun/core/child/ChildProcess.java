package io.jrun.core.child;

/**
 * The parent's handle on a child started by a {@link ChildStage}: its pid and the channel its
 * program talks on. Programs send single bytes at their sync points ({@link ChildOps#notifyParent})
 * and wait for the parent's go ({@link ChildOps#waitForParent}); failures arrive as reports.
 */
public interface ChildProcess extends AutoCloseable {
    /** The pid of the process that runs the rest of the program (after a second clone, the new one). */
    int pid();

    /** A pidfd for {@link #pid()}. */
    int pidfd();

    /**
     * Waits for the program's next sync byte and checks it is {@code expected}.
     *
     * @throws ChildFailure with the failed step and errno when the child reports a failure, or
     *                      when it exits or closes the channel first
     */
    void await(char expected);

    /**
     * Waits until the channel closes: the child exec'd (the channel is close-on-exec).
     *
     * @throws ChildFailure when the child reports a failure (a child killed by a signal before
     *                      its exec cannot report: the caller sees that in its exit status)
     */
    void awaitExec();

    /** Lets a child waiting at a sync point go on. */
    void proceed();

    /** How many clones it took (more than one when a clone hung and was replaced). */
    int attempts();

    /** SIGKILL and, while it is our child, reap it. */
    void kill();

    /** Closes the parent's ends (channel, pidfd); the process itself is left alone. */
    @Override
    void close();
}
