package io.jrun.api;


/**
 * What `events` reports about a running container, as runc's types.Event: its cgroup's
 * statistics every interval, and each OOM kill as it happens.
 */
public sealed interface ContainerEvent {
    /** The container the event is about. */
    String id();

    /** runc's event type: "stats" or "oom". */
    String type();

    /** The container's statistics at one moment. */
    record Stats(String id, CgroupStats stats) implements ContainerEvent {
        @Override
        public String type() {
            return "stats";
        }
    }

    /** The OOM killer killed a process of the container (memory.events "oom_kill" went up). */
    record Oom(String id) implements ContainerEvent {
        @Override
        public String type() {
            return "oom";
        }
    }
}
