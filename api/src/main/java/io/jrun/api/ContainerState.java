package io.jrun.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What `jrun state` and `jrun list` show of a container: the spec's state (ociVersion, id,
 * status, pid, bundle, annotations) plus runc's extra fields (rootfs, created, owner), which
 * engines and people read too.
 *
 * @param pid the container process's pid in the host's pid namespace, 0 when stopped
 */
public record ContainerState(String ociVersion, String id, int pid, Status status, Path bundle, Path rootfs,
                             Instant created, String owner, Map<String, String> annotations) {
    public ContainerState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
