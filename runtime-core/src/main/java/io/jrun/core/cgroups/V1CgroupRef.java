package io.jrun.core.cgroups;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the state store keeps of a container's cgroups on a v1 host (legacy or hybrid), to reopen
 * them in a later command: runc's cgroup_paths, each path with how much of it jrun created. It
 * sits next to {@link CgroupRef}, which stays the record of a v2 container, so that the state
 * files of v2 containers keep their form.
 *
 * @param subsystems subsystem (runc's cgroup_paths key: "cpuset", ..., "name=systemd") → the
 *                   container's directory in its hierarchy, in {@link V1Paths#SUBSYSTEMS} order;
 *                   co-mounted subsystems ("cpu" and "cpuacct") have the same directory. A
 *                   hierarchy that is not mounted has no entry, nor name=systemd if its
 *                   directory could not be made (joining it is best effort)
 * @param unified    the directory in the v2 hierarchy of a hybrid host, or null (legacy host, or
 *                   it could not be made: best effort too)
 */
public record V1CgroupRef(Map<String, CgroupRef> subsystems, CgroupRef unified) {
    public V1CgroupRef {
        if (subsystems == null || subsystems.isEmpty()) {
            throw new IllegalArgumentException("a v1 cgroup needs the directory of at least one subsystem");
        }
        subsystems = Collections.unmodifiableMap(new LinkedHashMap<>(subsystems));
    }
}
