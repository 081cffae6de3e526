package io.jrun.core.state;

import io.jrun.core.cgroups.CgroupRef;

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
 * @param cgroup       the container's cgroup and how much of its path jrun created
 * @param poststopDone the poststop hooks already ran (a failed start runs them)
 * @param hooks        the config has hooks: without them, the launcher may delete a stopped
 *                     container itself (runtime-cli/src/main/c/fast.c)
 */
public record ContainerRecord(String id, String ociVersion, int pid, long startTime, String bundle, String rootfs,
                              String created, String owner, Map<String, String> annotations, CgroupRef cgroup,
                              boolean poststopDone, boolean hooks) {

    public ContainerRecord withPid(int newPid, long newStartTime) {
        return new ContainerRecord(id, ociVersion, newPid, newStartTime, bundle, rootfs, created, owner, annotations, cgroup, poststopDone, hooks);
    }

    public ContainerRecord withCgroup(CgroupRef newCgroup) {
        return new ContainerRecord(id, ociVersion, pid, startTime, bundle, rootfs, created, owner, annotations, newCgroup, poststopDone, hooks);
    }

    public ContainerRecord withPoststopDone() {
        return new ContainerRecord(id, ociVersion, pid, startTime, bundle, rootfs, created, owner, annotations, cgroup, true, hooks);
    }
}
