package io.jrun.api;

import io.jrun.spec.Features;
import io.jrun.spec.LinuxResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The runtime's operations, one per runc command (runtime.md "Operations"), over one state
 * directory ({@link RuntimeOptions#root()}). The command line is a client of this interface, and
 * so is {@link Jrun}. Two implementations: the runtime itself, in the JVM that jrun's launcher
 * starts ({@code io.jrun.core.lifecycle.Lifecycle}), and {@link LauncherRuntime}, which runs
 * {@code bin/jrun} for each operation, for any other JVM (a container's process is a clone of the
 * JVM that creates it, which only the launcher's JVM is prepared for).
 *
 * <p>Every failure is a {@link JrunException} with the message the command line prints.
 */
public interface ContainerRuntime {
    /** The global options this runtime was opened with: its state directory among them. */
    RuntimeOptions options();

    /** `create`: the container process exists, configured, and waits for `start`. */
    ContainerState create(String id, Path bundle, CreateOptions options);

    /** `start`: the created container's process executes its program. */
    void start(String id);

    /**
     * `run`: create, start, and unless detached wait for the program, forwarding signals.
     *
     * @return the program's exit status (128+N after signal N); 0 when detached
     */
    int run(String id, Path bundle, RunOptions options);

    /** `state`: the container's state; a container whose process died reads stopped. */
    ContainerState state(String id);

    /**
     * `exec`: run another process in the container.
     *
     * @return the process's exit status (128+N after signal N); 0 when detached
     */
    int exec(String id, ExecOptions options);

    /** `kill`: signal the container's process (or with {@code all} every process in its cgroup). */
    void kill(String id, int signal, boolean all);

    /** `delete`: remove a stopped or created container (any container with {@code force}, killing it first). */
    void delete(String id, boolean force);

    /** `list`: every container under the root, sorted by id. */
    List<ContainerState> list();

    /** `pause`: freeze every process of a running (or created) container; `state` then says paused. */
    void pause(String id);

    /** `resume`: thaw a paused container. */
    void resume(String id);

    /** `ps`: the host pids of the container's processes (its cgroup and the cgroups below it), sorted. */
    List<Integer> ps(String id);

    /** `events --stats`: the container's cgroup statistics, in runc's layout. */
    CgroupStats stats(String id);

    /**
     * `events`: a stats event every {@code interval} and an oom event for each OOM kill, to
     * {@code sink}, until the container is gone. Blocks meanwhile, holding no lock.
     */
    void events(String id, Duration interval, Consumer<ContainerEvent> sink);

    /**
     * `update`: {@code resources} over the container's current ones (0, empty or absent leaves a
     * value as it is), applied to its cgroup and stored in its config.
     */
    void update(String id, LinuxResources resources);

    /** `features`: what this runtime implements. */
    Features features();

    /** Opens the runtime for a set of global options. */
    @FunctionalInterface
    interface Factory {
        ContainerRuntime open(RuntimeOptions options);
    }
}
