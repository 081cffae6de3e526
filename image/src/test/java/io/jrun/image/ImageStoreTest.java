package io.jrun.image;

import io.jrun.api.JrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing each kind of source, checking digests, refusing what is wrong, removing. No root needed. */
class ImageStoreTest {
    @TempDir
    Path tmp;

    private final FakeFs fs = new FakeFs();
    private ImageStore store;

    private ImageStore store() {
        if (store == null) {
            store = new ImageStore(new Storage(tmp.resolve("storage")), fs);
        }
        return store;
    }

    private static byte[] base() {
        return new TarBuilder().dir("./").dir("bin/").file("bin/sh", "#!shell", 0755, 0, 0).file("etc/motd", "hello")
                .dir("var/cache/").file("var/cache/old", "lower").bytes();
    }

    private static byte[] top() {
        return new TarBuilder().dir("etc/").file("etc/.wh.motd", "").dir("var/cache/").file("var/cache/.wh..wh..opq", "")
                .file("var/cache/new", "upper").bytes();
    }

    private Path layerTree(String diffId) {
        return store().storage().layerTree(diffId);
    }

    /** What the storage holds besides its lock files: images, layers, work directories. */
    private List<String> contents() throws IOException {
        List<String> out = new ArrayList<>();
        Storage s = store().storage();
        for (Path dir : List.of(s.layers(), s.tmp(), s.containers())) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.forEach(p -> out.add(s.dir().relativize(p).toString()));
                }
            }
        }
        store().list().forEach(i -> out.add("image " + i.name()));
        return out;
    }

    @Test
    void importsAnOciLayoutWithItsSettingsAndWhiteouts() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base(), top()), true, TestImages.SETTINGS, "1.0");
        List<String> progress = new ArrayList<>();
        Image image = store().importImage("app", layout.dir(), null, recording(progress));

        assertEquals(layout.config(), image.id());
        assertEquals(new Image.Settings(List.of("/bin/echo"), List.of("hello"), List.of("A=1"), "/srv", "1000:1000"),
                image.settings());
        assertEquals("linux/" + ImageSources.hostArchitecture(), image.platform());
        assertEquals(layout.diffIds(), image.layers().stream().map(Image.Layer::digest).toList());
        assertEquals(base().length, image.layers().getFirst().size());
        assertEquals(List.of(image), store().list());
        assertEquals("#!shell", Files.readString(layerTree(layout.diffIds().get(0)).resolve("bin/sh")));
        // the fake saw the layer where it was unpacked, in the import's work directory
        assertEquals(java.util.Map.of("layer-2/diff/etc/motd", "c 0 0"), unpacked(fs.nodes));
        assertEquals(java.util.Map.of("layer-2/diff/var/cache", java.util.Map.of("trusted.overlay.opaque", "y")),
                unpacked(fs.xattrs));
        assertTrue(Files.exists(layerTree(layout.diffIds().get(1)).resolve("etc/motd")), "the whiteout's stand-in moved too");
        assertEquals(List.of("layer 1 of 2 (" + layout.layers().get(0) + ")", "layer 2 of 2 (" + layout.layers().get(1) + ")",
                "end"), progress);
        assertEquals(List.of(), children(store().storage().tmp()), "the work directory is gone");
    }

    @Test
    void layersAreUnpackedOncePerDigestAndSharedByImages() throws IOException {
        TestImages.oci(tmp.resolve("one"), List.of(base()), false, "{}", null);
        TestImages.Layout two = TestImages.oci(tmp.resolve("two"), List.of(base(), top()), true, "{}", null);
        store().importImage("one", tmp.resolve("one"), null, ImportProgress.NONE);
        List<String> progress = new ArrayList<>();
        store().importImage("two", two.dir(), null, recording(progress));
        assertEquals("reused layer 1 of 2 (" + two.layers().get(0) + ")", progress.getFirst());
        assertEquals(2, children(store().storage().layers()).size());

        store().remove(List.of("two"));
        assertEquals(List.of("one"), store().list().stream().map(Image::name).toList());
        assertEquals(List.of(store().storage().layer(two.diffIds().get(0))), children(store().storage().layers()),
                "the layer only two had is gone, the shared one stays");
        store().remove(List.of("one"));
        assertEquals(List.of(), contents());
    }

    @Test
    void importsADockerArchive() throws IOException {
        Path archive = Files.write(tmp.resolve("saved.tar"), TestImages.dockerArchive(List.of(base(), top()),
                "{\"Cmd\":[\"sh\"]}", "app:1"));
        Image image = store().importImage("app", archive, null, ImportProgress.NONE);
        assertEquals(List.of("sh"), image.settings().cmd());
        assertEquals(2, image.layers().size());
        assertEquals("upper", Files.readString(layerTree(image.layers().get(1).digest()).resolve("var/cache/new")));
    }

    @Test
    void importsAnOciArchiveAndAGzipCompressedDockerArchive() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base()), true, "{}", "v1");
        TarBuilder archive = new TarBuilder();
        try (Stream<Path> files = Files.walk(layout.dir())) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                archive.add(layout.dir().relativize(f).toString(), '0', 0644, 0, 0, Files.readAllBytes(f), "", 0, 0);
            }
        }
        Path ociArchive = Files.write(tmp.resolve("oci.tar"), archive.bytes());
        assertEquals(layout.config(), store().importImage("oci", ociArchive, "v1", ImportProgress.NONE).id());

        Path docker = Files.write(tmp.resolve("saved.tar.gz"), TarBuilder.gzip(TestImages.dockerArchive(List.of(base()),
                "{}", "x:latest")));
        assertEquals(1, store().importImage("docker", docker, "x", ImportProgress.NONE).layers().size());
    }

    @Test
    void importsARootFilesystemTarballAndDirectory() throws IOException {
        Path tarball = Files.write(tmp.resolve("rootfs.tar.gz"), TarBuilder.gzip(base()));
        Image fromTar = store().importImage("fromtar", tarball, null, ImportProgress.NONE);
        assertEquals(Digests.of(base()), fromTar.id());
        assertEquals(Image.Settings.NONE, fromTar.settings());

        Path dir = Files.createDirectories(tmp.resolve("rootfs/bin"));
        Files.writeString(dir.resolve("sh"), "#!shell");
        Files.createLink(dir.resolve("ls"), dir.resolve("sh"));
        Files.createSymbolicLink(dir.resolve("busybox"), Path.of("/bin/sh"));
        Image fromDir = store().importImage("fromdir", tmp.resolve("rootfs"), null, ImportProgress.NONE);
        Path tree = layerTree(fromDir.layers().getFirst().digest());
        assertTrue(Files.isSameFile(tree.resolve("bin/ls"), tree.resolve("bin/sh")), "hard links stay links");
        assertEquals(Path.of("/bin/sh"), Files.readSymbolicLink(tree.resolve("bin/busybox")));
        assertEquals(fromDir.id(), store().importImage("again", tmp.resolve("rootfs"), null, ImportProgress.NONE).id(),
                "the same tree, the same digest");
    }

    @Test
    void aCorruptBlobIsNamedByItsDigestAndNothingIsLeft() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base(), top()), true, "{}", null);
        Path blob = layout.blob(layout.layers().get(1));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);
        JrunException e = assertThrows(JrunException.class,
                () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().startsWith("blob " + layout.layers().get(1) + " (layer 2 of 2 (" + layout.layers().get(1)
                + ")) is corrupt: its content hashes to sha256:"), e.getMessage());
        assertEquals(List.of(), contents(), "the first layer, unpacked fine, is not kept: nothing of the import is");
    }

    @Test
    void aCorruptConfigIsNamedByItsDigest() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base()), false, "{}", null);
        Files.writeString(layout.blob(layout.config()), "{\"os\":\"linux\"}");
        JrunException e = assertThrows(JrunException.class,
                () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().startsWith("blob " + layout.config() + " (the image config) is corrupt"), e.getMessage());
    }

    @Test
    void aLayerThatDoesNotMatchItsDiffIdIsRefused() throws IOException {
        byte[] archive = TestImages.dockerArchive(List.of(base()), "{}", "x");
        String text = new String(archive, java.nio.charset.StandardCharsets.ISO_8859_1).replace("#!shell", "#!SHELL");
        Path file = Files.write(tmp.resolve("x.tar"), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        JrunException e = assertThrows(JrunException.class, () -> store().importImage("x", file, null, ImportProgress.NONE));
        assertTrue(e.getMessage().contains("is corrupt: its uncompressed content hashes to sha256:"), e.getMessage());
        assertEquals(List.of(), contents());
    }

    @Test
    void anUnsupportedMediaTypeIsNamed() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base()), false, "{}", null,
                "application/vnd.oci.image.layer.v1.tar+zstd");
        JrunException e = assertThrows(JrunException.class,
                () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().contains("layer 1 of 1 (" + layout.layers().getFirst()
                + ") has the unsupported media type application/vnd.oci.image.layer.v1.tar+zstd"), e.getMessage());
    }

    @Test
    void aLayerEscapingTheRootIsRefusedAndNothingIsLeft() throws IOException {
        byte[] evil = new TarBuilder().symlink("etc", "/etc").file("etc/cron.d/evil", "* * * * * root sh").bytes();
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base(), evil), true, "{}", null);
        JrunException e = assertThrows(JrunException.class,
                () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().contains("member \"etc/cron.d/evil\" goes through the symlink \"etc\" -> \"/etc\""),
                e.getMessage());
        assertEquals(List.of(), contents());

        Path dotdot = Files.write(tmp.resolve("dotdot.tar"), new TarBuilder().file("../../escape", "x").bytes());
        e = assertThrows(JrunException.class, () -> store().importImage("dotdot", dotdot, null, ImportProgress.NONE));
        assertTrue(e.getMessage().contains("\"../../escape\" has a \"..\" component"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escape")));
    }

    @Test
    void digestsThatAreNoSha256AreRefusedBeforeTheyNameAFile() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base()), false, "{}", null);
        String index = Files.readString(layout.dir().resolve("index.json"));
        Files.writeString(layout.dir().resolve("index.json"), index.replace(layout.manifest(), "sha256:../../../etc/passwd"));
        JrunException e = assertThrows(JrunException.class,
                () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().endsWith("malformed digest \"sha256:../../../etc/passwd\""), e.getMessage());
        Files.writeString(layout.dir().resolve("index.json"), index.replace(layout.manifest(), "sha512:" + "a".repeat(128)));
        e = assertThrows(JrunException.class, () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().contains("unsupported digest algorithm"), e.getMessage());
    }

    @Test
    void severalImagesNeedARef() throws IOException {
        TestImages.Layout a = TestImages.oci(tmp.resolve("a"), List.of(base()), false, "{\"Cmd\":[\"a\"]}", "a");
        TestImages.Layout b = TestImages.oci(tmp.resolve("b"), List.of(top()), false, "{\"Cmd\":[\"b\"]}", "b");
        TestImages.addToIndex(b, a.dir(), "b");
        JrunException e = assertThrows(JrunException.class, () -> store().importImage("x", a.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().endsWith("holds 2 images (\"a\", \"b\"): choose one with --ref"), e.getMessage());
        e = assertThrows(JrunException.class, () -> store().importImage("x", a.dir(), "c", ImportProgress.NONE));
        assertTrue(e.getMessage().endsWith("has no image with the reference \"c\"; it has \"a\", \"b\""), e.getMessage());
        assertEquals(List.of("b"), store().importImage("x", a.dir(), "b", ImportProgress.NONE).settings().cmd());
    }

    @Test
    void unknownImagesAreNamedWithTheKnownOnes() throws IOException {
        JrunException none = assertThrows(JrunException.class, () -> store().find("busybox"));
        assertEquals("unknown image \"busybox\": no images imported yet (jrun image import NAME SOURCE)", none.getMessage());
        store().importImage("alpine", Files.write(tmp.resolve("r.tar"), base()), null, ImportProgress.NONE);
        store().importImage("debian", Files.write(tmp.resolve("r.tar"), base()), null, ImportProgress.NONE);
        JrunException e = assertThrows(JrunException.class, () -> store().find("busybox"));
        assertEquals("unknown image \"busybox\"; the images are: alpine, debian", e.getMessage());
        e = assertThrows(JrunException.class, () -> store().remove(List.of("alpine", "busybox")));
        assertEquals("unknown image \"busybox\"; the images are: alpine, debian", e.getMessage());
        assertEquals(2, store().list().size(), "nothing was removed");
    }

    @Test
    void aSourceThatIsNoImageIsSaidSo() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk"), "not an image at all, nor a tarball ".repeat(30));
        JrunException e = assertThrows(JrunException.class, () -> store().importImage("x", junk, null, ImportProgress.NONE));
        assertTrue(e.getMessage().startsWith("image source " + junk + " is not an image: neither a directory nor a tar archive"),
                e.getMessage());
        e = assertThrows(JrunException.class, () -> store().importImage("x", tmp.resolve("missing"), null, ImportProgress.NONE));
        assertEquals("image source " + tmp.resolve("missing") + ": no such file or directory", e.getMessage());
        e = assertThrows(JrunException.class, () -> store().importImage("-x", junk, null, ImportProgress.NONE));
        assertTrue(e.getMessage().startsWith("invalid image name \"-x\""), e.getMessage());
    }

    @Test
    void anImageForAnotherArchitectureIsRefused() throws IOException {
        TestImages.Layout layout = TestImages.oci(tmp.resolve("oci"), List.of(base()), false, "{}", null);
        String config = Files.readString(layout.blob(layout.config())).replace(ImageSources.hostArchitecture(), "riscv64");
        String digest = Digests.of(config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(layout.blob(digest), config);
        String manifest = Files.readString(layout.blob(layout.manifest())).replace(
                layout.config() + "\",\"size\":" + Files.size(layout.blob(layout.config())),
                digest + "\",\"size\":" + config.length());
        Files.delete(layout.blob(layout.manifest()));
        String manifestDigest = Digests.of(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(layout.blob(manifestDigest), manifest);
        Path index = layout.dir().resolve("index.json");
        Files.writeString(index, Files.readString(index).replace(layout.manifest(), manifestDigest));
        JrunException e = assertThrows(JrunException.class,
                () -> store().importImage("app", layout.dir(), null, ImportProgress.NONE));
        assertTrue(e.getMessage().endsWith("the image is for linux/riscv64, and this machine runs linux/"
                + ImageSources.hostArchitecture()), e.getMessage());
    }

    /** The fake's records by path from the import's work directory: "layer-2/diff/etc/motd". */
    private static <V> java.util.Map<String, V> unpacked(java.util.Map<Path, V> records) {
        java.util.Map<String, V> out = new java.util.TreeMap<>();
        records.forEach((path, v) -> {
            String p = path.toString();
            out.put(p.substring(p.indexOf("/layer-") + 1), v);
        });
        return out;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static ImportProgress recording(List<String> events) {
        return new ImportProgress() {
            @Override
            public void layer(int index, int count, String what, long size) {
                events.add(what);
            }

            @Override
            public void read(long bytes) {}

            @Override
            public void reused(int index, int count, String what) {
                events.add("reused " + what);
            }

            @Override
            public void end() {
                events.add("end");
            }
        };
    }
}
