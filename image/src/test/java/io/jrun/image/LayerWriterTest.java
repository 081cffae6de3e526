package io.jrun.image;

import io.jrun.api.JrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unpacking one layer: whiteouts, opaque directories, attributes, and members that would escape. No root needed. */
class LayerWriterTest {
    @TempDir
    Path tmp;

    private final FakeFs fs = new FakeFs();

    private Path unpack(TarBuilder tar) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("layer"));
        LayerWriter w = new LayerWriter(root, fs, "layer 1 of 1");
        TarReader r = new TarReader(new ByteArrayInputStream(tar.bytes()), "layer 1 of 1");
        for (TarEntry e; (e = r.next()) != null; ) {
            w.apply(e, r.content());
        }
        w.finish();
        return root;
    }

    @Test
    void writesFilesDirectoriesLinksAndAttributes() throws IOException {
        Path root = unpack(new TarBuilder().dir("./").dir("./bin/").file("./bin/busybox", "ELF", 04755, 0, 0)
                .symlink("./bin/sh", "/bin/busybox").hardlink("./bin/ls", "./bin/busybox")
                .file("./home/user/.profile", "x", 0600, 1000, 1000).fifo("./run/fifo").charDevice("dev/null", 1, 3));
        assertEquals("ELF", Files.readString(root.resolve("bin/busybox")));
        assertEquals(04755, (int) Files.getAttribute(root.resolve("bin/busybox"), "unix:mode") & 07777);
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(root.resolve("bin/sh")));
        assertTrue(Files.isSameFile(root.resolve("bin/ls"), root.resolve("bin/busybox")));
        assertEquals(1_700_000_000_000L, Files.getLastModifiedTime(root.resolve("bin")).toMillis());
        assertEquals("1000:1000", fs.owners.get(root.resolve("home/user/.profile")));
        assertEquals(0755, (int) Files.getAttribute(root.resolve("home"), "unix:mode") & 07777, "made for a member");
        assertEquals("p", fs.nodes.get(root.resolve("run/fifo")));
        assertEquals("c 1 3", fs.nodes.get(root.resolve("dev/null")));
    }

    @Test
    void aWhiteoutBecomesACharacterDevice00() throws IOException {
        Path root = unpack(new TarBuilder().dir("etc/").file("etc/.wh.motd", "").file(".wh.tmp", ""));
        assertEquals(Map.of(root.resolve("etc/motd"), "c 0 0", root.resolve("tmp"), "c 0 0"), fs.nodes);
        assertFalse(Files.exists(root.resolve("etc/.wh.motd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anOpaqueMarkerSetsTheOverlayXattrOnItsDirectory() throws IOException {
        Path root = unpack(new TarBuilder().dir("var/cache/").file("var/cache/.wh..wh..opq", "").file("var/cache/new", "n")
                .file("var/.wh..wh.plnk", ""));
        assertEquals(Map.of(root.resolve("var/cache"), Map.of("trusted.overlay.opaque", "y")), fs.xattrs);
        assertEquals("n", Files.readString(root.resolve("var/cache/new")), "the layer's own files stay");
        try (Stream<Path> s = Files.list(root.resolve("var"))) {
            assertEquals(List.of(root.resolve("var/cache")), s.toList(), "AUFS metadata is skipped");
        }
    }

    @Test
    void aWhiteoutOfANameTheLayerHasLeavesTheName() throws IOException {
        Path root = unpack(new TarBuilder().file("a", "kept").file(".wh.a", "").file(".wh.b", "").file("b", "later"));
        assertEquals("kept", Files.readString(root.resolve("a")));
        assertEquals("later", Files.readString(root.resolve("b")), "a later member replaces the whiteout");
        // only b got a whiteout (before its member replaced it); a had its name already
        assertEquals(Map.of(root.resolve("b"), "c 0 0"), fs.nodes);
    }

    @Test
    void theArchivesOwnOverlayXattrsAreIgnoredOthersKept() throws IOException {
        Path root = unpack(new TarBuilder().pax("ping", "ELF", Map.of("SCHILY.xattr.security.capability", "cap",
                "SCHILY.xattr.trusted.overlay.redirect", "/etc")));
        assertEquals(Map.of(root.resolve("ping"), Map.of("security.capability", "cap")), fs.xattrs);
    }

    @Test
    void aLaterMemberReplacesAnEarlierOne() throws IOException {
        Path root = unpack(new TarBuilder().file("x", "file").dir("x/").file("x/y", "in dir").symlink("z", "x").file("z", "file"));
        assertEquals("in dir", Files.readString(root.resolve("x/y")));
        assertTrue(Files.isRegularFile(root.resolve("z"), LinkOption.NOFOLLOW_LINKS));
    }

    private JrunException refused(TarBuilder tar) {
        return assertThrows(JrunException.class, () -> unpack(tar));
    }

    @Test
    void dotDotIsRefused() throws IOException {
        JrunException e = refused(new TarBuilder().file("a/../../escaped", "x"));
        assertEquals("layer 1 of 1: member \"a/../../escaped\" has a \"..\" component, which would escape the root "
                + "filesystem; refusing the layer", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped")));
    }

    @Test
    void absolutePathsAreRefused() {
        JrunException e = refused(new TarBuilder().file("/etc/passwd", "root::0:0::/:/bin/sh"));
        assertTrue(e.getMessage().contains("\"/etc/passwd\" is an absolute path, which would escape the root filesystem"),
                e.getMessage());
    }

    @Test
    void writingThroughAnAbsoluteSymlinkIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        JrunException e = refused(new TarBuilder().symlink("etc", outside.toString()).file("etc/passwd", "owned"));
        assertEquals("layer 1 of 1: member \"etc/passwd\" goes through the symlink \"etc\" -> \"" + outside
                + "\": writing through a symlink could escape the root filesystem; refusing the layer", e.getMessage());
        assertFalse(Files.exists(outside.resolve("passwd")));
    }

    @Test
    void writingThroughARelativeSymlinkOutIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("outside"));
        refused(new TarBuilder().dir("a/").symlink("a/up", "../../outside").file("a/up/x", "owned"));
        assertFalse(Files.exists(tmp.resolve("outside/x")));
    }

    @Test
    void hardLinksLeavingTheLayerAreRefused() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "s");
        assertTrue(refused(new TarBuilder().hardlink("h", secret.toString())).getMessage().contains("absolute path"));
        assertTrue(refused(new TarBuilder().hardlink("h", "../secret")).getMessage().contains("\"..\""));
        Files.createDirectories(tmp.resolve("layer2"));
        JrunException e = refused(new TarBuilder().symlink("l", tmp.toString()).hardlink("h", "l/secret"));
        assertTrue(e.getMessage().contains("goes through the symlink \"l\""), e.getMessage());
    }

    @Test
    void aHardLinkToAMissingMemberIsAnError() {
        JrunException e = refused(new TarBuilder().hardlink("h", "nowhere"));
        assertEquals("layer 1 of 1: member \"h\" is a hard link to \"nowhere\", which is not in the layer before it",
                e.getMessage());
    }
}
