package io.jrun.core;

import io.jrun.core.lifecycle.Lifecycle;

import java.nio.file.Path;
import java.util.List;

/**
 * jrun as a library: the runc lifecycle (runtime.md "Operations") over a state directory.
 * One instance per set of global options; every method is one jrun command. The JVM must run
 * with the flags bin/jrun passes (see bin/jrun.compilecommands): containers are cloned from it.
 */
public final class ContainerRuntime {
    private final RuntimeOptions options;
    private final Lifecycle lifecycle;

    public ContainerRuntime(RuntimeOptions options) {
        this.options = options;
        this.lifecycle = new Lifecycle(options);
    }

    public RuntimeOptions options() {
        return options;
    }

    /** `create`: the container process exists, configured, and waits for `start`. */
    public ContainerState create(String id, Path bundle, CreateOptions create) {
        return lifecycle.create(id, bundle, create);
    }

    /** `start`: the created container's process executes its program. */
    public void start(String id) {
        lifecycle.start(id);
    }

    /**
     * `run`: create, start, and unless detached wait for the program, forwarding signals.
     *
     * @return the program's exit status (128+N after signal N); 0 when detached
     */
    public int run(String id, Path bundle, RunOptions run) {
        return lifecycle.run(id, bundle, run);
    }

    /** `state`: the container's state; a container whose process died reads stopped. */
    public ContainerState state(String id) {
        return lifecycle.state(id);
    }

    /** `kill`: signal the container's process (or with {@code all} every process in its cgroup). */
    public void kill(String id, int signal, boolean all) {
        lifecycle.kill(id, signal, all);
    }

    /** `delete`: remove a stopped or created container (any container with {@code force}, killing it first). */
    public void delete(String id, boolean force) {
        lifecycle.delete(id, force);
    }

    /**
     * `exec`: run another process in the container.
     *
     * @return the process's exit status (128+N after signal N); 0 when detached
     */
    public int exec(String id, ExecOptions exec) {
        return lifecycle.exec(id, exec);
    }

    /** `pause`: freeze every process of a running (or created) container; `state` then says paused. */
    public void pause(String id) {
        lifecycle.pause(id);
    }

    /** `resume`: thaw a paused container. */
    public void resume(String id) {
        lifecycle.resume(id);
    }

    /** `ps`: the host pids of the container's processes (its cgroup and the cgroups below it), sorted. */
    public List<Integer> ps(String id) {
        return lifecycle.ps(id);
    }

    /** `events --stats`: the container's cgroup statistics, in runc's layout. */
    public io.jrun.core.cgroups.CgroupStats stats(String id) {
        return lifecycle.stats(id);
    }

    /**
     * `events`: a stats event every {@code interval} and an oom event for each OOM kill, to
     * {@code sink}, until the container is gone. Blocks meanwhile, holding no lock.
     */
    public void events(String id, java.time.Duration interval, java.util.function.Consumer<ContainerEvent> sink) {
        lifecycle.events(id, interval, sink);
    }

    /**
     * `update`: {@code resources} over the container's current ones (0, empty or absent leaves a
     * value as it is), applied to its cgroup and stored in its config.
     */
    public void update(String id, io.jrun.spec.LinuxResources resources) {
        lifecycle.update(id, resources);
    }

    /** `list`: every container under the root, sorted by id. */
    public List<ContainerState> list() {
        return lifecycle.list();
    }
}
