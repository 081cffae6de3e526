package io.jrun.image;

import java.util.List;

/**
 * An imported image, as the store keeps it in images.json.
 *
 * @param name     the name it was imported as; `run` finds it by this, exactly
 * @param id       the digest of its config (for a root filesystem, of its one layer)
 * @param imported when it was imported (RFC 3339)
 * @param source   what it was imported from, as given
 * @param platform "os/architecture" from its config, or null
 * @param layers   its layers, bottom first
 * @param settings what its containers start with
 */
public record Image(String name, String id, String imported, String source, String platform, List<Layer> layers,
                    Settings settings) {

    public Image {
        layers = List.copyOf(layers);
    }

    /**
     * One layer, unpacked once per digest and shared by the images that have it.
     *
     * @param digest the digest of its uncompressed tar (the image config's diff_id)
     * @param size   the size of its uncompressed tar
     */
    public record Layer(String digest, long size) {}

    /**
     * The image config's container settings; null where the image says nothing.
     *
     * @param user "user[:group]", by name or number
     */
    public record Settings(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user) {
        static final Settings NONE = new Settings(null, null, null, null, null);
    }

    /** Unpacked size of all the layers. */
    public long size() {
        return layers.stream().mapToLong(Layer::size).sum();
    }
}
