package io.jrun.cli;

import io.jrun.core.ContainerState;
import io.jrun.core.CreateOptions;
import io.jrun.core.RunOptions;
import io.jrun.core.RuntimeOptions;
import io.jrun.spec.Features;
import java.nio.file.Path;
import java.util.List;

/**
 * What the commands ask of the runtime: the methods of {@link io.jrun.core.ContainerRuntime},
 * as an interface so that tests can put a recording double behind the real command line.
 */
public interface ContainerOperations {
    ContainerState create(String id, Path bundle, CreateOptions options);

    void start(String id);

    /** @return the container program's exit status, which `run` exits with */
    int run(String id, Path bundle, RunOptions options);

    ContainerState state(String id);

    /** @return the exec'd process's exit status (0 when detached) */
    int exec(String id, io.jrun.core.ExecOptions options);

    void kill(String id, int signal, boolean all);

    void delete(String id, boolean force);

    List<ContainerState> list();

    void pause(String id);

    void resume(String id);

    /** The host pids of the container's processes. */
    List<Integer> ps(String id);

    /** The container's cgroup statistics (`events --stats`). */
    io.jrun.core.cgroups.CgroupStats stats(String id);

    /** Streams the container's events to {@code sink} until it is gone. */
    void events(String id, java.time.Duration interval, java.util.function.Consumer<io.jrun.core.ContainerEvent> sink);

    /** New limits over the container's current ones (0 or absent: unchanged). */
    void update(String id, io.jrun.spec.LinuxResources resources);

    /** The features document: what this runtime implements. */
    Features features();

    /** The images, and the image form of `run`. */
    ImageOperations images();

    /** Opens the runtime for the global options; called once per command, only by commands that need it. */
    @FunctionalInterface
    interface Factory {
        ContainerOperations open(RuntimeOptions options);
    }
}
