package io.jrun.image;

import io.jrun.api.JrunException;
import io.jrun.spec.Json;
import io.jrun.spec.Quote;
import io.jrun.spec.SpecException;
import io.jrun.sys.Arch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Tells what an import's source is and reads its documents into a {@link SourcePlan}:
 * <ul>
 *   <li>an OCI image layout: a directory, or a tar archive of one (oci-archive), with
 *       {@code oci-layout} and {@code index.json};</li>
 *   <li>a docker-archive tarball ({@code docker save}, {@code skopeo copy ... docker-archive:}),
 *       with {@code manifest.json};</li>
 *   <li>any other tar archive, plain or gzip-compressed: a root filesystem, one layer;</li>
 *   <li>any other directory: a root filesystem, copied as it is.</li>
 * </ul>
 * Every document read is checked against its digest, and layer media types must be tar or
 * tar+gzip.
 */
final class ImageSources {
    private ImageSources() {}

    static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    private static final Set<String> LAYER_TYPES = Set.of(
            LAYER_TAR, LAYER_TAR + "+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

    /**
     * @param ref     which image of a source holding several (its org.opencontainers.image.ref.name,
     *                or a docker RepoTag), or null
     * @param scratch a directory for a decompressed copy of a gzip-compressed archive
     */
    static SourcePlan read(Path source, String ref, Path scratch) throws IOException {
        if (Files.isDirectory(source)) {
            ArchiveFiles files = new ArchiveFiles.Directory(source, "the image layout " + source);
            if (files.exists("oci-layout")) {
                return oci(files, ref);
            }
            if (files.exists("manifest.json")) {
                return docker(new ArchiveFiles.Directory(source, "the docker image directory " + source), ref);
            }
            noRef(ref, source);
            return new SourcePlan(null, null, Image.Settings.NONE,
                    List.of(new SourcePlan.TreeLayer("the directory " + source, source)));
        }
        if (!Files.isRegularFile(source)) {
            throw new JrunException("image source " + Quote.bare(source.toString()) + ": " + (Files.exists(source)
                    ? "neither a directory nor a regular file" : "no such file or directory"));
        }
        Path tar = source;
        if (gzipped(source)) {
            tar = scratch.resolve("source.tar");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(source), 65536)) {
                Files.copy(in, tar);
            } catch (java.util.zip.ZipException e) {
                throw new JrunException("image source " + source + ": broken gzip data: " + e.getMessage(), e);
            }
        }
        ArchiveFiles.Tar files;
        try {
            files = ArchiveFiles.Tar.index(tar, "the archive " + source);
        } catch (JrunException e) {
            throw new JrunException("image source " + source + " is not an image: neither a directory nor a tar archive "
                    + "(plain or gzip-compressed): " + e.getMessage(), e);
        }
        if (files.exists("oci-layout") && files.exists("index.json")) {
            return oci(files, ref);
        }
        if (files.exists("manifest.json")) {
            return docker(files, ref);
        }
        noRef(ref, source);
        Path layer = tar;
        return new SourcePlan(null, null, Image.Settings.NONE, List.of(new SourcePlan.TarLayer(
                "the root filesystem tarball " + source, () -> Files.newInputStream(layer), null, -1, null)));
    }

    private static void noRef(String ref, Path source) {
        if (ref != null) {
            throw new JrunException("--ref " + ref + ": " + source + " is a root filesystem, not an image with references");
        }
    }

    /** Whether {@code file} starts with gzip's magic bytes. */
    static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
    }

    /** A stream that is decompressed if it starts with gzip's magic bytes. */
    static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(b, 65536) : b;
    }

    // --- OCI image layout ------------------------------------------------------------------------

    /** A manifest found in the index, with the reference it goes by. */
    private record Candidate(ImageDocs.Descriptor descriptor, String ref) {}

    private static SourcePlan oci(ArchiveFiles files, String ref) throws IOException {
        ImageDocs.Layout layout = parse(files.read("oci-layout"), ImageDocs.Layout.class, files, "oci-layout");
        if (layout.imageLayoutVersion() == null || !layout.imageLayoutVersion().startsWith("1.")) {
            throw new JrunException(files.describe() + ": unsupported image layout version \""
                    + layout.imageLayoutVersion() + "\" in oci-layout (jrun reads 1.x)");
        }
        ImageDocs.Index index = parse(files.read("index.json"), ImageDocs.Index.class, files, "index.json");
        List<Candidate> candidates = new ArrayList<>();
        Set<String> skipped = new LinkedHashSet<>();
        collect(files, index, null, candidates, skipped, 0);
        if (candidates.isEmpty()) {
            throw new JrunException(files.describe() + " holds no image manifest"
                    + (skipped.isEmpty() ? "" : ": unsupported media type " + String.join(", ", skipped)));
        }
        Candidate chosen = choose(files, candidates, ref);
        ImageDocs.Descriptor md = chosen.descriptor();
        ImageDocs.Manifest manifest = parse(blob(files, md, "the image manifest"), ImageDocs.Manifest.class, files,
                "manifest " + md.digest());
        String manifestType = manifest.mediaType() != null ? manifest.mediaType() : md.mediaType();
        if (manifestType != null && !manifestType.equals(ImageDocs.OCI_MANIFEST) && !manifestType.equals(ImageDocs.DOCKER_MANIFEST)) {
            throw new JrunException(files.describe() + ": manifest " + md.digest() + ": unsupported media type " + manifestType);
        }
        ImageDocs.Descriptor cd = manifest.config();
        if (cd == null) {
            throw new JrunException(files.describe() + ": manifest " + md.digest() + " has no config");
        }
        if (!ImageDocs.OCI_CONFIG.equals(cd.mediaType()) && !ImageDocs.DOCKER_CONFIG.equals(cd.mediaType())) {
            throw new JrunException(files.describe() + ": the image config " + cd.digest() + " has the unsupported media type "
                    + cd.mediaType() + " (not a container image?)");
        }
        ImageDocs.Config config = parse(blob(files, cd, "the image config"), ImageDocs.Config.class, files,
                "config " + cd.digest());
        List<ImageDocs.Descriptor> layers = manifest.layers() == null ? List.of() : manifest.layers();
        List<String> diffIds = diffIds(config, layers.size(), files);
        List<SourcePlan.LayerSource> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ImageDocs.Descriptor ld = layers.get(i);
            String what = "layer " + (i + 1) + " of " + layers.size();
            String digest = Digests.check(ld.digest(), files.describe() + ": " + what);
            if (!LAYER_TYPES.contains(ld.mediaType())) {
                throw new JrunException(files.describe() + ": " + what + " (" + digest + ") has the unsupported media type "
                        + ld.mediaType() + (ld.mediaType() != null && ld.mediaType().contains("zstd")
                        ? " (zstd: recompress the image with gzip, e.g. skopeo copy --dest-compress-format gzip)"
                        : " (jrun reads tar and tar+gzip layers)"));
            }
            String path = "blobs/sha256/" + Digests.hex(digest);
            out.add(new SourcePlan.TarLayer(what + " (" + digest + ")", () -> files.open(path), digest, ld.size(),
                    Digests.check(diffIds.get(i), files.describe() + ": rootfs.diff_ids[" + i + "]")));
        }
        return new SourcePlan(Digests.check(cd.digest(), "the image config"), platform(config, files), settings(config), out);
    }

    /** The manifests of {@code index} and of the indexes it nests, with their refs. */
    private static void collect(ArchiveFiles files, ImageDocs.Index index, String ref, List<Candidate> out,
                                Set<String> skipped, int depth) throws IOException {
        if (depth > 4) {
            throw new JrunException(files.describe() + ": image indexes nested too deep");
        }
        for (ImageDocs.Descriptor d : index.manifests() == null ? List.<ImageDocs.Descriptor>of() : index.manifests()) {
            String name = d.annotations() != null && d.annotations().get(ImageDocs.REF_NAME) != null
                    ? d.annotations().get(ImageDocs.REF_NAME) : ref;
            if (ImageDocs.OCI_INDEX.equals(d.mediaType()) || ImageDocs.DOCKER_LIST.equals(d.mediaType())) {
                ImageDocs.Index nested = parse(blob(files, d, "an image index"), ImageDocs.Index.class, files,
                        "index " + d.digest());
                collect(files, nested, name, out, skipped, depth + 1);
            } else if (ImageDocs.OCI_MANIFEST.equals(d.mediaType()) || ImageDocs.DOCKER_MANIFEST.equals(d.mediaType())) {
                if (platformMatches(d.platform())) {
                    out.add(new Candidate(d, name));
                } else {
                    skipped.add(d.platform().os() + "/" + d.platform().architecture() + " (this machine is linux/"
                            + hostArchitecture() + ")");
                }
            } else {
                skipped.add(String.valueOf(d.mediaType()));
            }
        }
    }

    private static Candidate choose(ArchiveFiles files, List<Candidate> candidates, String ref) {
        List<Candidate> matching = candidates;
        if (ref != null) {
            matching = candidates.stream().filter(c -> ref.equals(c.ref())).toList();
            if (matching.isEmpty()) {
                throw new JrunException(files.describe() + " has no image with the reference \"" + ref + "\"; it has "
                        + refs(candidates));
            }
        }
        if (matching.size() > 1) {
            throw new JrunException(files.describe() + " holds " + matching.size() + " images (" + refs(matching)
                    + "): choose one with --ref");
        }
        return matching.getFirst();
    }

    private static String refs(List<Candidate> candidates) {
        List<String> names = new ArrayList<>();
        for (Candidate c : candidates) {
            names.add(c.ref() != null ? "\"" + c.ref() + "\"" : c.descriptor().digest() + " (no reference)");
        }
        return String.join(", ", names);
    }

    private static boolean platformMatches(ImageDocs.Platform p) {
        return p == null || (("linux".equals(p.os()) || p.os() == null)
                && (p.architecture() == null || p.architecture().equals(hostArchitecture())));
    }

    /** The host's architecture in the image spec's words (Go's GOARCH). */
    static String hostArchitecture() {
        return Arch.current() == Arch.X86_64 ? "amd64" : "arm64";
    }

    /** A blob the descriptor names, read whole and checked against its digest and size. */
    private static byte[] blob(ArchiveFiles files, ImageDocs.Descriptor d, String what) throws IOException {
        String digest = Digests.check(d.digest(), files.describe() + ": " + what);
        byte[] data = files.read("blobs/sha256/" + Digests.hex(digest));
        Digests.verify(digest, Digests.of(data), d.size() > 0 ? d.size() : -1, data.length, what);
        return data;
    }

    // --- docker-archive --------------------------------------------------------------------------

    private static SourcePlan docker(ArchiveFiles files, String ref) throws IOException {
        String text = new String(files.read("manifest.json"), StandardCharsets.UTF_8);
        ImageDocs.DockerManifest manifest = parse(("{\"images\":" + text + "}").getBytes(StandardCharsets.UTF_8),
                ImageDocs.DockerManifest.class, files, "manifest.json");
        List<ImageDocs.DockerImage> images = manifest.images() == null ? List.of() : manifest.images();
        if (images.isEmpty()) {
            throw new JrunException(files.describe() + ": manifest.json lists no image");
        }
        ImageDocs.DockerImage image = chooseDocker(files, images, ref);
        if (image.Config() == null) {
            throw new JrunException(files.describe() + ": manifest.json: an image without its Config");
        }
        byte[] configBytes = files.read(image.Config());
        String configDigest = Digests.of(configBytes);
        // docker names the config after its digest ("HEX.json", or "blobs/sha256/HEX"): check it
        String configName = image.Config().substring(image.Config().lastIndexOf('/') + 1).replaceFirst("\\.json$", "");
        if (configName.matches("[a-f0-9]{64}")) {
            Digests.verify("sha256:" + configName, configDigest, -1, configBytes.length, "the image config " + image.Config());
        }
        ImageDocs.Config config = parse(configBytes, ImageDocs.Config.class, files, image.Config());
        List<String> paths = image.Layers() == null ? List.of() : image.Layers();
        List<String> diffIds = diffIds(config, paths.size(), files);
        List<SourcePlan.LayerSource> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = ArchiveFiles.clean(paths.get(i), files.describe() + ": manifest.json: Layers[" + i + "]");
            String diffId = Digests.check(diffIds.get(i), files.describe() + ": rootfs.diff_ids[" + i + "]");
            out.add(new SourcePlan.TarLayer("layer " + (i + 1) + " of " + paths.size() + " (" + path + ")",
                    () -> files.open(path), null, -1, diffId));
        }
        return new SourcePlan(configDigest, platform(config, files), settings(config), out);
    }

    private static ImageDocs.DockerImage chooseDocker(ArchiveFiles files, List<ImageDocs.DockerImage> images, String ref) {
        List<ImageDocs.DockerImage> matching = images;
        if (ref != null) {
            matching = images.stream().filter(i -> i.RepoTags() != null
                    && (i.RepoTags().contains(ref) || i.RepoTags().contains(ref + ":latest"))).toList();
        }
        if (matching.size() == 1) {
            return matching.getFirst();
        }
        List<String> tags = new ArrayList<>();
        for (ImageDocs.DockerImage i : images) {
            tags.add(i.RepoTags() == null || i.RepoTags().isEmpty() ? i.Config() + " (untagged)" : String.join(" ", i.RepoTags()));
        }
        throw new JrunException(files.describe() + (matching.isEmpty()
                ? " has no image tagged \"" + ref + "\"; it has " + String.join(", ", tags)
                : " holds " + images.size() + " images (" + String.join(", ", tags) + "): choose one with --ref"));
    }

    // --- the image config ------------------------------------------------------------------------

    private static List<String> diffIds(ImageDocs.Config config, int layers, ArchiveFiles files) {
        List<String> ids = config.rootfs() == null || config.rootfs().diff_ids() == null ? List.of() : config.rootfs().diff_ids();
        if (ids.size() != layers) {
            throw new JrunException(files.describe() + ": the image config lists " + ids.size() + " layer digests "
                    + "(rootfs.diff_ids) for " + layers + " layers");
        }
        if (layers == 0) {
            throw new JrunException(files.describe() + ": the image has no layers");
        }
        return ids;
    }

    /** "os/architecture" of the config, which must be this machine's: a foreign image's programs cannot run. */
    private static String platform(ImageDocs.Config config, ArchiveFiles files) {
        if (config.os() == null && config.architecture() == null) {
            return null;
        }
        String platform = config.os() + "/" + config.architecture();
        boolean os = config.os() == null || config.os().equals("linux");
        boolean arch = config.architecture() == null || config.architecture().equals(hostArchitecture());
        if (!os || !arch) {
            throw new JrunException(files.describe() + ": the image is for " + platform + ", and this machine runs linux/"
                    + hostArchitecture());
        }
        return platform;
    }

    private static Image.Settings settings(ImageDocs.Config config) {
        ImageDocs.Settings s = config.config();
        if (s == null) {
            return Image.Settings.NONE;
        }
        return new Image.Settings(s.Entrypoint(), s.Cmd(), s.Env(), emptyToNull(s.WorkingDir()), emptyToNull(s.User()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static <T> T parse(byte[] json, Class<T> type, ArchiveFiles files, String document) {
        try {
            return Json.parse(new String(json, StandardCharsets.UTF_8), type, document);
        } catch (SpecException e) {
            throw new JrunException(files.describe() + ": " + e.getMessage(), e);
        }
    }
}
