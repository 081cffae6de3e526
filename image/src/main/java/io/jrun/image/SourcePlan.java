package io.jrun.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What an import reads from its source: the image's id, platform and settings, and its layers,
 * bottom first.
 *
 * @param id       the config's digest; null for a root filesystem, whose id is its layer's digest
 * @param platform "os/architecture", or null
 */
record SourcePlan(String id, String platform, Image.Settings settings, List<LayerSource> layers) {

    /** One layer of a source. */
    sealed interface LayerSource {
        /** What it is, for messages and progress: "layer 2 of 3 (sha256:ab12...)". */
        String what();
    }

    /**
     * A layer tar, plain or gzip-compressed (told by its first bytes).
     *
     * @param digest the blob's digest as the manifest gives it, or null (docker-archive, a rootfs tarball)
     * @param size   the blob's size from its descriptor, or -1
     * @param diffId the digest of the uncompressed tar from the image config, or null (a rootfs tarball)
     */
    record TarLayer(String what, Opener opener, String digest, long size, String diffId) implements LayerSource {}

    /** A directory tree taken as it is (a root filesystem directory). */
    record TreeLayer(String what, Path dir) implements LayerSource {}

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }
}
