/**
 * Container cgroups on the cgroup v2 (unified) hierarchy, the way runc's fs2 driver does them.
 *
 * <ul>
 *   <li>{@link io.jrun.core.cgroups.Cgroups}: the host's hierarchy ({@link
 *       io.jrun.core.cgroups.Hierarchy}: /sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid
 *       host), the container's path ({@link io.jrun.core.cgroups.CgroupPaths}), validation
 *       ({@link io.jrun.core.cgroups.ResourcePlan}, composed of one
 *       {@link io.jrun.core.cgroups.ControllerPlanner} per controller), create and reopen;
 *   <li>{@link io.jrun.core.cgroups.Cgroup}: one container's cgroup: fd for CLONE_INTO_CGROUP,
 *       update, pids, kill, freeze, stats, OOM events, destroy; it keeps the handle and the
 *       cgroup's life and hands the rest to {@link io.jrun.core.cgroups.SubtreeControl} and
 *       {@link io.jrun.core.cgroups.ResourceWriter} (update), {@link io.jrun.core.cgroups.Freezer},
 *       {@link io.jrun.core.cgroups.CgroupKill} and {@link io.jrun.core.cgroups.CgroupProcesses};
 *   <li>devices: {@link io.jrun.core.cgroups.DeviceRules} (the config's rules plus runc's
 *       defaults), {@link io.jrun.core.cgroups.DeviceFilter} (the BPF_PROG_TYPE_CGROUP_DEVICE
 *       program), attached with bpf(2).
 * </ul>
 *
 * <p>{@link io.jrun.core.cgroups.CgroupLayout} says how the host mounts its cgroups (unified,
 * hybrid or legacy) with each v1 hierarchy ({@link io.jrun.core.cgroups.V1Hierarchy}), and
 * {@link io.jrun.core.cgroups.V1Paths} a container's directories in them as runc's fs driver
 * derives them. {@link io.jrun.core.cgroups.V1Cgroups} and {@link io.jrun.core.cgroups.V1Cgroup}
 * are the v1 manager, runc 1.1's cgroupfs driver: a directory per hierarchy
 * ({@link io.jrun.core.cgroups.V1CgroupRef}), writes by subsystem
 * ({@link io.jrun.core.cgroups.V1ResourceWriter}), freezer.state
 * ({@link io.jrun.core.cgroups.V1Freezer}), stats ({@link io.jrun.core.cgroups.V1StatsReader})
 * and OOM notifications ({@link io.jrun.core.cgroups.OomControlWatcher}).
 *
 * <p>The lifecycle picks the manager by the layout, as runc picks between fs2 and fs: v2 on a
 * unified host, v1 on a hybrid or legacy one, where the container also joins the hybrid host's v2
 * hierarchy (best effort). Both handles are {@link io.jrun.core.cgroups.ContainerCgroup}s. A
 * resource whose controller the host does not have fails validation with a message naming the
 * field and the controller.
 *
 * <p>Every kernel call other than a read goes through {@link io.jrun.core.cgroups.CgroupKernel},
 * so that the logic runs against a fake tree in unit tests.
 */
package io.jrun.core.cgroups;
