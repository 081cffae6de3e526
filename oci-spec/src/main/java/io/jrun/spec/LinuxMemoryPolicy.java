package io.jrun.spec;

import java.util.List;

/**
 * {@code linux.memoryPolicy}: set_mempolicy(2) for the container process.
 *
 * @param mode  REQUIRED, e.g. {@code MPOL_INTERLEAVE}
 * @param nodes REQUIRED node list, e.g. {@code 0-3,7}
 * @param flags mode flags, e.g. {@code MPOL_F_STATIC_NODES}
 */
public record LinuxMemoryPolicy(String mode, String nodes, List<String> flags) {
    public LinuxMemoryPolicy {
        flags = Copies.list(flags);
    }
}
