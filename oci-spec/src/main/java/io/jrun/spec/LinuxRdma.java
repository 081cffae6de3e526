package io.jrun.spec;

/**
 * One device's limits in {@code linux.resources.rdma}.
 *
 * @param hcaHandles maximum HCA handles (uint32)
 * @param hcaObjects maximum HCA objects (uint32)
 */
public record LinuxRdma(@Uint32 Long hcaHandles, @Uint32 Long hcaObjects) {}
