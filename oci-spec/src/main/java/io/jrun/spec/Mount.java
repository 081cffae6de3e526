package io.jrun.spec;

import java.util.List;

/**
 * One entry of {@code mounts}.
 *
 * @param destination REQUIRED; path inside the container (relative is deprecated, see
 *                    {@link SpecValidator#warnings})
 * @param type        filesystem type
 * @param source      device, directory (bind), or dummy
 * @param options     fstab-style options
 * @param uidMappings id-mapped mount: uid mappings
 * @param gidMappings id-mapped mount: gid mappings
 */
public record Mount(
        String destination,
        String type,
        String source,
        List<String> options,
        List<LinuxIdMapping> uidMappings,
        List<LinuxIdMapping> gidMappings) {

    public Mount {
        options = Copies.list(options);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
    }

    public List<String> optionsOrEmpty() {
        return Copies.orEmpty(options);
    }

    /** A mount is a bind mount when its options include {@code bind} or {@code rbind} (config.md). */
    public boolean hasBindOption() {
        List<String> opts = optionsOrEmpty();
        return opts.contains("bind") || opts.contains("rbind");
    }
}
