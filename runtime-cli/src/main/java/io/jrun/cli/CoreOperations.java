package io.jrun.cli;

import io.jrun.core.ContainerRuntime;
import io.jrun.core.ContainerState;
import io.jrun.core.CreateOptions;
import io.jrun.core.RunOptions;
import io.jrun.core.RuntimeFeatures;
import io.jrun.core.RuntimeOptions;
import io.jrun.spec.Features;
import java.nio.file.Path;
import java.util.List;

/** The real runtime behind the command line: {@link ContainerRuntime}, made when first needed. */
final class CoreOperations implements ContainerOperations {
    private final RuntimeOptions options;
    private ContainerRuntime runtime;

    CoreOperations(RuntimeOptions options) {
        this.options = options;
    }

    /** Not before a lifecycle operation asks: `features` needs no runtime, and making one costs start-up time. */
    private ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = new ContainerRuntime(options);
        }
        return runtime;
    }

    @Override
    public ContainerState create(String id, Path bundle, CreateOptions options) {
        return runtime().create(id, bundle, options);
    }

    @Override
    public void start(String id) {
        runtime().start(id);
    }

    @Override
    public int run(String id, Path bundle, RunOptions options) {
        return runtime().run(id, bundle, options);
    }

    @Override
    public ContainerState state(String id) {
        return runtime().state(id);
    }

    @Override
    public int exec(String id, io.jrun.core.ExecOptions options) {
        return runtime().exec(id, options);
    }

    @Override
    public void kill(String id, int signal, boolean all) {
        runtime().kill(id, signal, all);
    }

    @Override
    public void delete(String id, boolean force) {
        runtime().delete(id, force);
    }

    @Override
    public void pause(String id) {
        runtime().pause(id);
    }

    @Override
    public void resume(String id) {
        runtime().resume(id);
    }

    @Override
    public List<Integer> ps(String id) {
        return runtime().ps(id);
    }

    @Override
    public io.jrun.core.cgroups.CgroupStats stats(String id) {
        return runtime().stats(id);
    }

    @Override
    public void events(String id, java.time.Duration interval,
                       java.util.function.Consumer<io.jrun.core.ContainerEvent> sink) {
        runtime().events(id, interval, sink);
    }

    @Override
    public void update(String id, io.jrun.spec.LinuxResources resources) {
        runtime().update(id, resources);
    }

    @Override
    public List<ContainerState> list() {
        return runtime().list();
    }

    @Override
    public Features features() {
        return RuntimeFeatures.document();
    }

    @Override
    public ImageOperations images() {
        return new CoreImageOperations(this::runtime);
    }
}
