package io.jrun.core.lifecycle;

import io.jrun.api.JrunException;
import io.jrun.api.Status;

/**
 * `pause` and `resume`: every process of the container frozen or thawed at once through its
 * cgroup, as runc does: on cgroup v2 cgroup.freeze, then waiting until cgroup.events says so; on
 * v1 the freezer hierarchy's freezer.state, written until it reads back. While
 * frozen the container's status is paused: start (and exec) refuse it, delete wants --force.
 */
final class Pause {
    private Pause() {}

    /** runc pauses running and created containers alike. */
    static void pause(Container c) {
        Status status = c.status();
        if (status != Status.RUNNING && status != Status.CREATED) {
            throw new JrunException("cannot pause container " + c.id() + ": it is " + status.word()
                    + (status == Status.STOPPED ? "" : "; only a running or created container can be paused"));
        }
        checkCgroup(c, "pause");
        c.cgroup().freeze();
    }

    static void resume(Container c) {
        Status status = c.status();
        if (status != Status.PAUSED) {
            throw new JrunException("cannot resume container " + c.id() + ": it is " + status.word() + ", not paused");
        }
        checkCgroup(c, "resume");
        c.cgroup().thaw();
    }

    private static void checkCgroup(Container c, String what) {
        if (!c.record().hasCgroup()) {
            throw new JrunException("cannot " + what + " container " + c.id() + ": it has no cgroup");
        }
    }
}
