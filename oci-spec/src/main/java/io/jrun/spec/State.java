package io.jrun.spec;

import java.util.Map;

/**
 * The state of a container (runtime.md), as the {@code state} operation reports it and as hooks
 * receive it on stdin.
 *
 * @param ociVersion  REQUIRED, spec version of this document
 * @param id          REQUIRED container id
 * @param status      REQUIRED, one of the status constants
 * @param pid         the container process on the host; REQUIRED when created or running,
 *                    left out when 0
 * @param bundle      REQUIRED absolute bundle path
 * @param annotations the config's annotations
 */
public record State(
        String ociVersion,
        String id,
        String status,
        int pid,
        String bundle,
        Map<String, String> annotations) {

    public static final String CREATING = "creating";
    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    public State {
        annotations = Copies.map(annotations);
    }

    public Map<String, String> annotationsOrEmpty() {
        return Copies.orEmpty(annotations);
    }
}
