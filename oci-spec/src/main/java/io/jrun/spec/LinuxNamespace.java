package io.jrun.spec;

import java.util.List;

/**
 * One entry of {@code linux.namespaces}.
 *
 * @param type REQUIRED, one of {@link #TYPES}
 * @param path absolute path of a namespace file to join; absent creates a new namespace
 */
public record LinuxNamespace(String type, String path) {
    public static final String PID = "pid";
    public static final String NETWORK = "network";
    public static final String MOUNT = "mount";
    public static final String IPC = "ipc";
    public static final String UTS = "uts";
    public static final String USER = "user";
    public static final String CGROUP = "cgroup";
    public static final String TIME = "time";

    /** The namespace types of the spec, in its order. */
    public static final List<String> TYPES = List.of(PID, NETWORK, MOUNT, IPC, UTS, USER, CGROUP, TIME);

    /** Whether this entry asks for a new namespace rather than joining one. */
    public boolean createsNew() {
        return path == null || path.isEmpty();
    }
}
