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

    void kill(String id, int signal, boolean all);

    void delete(String id, boolean force);

    List<ContainerState> list();

    /** The features document: what this runtime implements. */
    Features features();

    /** Opens the runtime for the global options; called once per command, only by commands that need it. */
    @FunctionalInterface
    interface Factory {
        ContainerOperations open(RuntimeOptions options);
    }
}
