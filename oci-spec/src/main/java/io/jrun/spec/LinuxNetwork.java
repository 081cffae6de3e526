package io.jrun.spec;

import java.util.List;

/**
 * {@code linux.resources.network} (cgroup v1 net_cls and net_prio).
 *
 * @param classID    net_cls class id (uint32)
 * @param priorities net_prio priorities per interface
 */
public record LinuxNetwork(@Uint32 Long classID, List<LinuxInterfacePriority> priorities) {
    public LinuxNetwork {
        priorities = Copies.list(priorities);
    }
}
