package io.jrun.core.state;

import io.jrun.core.cgroups.CgroupRef;
import io.jrun.core.cgroups.V1CgroupRef;

import java.util.Map;

/**
 * What jrun keeps of a container between commands, in state.json of its directory. The config
 * itself is kept next to it (config.json), as it was at create: the bundle may change later.
 *
 * @param ociVersion   the config's ociVersion, which `state` reports (kept here so that the
 *                     launcher can answer `state` from this file alone)
 * @param pid          the init's pid in jrun's pid namespace (0 before it exists)
 * @param startTime    the init's start time (field 22 of /proc/PID/stat): a pid that was
 *                     reused by another process has another start time
 * @param cgroup       the container's cgroup v2 directory and how much of its path jrun created,
 *                     or null (a v1 container, or none)
 * @param cgroupV1     on a legacy or hybrid host, the container's directory in each v1 hierarchy
 *                     (and the hybrid host's v2 one), or null; absent from a v2 container's file,
 *                     and from the files of a jrun before v1 support
 * @param poststopDone the poststop hooks already ran (a failed start runs them)
 * @param hooks        the config has hooks: without them, the launcher may delete a stopped
 *                     container itself (runtime-cli/src/main/c/fast.c)
 */
public record ContainerRecord(String id, String ociVersion, int pid, long startTime, String bundle, String rootfs,
                              String created, String owner, Map<String, String> annotations, CgroupRef cgroup,
                              V1CgroupRef cgroupV1, boolean poststopDone, boolean hooks) {

    public ContainerRecord withPid(int newPid, long newStartTime) {
        return new ContainerRecord(id, ociVersion, newPid, newStartTime, bundle, rootfs, created, owner, annotations, cgroup, cgroupV1, poststopDone, hooks);
    }

    public ContainerRecord withCgroup(CgroupRef newCgroup) {
        return new ContainerRecord(id, ociVersion, pid, startTime, bundle, rootfs, created, owner, annotations, newCgroup, null, poststopDone, hooks);
    }

    /** The container's v1 cgroups ({@code cgroup} is then null). */
    public ContainerRecord withCgroupV1(V1CgroupRef newCgroup) {
        return new ContainerRecord(id, ociVersion, pid, startTime, bundle, rootfs, created, owner, annotations, null, newCgroup, poststopDone, hooks);
    }

    /** Whether a cgroup (v2 or v1) is recorded. */
    public boolean hasCgroup() {
        return cgroup != null || cgroupV1 != null;
    }

    public ContainerRecord withPoststopDone() {
        return new ContainerRecord(id, ociVersion, pid, startTime, bundle, rootfs, created, owner, annotations, cgroup, cgroupV1, true, hooks);
    }
}
