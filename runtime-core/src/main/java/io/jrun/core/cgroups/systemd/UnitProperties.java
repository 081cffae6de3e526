package io.jrun.core.cgroups.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * The properties a container's unit starts with (StartTransientUnit), as runc's systemd
 * managers' Apply gives them; the resources come after, from {@link SystemdResources}.
 */
public final class UnitProperties {
    private UnitProperties() {}

    /**
     * In runc's order: Description; Slice and Delegate for a scope (delegation: the runtime
     * makes and writes the cgroup's files below systemd), or Wants of the parent for a slice
     * (systemd places a slice by its name); PIDs; accounting of memory, CPU, IO (BlockIO on v1)
     * and tasks, which enables the controllers, as the fs drivers would; DefaultDependencies=no,
     * so that the unit is not ordered after basic.target nor stopped at shutdown before the
     * container is.
     *
     * @param pid         the process to put in the scope, or -1 for none (a slice of its own)
     * @param unified     cgroup v2, where the IO controller is "io" (IOAccounting), not "blkio"
     * @param userManager under a user manager, whose default slice is user.slice
     */
    public static List<UnitProperty> start(SystemdCgroup cgroup, int pid, boolean unified, boolean userManager) {
        List<UnitProperty> out = new ArrayList<>();
        // runc's text, so that what systemctl shows is the same under either runtime.
        out.add(new UnitProperty("Description", new DbusValue.Str("libcontainer container " + cgroup.name())));
        String slice = cgroup.parentSlice(userManager);
        if (cgroup.isSlice()) {
            out.add(new UnitProperty("Wants", DbusValue.strings(List.of(slice))));
        } else {
            out.add(new UnitProperty("Slice", new DbusValue.Str(slice)));
            out.add(new UnitProperty("Delegate", new DbusValue.Bool(true)));
        }
        if (pid != -1) {
            out.add(new UnitProperty("PIDs", DbusValue.uint32s(pid)));
        }
        for (String accounting : List.of("MemoryAccounting", "CPUAccounting",
                unified ? "IOAccounting" : "BlockIOAccounting", "TasksAccounting")) {
            out.add(new UnitProperty(accounting, new DbusValue.Bool(true)));
        }
        out.add(new UnitProperty("DefaultDependencies", new DbusValue.Bool(false)));
        return out;
    }
}
