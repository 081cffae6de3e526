package io.jrun.cli;

import io.jrun.api.ContainerRuntime;
import io.jrun.api.ContainerState;
import io.jrun.api.CreateOptions;
import io.jrun.api.RunOptions;
import io.jrun.api.RuntimeOptions;
import io.jrun.spec.Features;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** A runtime that records what the command line asked of it, and answers as told. */
final class RecordingOperations implements ContainerRuntime, ContainerRuntime.Factory {
    /** One call: the method and its arguments. */
    record Call(String method, List<Object> args) {}

    final List<RuntimeOptions> opened = new ArrayList<>();
    final List<Call> calls = new ArrayList<>();

    /** What every call does first; throw from here to make the runtime fail. */
    Runnable before = () -> {};
    int runStatus;
    ContainerState state;
    List<ContainerState> states = List.of();
    List<Integer> pids = List.of();
    io.jrun.api.CgroupStats stats;
    List<io.jrun.api.ContainerEvent> events = List.of();
    Supplier<Features> features = () -> null;

    @Override
    public ContainerRuntime open(RuntimeOptions options) {
        opened.add(options);
        return this;
    }

    @Override
    public RuntimeOptions options() {
        return opened.getLast();
    }

    private void record(String method, Object... args) {
        calls.add(new Call(method, Arrays.asList(args)));
        before.run();
    }

    /** The only call made; fails the test unless there was exactly one. */
    Call onlyCall() {
        if (calls.size() != 1) {
            throw new AssertionError("expected one call, got " + calls);
        }
        return calls.getFirst();
    }

    @Override
    public ContainerState create(String id, Path bundle, CreateOptions options) {
        record("create", id, bundle, options);
        return state;
    }

    @Override
    public void start(String id) {
        record("start", id);
    }

    @Override
    public int run(String id, Path bundle, RunOptions options) {
        record("run", id, bundle, options);
        return runStatus;
    }

    @Override
    public ContainerState state(String id) {
        record("state", id);
        return state;
    }

    @Override
    public int exec(String id, io.jrun.api.ExecOptions options) {
        record("exec", id, options);
        return runStatus;
    }

    @Override
    public void kill(String id, int signal, boolean all) {
        record("kill", id, signal, all);
    }

    @Override
    public void delete(String id, boolean force) {
        record("delete", id, force);
    }

    @Override
    public void pause(String id) {
        record("pause", id);
    }

    @Override
    public void resume(String id) {
        record("resume", id);
    }

    @Override
    public List<Integer> ps(String id) {
        record("ps", id);
        return pids;
    }

    @Override
    public io.jrun.api.CgroupStats stats(String id) {
        record("stats", id);
        return stats;
    }

    @Override
    public void events(String id, java.time.Duration interval,
                       java.util.function.Consumer<io.jrun.api.ContainerEvent> sink) {
        record("events", id, interval);
        events.forEach(sink);
    }

    @Override
    public void update(String id, io.jrun.spec.LinuxResources resources) {
        record("update", id, resources);
    }

    @Override
    public List<ContainerState> list() {
        record("list");
        return states;
    }

    @Override
    public Features features() {
        record("features");
        return features.get();
    }

    /** Image calls are recorded in {@link #calls} too, as "image import", "image ls", "image rm", "image run". */
    final RecordingImages images = new RecordingImages(this::record);

}
