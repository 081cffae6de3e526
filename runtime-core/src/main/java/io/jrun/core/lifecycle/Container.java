package io.jrun.core.lifecycle;

import io.jrun.api.ContainerState;
import io.jrun.api.JrunException;
import io.jrun.api.Status;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.FreezerState;
import io.jrun.core.host.Procfs;
import io.jrun.core.state.ContainerRecord;
import io.jrun.core.state.StateStore;
import io.jrun.spec.Json;
import io.jrun.spec.Spec;
import io.jrun.spec.State;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A container as the commands after create see it: its record, its config, its status; and the
 * host it runs on, to look at its process and reopen its cgroup.
 *
 * @param cgroups the host's cgroup managers, each found when first needed (a stopped container's
 *                status never needs one)
 */
record Container(StateStore.Handle handle, ContainerRecord record, Spec spec, HostKernel kernel,
                 CgroupManagers cgroups) {

    static Container load(StateStore.Handle h, HostKernel kernel, CgroupManagers cgroups) {
        ContainerRecord r = h.read();
        Spec spec;
        try {
            spec = Json.readConfig(h.dir());
        } catch (IOException e) {
            throw new JrunException("read the config of container " + h.id() + ": " + e.getMessage(), e);
        }
        return new Container(h, r, spec, kernel, cgroups);
    }

    String id() {
        return record.id();
    }

    Path fifo() {
        return handle.file(StateStore.EXEC_FIFO);
    }

    boolean alive() {
        return kernel.alive(record.pid(), record.startTime());
    }

    /**
     * creating until create records the init (or for good, when that create died: `delete`
     * removes what it left); stopped when the process is gone; paused when frozen (a created
     * container can be paused too, and then is paused, as in runc); created while the exec fifo
     * exists.
     */
    Status status() {
        if (record.pid() == 0) {
            return Status.CREATING;
        }
        if (!alive()) {
            return Status.STOPPED;
        }
        if (record.hasCgroup() && cgroup().freezerState() == FreezerState.FROZEN) {
            return Status.PAUSED;
        }
        if (Files.exists(fifo())) {
            return Status.CREATED;
        }
        return Status.RUNNING;
    }

    /** The container's cgroup, reopened by the manager (v2 or v1) its record names. */
    ContainerCgroup cgroup() {
        return cgroups.open(record);
    }

    ContainerState state() {
        Status s = status();
        return new ContainerState(spec.ociVersion(), id(), s == Status.STOPPED || s == Status.CREATING ? 0 : record.pid(), s,
                Path.of(record.bundle()), Path.of(record.rootfs()), Instant.parse(record.created()), record.owner(),
                record.annotations());
    }

    /** The spec's state document, as hooks in the runtime namespace get it on stdin. */
    String ociStateJson(Status status) {
        return ociStateJson(status, false);
    }

    /**
     * The spec's state document for hooks; those that run in the container namespace get the
     * pid as the container sees it (runtime.md "State": pid).
     */
    String ociStateJson(Status status, boolean inContainer) {
        int pid = status == Status.STOPPED ? 0 : inContainer ? Procfs.innermostPid(record.pid()) : record.pid();
        return Json.toJson(new State(spec.ociVersion(), id(), status.word(), pid,
                record.bundle(), record.annotations() == null || record.annotations().isEmpty() ? null : record.annotations()));
    }
}
