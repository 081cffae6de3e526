package io.jrun.core.child;

/**
 * Creates the processes of containers: clones a child of this JVM and makes it run a
 * {@link ChildProgram} up to execve. Everything that runs in such a child is behind this
 * interface, in this package; the rest of jrun only builds programs and talks to children
 * through {@link ChildProcess}.
 */
public interface ChildStage {
    /**
     * @param namespaces CLONE_NEW* flags of the namespaces the child is created in
     * @param cgroupFd   a directory fd of the cgroup v2 the child starts in, or -1
     */
    record Clone(long namespaces, int cgroupFd) {}

    /**
     * Starts a child that runs {@code program}; returns once the child has shown it runs.
     *
     * @throws ChildFailure when no child could be started
     */
    ChildProcess start(ChildProgram program, Clone clone);
}
