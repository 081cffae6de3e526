/**
 * The parts of runc's systemd cgroup driver (libcontainer/cgroups/systemd, runc 1.1) that need
 * no D-Bus: what a container's unit is called and where systemd puts its cgroup, and what its
 * properties are. Engines that run containers under systemd (Docker on cgroup v2, podman, the
 * kubelet with the systemd cgroup driver) pass {@code --systemd-cgroup} and a
 * "slice:prefix:name" cgroupsPath.
 *
 * <ul>
 *   <li>{@link io.jrun.core.cgroups.systemd.SystemdCgroup}: cgroupsPath as runc's specconv
 *       reads it, the unit's name, and its directories on a v2 host and on a v1 host
 *       ({@link io.jrun.core.cgroups.systemd.Slices} expands slice names into cgroup paths);
 *   <li>{@link io.jrun.core.cgroups.systemd.UnitProperties}: the properties a unit starts with
 *       (StartTransientUnit);
 *   <li>{@link io.jrun.core.cgroups.systemd.SystemdResources}: {@code linux.resources} as the
 *       unit's properties (SetUnitProperties), the file plan written after them, and the fields
 *       that only the files hold;
 *   <li>{@link io.jrun.core.cgroups.systemd.UnitProperty} and
 *       {@link io.jrun.core.cgroups.systemd.DbusValue}: a property and its typed D-Bus value.
 * </ul>
 *
 * <p>A subpackage, not more classes in {@code io.jrun.core.cgroups}: it uses that package's
 * public parts only ({@link io.jrun.core.cgroups.ResourcePlan}, {@link
 * io.jrun.core.cgroups.DeviceRules#effective}, {@link io.jrun.core.cgroups.Conversions}, {@link
 * io.jrun.core.cgroups.V1Paths}), and the planners' package-private builder and the device
 * emulator stay where they are.
 */
package io.jrun.core.cgroups.systemd;
