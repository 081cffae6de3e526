package io.jrun.spec;

/**
 * {@code linux.resources.memory}. Limits are int64 bytes, -1 meaning unlimited.
 *
 * @param limit             hard limit
 * @param reservation       soft limit
 * @param swap              memory+swap limit
 * @param kernel            kernel memory limit (NOT RECOMMENDED)
 * @param kernelTCP         kernel TCP buffer limit (NOT RECOMMENDED)
 * @param swappiness        0..100 (uint64)
 * @param disableOOMKiller  disable the OOM killer
 * @param useHierarchy      hierarchical accounting (v1)
 * @param checkBeforeUpdate refuse a new limit below current usage
 */
public record LinuxMemory(
        Long limit,
        Long reservation,
        Long swap,
        Long kernel,
        Long kernelTCP,
        @Uint64 Long swappiness,
        Boolean disableOOMKiller,
        Boolean useHierarchy,
        Boolean checkBeforeUpdate) {}
