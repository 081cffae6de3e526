package io.jrun.spec;

import java.util.List;

/**
 * One entry of {@code linux.devices}: a device node to create in the container.
 *
 * @param path     REQUIRED, absolute path inside the container
 * @param type     REQUIRED, one of {@link #TYPES}
 * @param major    REQUIRED unless type is {@code p}
 * @param minor    REQUIRED unless type is {@code p}
 * @param fileMode permission bits
 * @param uid      owner in the container
 * @param gid      group in the container
 */
public record LinuxDevice(
        String path,
        String type,
        Long major,
        Long minor,
        @Uint32 Long fileMode,
        @Uint32 Long uid,
        @Uint32 Long gid) {

    /** Character, block, unbuffered character, and FIFO, as in mknod(1). */
    public static final List<String> TYPES = List.of("c", "b", "u", "p");
}
