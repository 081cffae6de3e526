package io.jrun.spec;

/**
 * A uid or gid mapping range; all three fields are REQUIRED uint32s.
 *
 * @param containerID first id inside the container
 * @param hostID      first id on the host that {@code containerID} maps to
 * @param size        number of ids in the range
 */
public record LinuxIdMapping(@Uint32 long containerID, @Uint32 long hostID, @Uint32 long size) {}
