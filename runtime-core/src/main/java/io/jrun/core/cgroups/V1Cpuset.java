package io.jrun.core.cgroups;

import java.nio.file.Path;

/**
 * A new cpuset cgroup starts with empty cpuset.cpus and cpuset.mems, and the kernel refuses a
 * process in a cgroup without CPUs or memory nodes (ENOSPC). So, like runc's cpusetEnsureParent
 * and cpusetCopyIfNeeded, each level of the container's cpuset directory, from the top of the
 * hierarchy down, takes the values of its parent where its own are empty. Levels that have
 * values keep them (a parent's may be narrower than the root's, and cpuset.cpu_exclusive forbids
 * overlapping siblings).
 */
final class V1Cpuset {
    private V1Cpuset() {}

    /** Fills the empty cpuset.cpus and cpuset.mems of every level of {@code dir} below {@code mount}. */
    static void inherit(CgroupKernel kernel, Path dir, Path mount) {
        for (Path level : CgroupDirs.levels(dir, mount)) {
            copyIfEmpty(kernel, level, "cpuset.cpus", dir);
            copyIfEmpty(kernel, level, "cpuset.mems", dir);
        }
    }

    private static void copyIfEmpty(CgroupKernel kernel, Path level, String file, Path dir) {
        String doing = "create cgroup " + dir + ": inherit " + file;
        if (!CgroupFiles.read(level.resolve(file), doing).isBlank()) {
            return;
        }
        Path from = level.getParent().resolve(file);
        String value = CgroupFiles.read(from, doing).strip();
        int r = kernel.write(level.resolve(file), value);
        if (r < 0) {
            throw new CgroupException(doing + ": write \"" + value + "\" (from " + from + ") to " + level.resolve(file)
                    + ": " + Messages.errno(r));
        }
    }
}
