package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import java.util.List;
import java.util.OptionalInt;

/**
 * A container's cgroup as the lifecycle uses it, whichever hierarchy holds it: one directory on
 * cgroup v2 ({@link Cgroup}), one per mounted hierarchy on v1 ({@link V1Cgroup}), as runc's
 * cgroups.Manager hides fs and fs2 behind one interface. Every failure is a {@link
 * CgroupException} naming the file and what was being done.
 */
public sealed interface ContainerCgroup permits Cgroup, V1Cgroup {
    /** Whether the cgroup (on v1, the hierarchy processes are read from) still exists. */
    boolean exists();

    /**
     * An fd of the cgroup for clone3's CLONE_INTO_CGROUP, which the caller closes; empty where
     * the hierarchy has no such thing (v1), and the process is moved in with {@link #addProcess}
     * before it runs anything of the container's.
     */
    OptionalInt openFd();

    /** Applies merged resources (`update`), all validated before any is written. */
    void update(CgroupConfig config);

    /** The processes directly in the cgroup. */
    List<Integer> pids();

    /** The processes in the cgroup and every cgroup below it (`ps`). */
    List<Integer> allPids();

    /** Moves a process in (every hierarchy on v1). */
    void addProcess(int pid);

    /** No process in the cgroup or below it. */
    boolean isEmpty();

    /** Sends {@code signal} to every process (`kill --all`). */
    void signalAll(int signal);

    /** SIGKILLs every process and waits until none is left. */
    void killAll();

    void freeze();

    void thaw();

    FreezerState freezerState();

    /** The statistics in runc's layout (`events --stats`). */
    CgroupStats stats();

    /** Reports OOM kills as they happen (`events`). */
    OomWatcher watchOom();

    /** Removes the cgroup's directories, and the parents that were made for it while empty. */
    void destroy();
}
