package io.jrun.core.lifecycle;

import java.util.List;

/**
 * `ps`: the container's processes, as host pids: everything in its cgroup and the cgroups below
 * it (runc's GetAllPids), whatever pid namespace they are in. A stopped container whose cgroup
 * is gone has none.
 */
final class Processes {
    private Processes() {}

    static List<Integer> of(Container c) {
        if (!c.record().hasCgroup()) {
            return c.alive() ? List.of(c.record().pid()) : List.of();
        }
        // allPids() of a removed cgroup is empty, not an error.
        return c.cgroup().allPids().stream().sorted().toList();
    }
}
