package io.jrun.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** OCI image layouts for tests: uncompressed layer tars and an image config, written as image-spec says. */
public final class OciLayouts {
    private OciLayouts() {}

    /**
     * Writes a layout in {@code dir} (made if missing) with {@code layers} (tar files, bottom
     * first) and {@code settings}, the config's "config" object (Entrypoint, Cmd, Env...), tagged
     * "latest".
     */
    public static void write(Path dir, List<Path> layers, String settings) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<String> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Path layer : layers) {
            String digest = blob(dir, Files.readAllBytes(layer));
            diffIds.add("\"" + digest + "\"");
            descriptors.add(descriptor("application/vnd.oci.image.layer.v1.tar", digest, Files.size(layer), ""));
        }
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":" + settings
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(dir, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length, "") + ",\"layers\":["
                + String.join(",", descriptors) + "]}").getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(dir, manifest);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifest.length,
                ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}") + "]}");
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static String descriptor(String type, String digest, long size, String more) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + digest + "\",\"size\":" + size + more + "}";
    }

    private static String blob(Path dir, byte[] content) throws IOException {
        String digest = sha256(content);
        Files.write(dir.resolve("blobs/sha256/" + digest.substring(7)), content);
        return digest;
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in.readAllBytes());
        }
    }
}
