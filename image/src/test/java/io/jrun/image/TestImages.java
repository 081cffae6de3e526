package io.jrun.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Image sources written for tests: OCI layouts and docker-archives around layer tars. */
final class TestImages {
    private TestImages() {}

    /** An OCI layout written by {@link #oci}: its manifest and config digests, and its layer blobs' digests. */
    record Layout(Path dir, String manifest, String config, List<String> layers, List<String> diffIds) {
        Path blob(String digest) {
            return dir.resolve("blobs/sha256/" + Digests.hex(digest));
        }
    }

    static final String SETTINGS = "{\"Entrypoint\":[\"/bin/echo\"],\"Cmd\":[\"hello\"],\"Env\":[\"A=1\"],"
            + "\"WorkingDir\":\"/srv\",\"User\":\"1000:1000\"}";

    /**
     * Writes an OCI image layout of {@code layers} (uncompressed tars; gzip-compressed in the
     * layout when {@code gzip}) with config settings {@code settings}, tagged {@code ref}.
     */
    static Layout oci(Path dir, List<byte[]> layers, boolean gzip, String settings, String ref) throws IOException {
        return oci(dir, layers, gzip, settings, ref, gzip ? ImageSources.LAYER_TAR + "+gzip" : ImageSources.LAYER_TAR);
    }

    static Layout oci(Path dir, List<byte[]> layers, boolean gzip, String settings, String ref, String layerType)
            throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<String> digests = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        StringBuilder layerDescriptors = new StringBuilder();
        for (byte[] tar : layers) {
            byte[] blob = gzip ? TarBuilder.gzip(tar) : tar;
            String digest = write(dir, blob);
            digests.add(digest);
            diffIds.add(Digests.of(tar));
            layerDescriptors.append(layerDescriptors.isEmpty() ? "" : ",")
                    .append(descriptor(layerType, digest, blob.length, null));
        }
        String config = "{\"architecture\":\"" + ImageSources.hostArchitecture() + "\",\"os\":\"linux\",\"config\":" + settings
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + quoted(diffIds) + "]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configDigest = write(dir, configBytes);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + ImageDocs.OCI_MANIFEST + "\",\"config\":"
                + descriptor(ImageDocs.OCI_CONFIG, configDigest, configBytes.length, null) + ",\"layers\":[" + layerDescriptors + "]}";
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String manifestDigest = write(dir, manifestBytes);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + descriptor(ImageDocs.OCI_MANIFEST, manifestDigest, manifestBytes.length, ref) + "]}");
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return new Layout(dir, manifestDigest, configDigest, digests, diffIds);
    }

    /** Adds another image to the layout's index, under {@code ref}. */
    static void addToIndex(Layout other, Path dir, String ref) throws IOException {
        String index = Files.readString(dir.resolve("index.json"));
        long size = Files.size(other.blob(other.manifest()));
        Files.copy(other.blob(other.manifest()), dir.resolve("blobs/sha256/" + Digests.hex(other.manifest())),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String d : List.of(other.config())) {
            Files.copy(other.blob(d), dir.resolve("blobs/sha256/" + Digests.hex(d)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (String d : other.layers()) {
            Files.copy(other.blob(d), dir.resolve("blobs/sha256/" + Digests.hex(d)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("index.json"), index.replace("]}", ","
                + descriptor(ImageDocs.OCI_MANIFEST, other.manifest(), size, ref) + "]}"));
    }

    /** A docker-archive (as `docker save` writes one) of {@code layers}, tagged {@code tag}. */
    static byte[] dockerArchive(List<byte[]> layers, String settings, String tag) {
        List<String> diffIds = new ArrayList<>();
        TarBuilder tar = new TarBuilder();
        List<String> paths = new ArrayList<>();
        for (byte[] layer : layers) {
            String diffId = Digests.of(layer);
            diffIds.add(diffId);
            String path = Digests.hex(diffId) + "/layer.tar";
            tar.add(path, '0', 0644, 0, 0, layer, "", 0, 0);
            paths.add(path);
        }
        String config = "{\"architecture\":\"" + ImageSources.hostArchitecture() + "\",\"os\":\"linux\",\"config\":" + settings
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + quoted(diffIds) + "]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configName = Digests.hex(Digests.of(configBytes)) + ".json";
        tar.add(configName, '0', 0644, 0, 0, configBytes, "", 0, 0);
        tar.file("manifest.json", "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":["
                + quoted(paths) + "]}]");
        return tar.bytes();
    }

    private static String descriptor(String type, String digest, long size, String ref) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + (ref == null ? "" : ",\"annotations\":{\"" + ImageDocs.REF_NAME + "\":\"" + ref + "\"}") + "}";
    }

    private static String quoted(List<String> values) {
        return String.join(",", values.stream().map(v -> "\"" + v + "\"").toList());
    }

    private static String write(Path dir, byte[] blob) throws IOException {
        String digest = Digests.of(blob);
        Files.write(dir.resolve("blobs/sha256/" + Digests.hex(digest)), blob);
        return digest;
    }
}
