package io.jrun.image;

import io.jrun.api.JrunException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarReaderTest {
    @TempDir
    Path tmp;

    /** Every member with its content, as "NAME TYPE [content]". */
    private static List<String> read(byte[] archive) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(archive), "test.tar");
        List<String> out = new ArrayList<>();
        for (TarEntry e; (e = r.next()) != null; ) {
            String content = new String(r.content().readAllBytes(), StandardCharsets.UTF_8);
            out.add(e.name() + " " + e.type() + (content.isEmpty() ? "" : " " + content)
                    + (e.linkName().isEmpty() ? "" : " -> " + e.linkName()));
        }
        return out;
    }

    private static TarEntry only(byte[] archive) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(archive), "test.tar");
        TarEntry e = r.next();
        assertNull(r.next());
        return e;
    }

    @Test
    void readsUstarMembersOfEveryType() throws IOException {
        byte[] tar = new TarBuilder().dir("./etc/").file("./etc/hosts", "127.0.0.1 localhost\n")
                .symlink("./bin/sh", "/bin/busybox").hardlink("./etc/hosts2", "./etc/hosts").charDevice("./dev/null", 1, 3)
                .fifo("./run/fifo").bytes();
        assertEquals(List.of("./etc/ DIRECTORY", "./etc/hosts FILE 127.0.0.1 localhost\n", "./bin/sh SYMLINK -> /bin/busybox",
                "./etc/hosts2 HARDLINK -> ./etc/hosts", "./dev/null CHAR_DEVICE", "./run/fifo FIFO"), read(tar));
    }

    @Test
    void keepsModesOwnersTimesAndDeviceNumbers() throws IOException {
        TarEntry e = only(new TarBuilder().file("suid", "x", 04755, 1000, 1001).bytes());
        assertEquals(04755, e.mode());
        assertEquals(1000, e.uid());
        assertEquals(1001, e.gid());
        assertEquals(1_700_000_000L, e.mtimeSeconds());
        assertEquals(1, e.size());
        TarEntry d = only(new TarBuilder().charDevice("dev/tty", 5, 0).bytes());
        assertEquals(5, d.devMajor());
        assertEquals(0, d.devMinor());
    }

    @Test
    void joinsTheUstarPrefixToLongNames() throws IOException {
        String name = "a".repeat(80) + "/" + "b".repeat(60) + "/file";
        assertEquals(name, only(new TarBuilder().file(name, "x").bytes()).name());
    }

    @Test
    void readsGnuLongNamesAndLinkNames() throws IOException {
        String name = "dir/" + "n".repeat(150);
        String target = "/" + "t".repeat(140);
        assertEquals(List.of(name + " FILE data", "link SYMLINK -> " + target),
                read(new TarBuilder().gnuLongName(name, "data").gnuLongLink("link", target).bytes()));
    }

    @Test
    void paxHeadersOverrideTheUstarFields() throws IOException {
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("path", "caf\u00e9/" + "x".repeat(120));
        records.put("uid", "4000000000");
        records.put("gid", "7");
        records.put("mtime", "1700000123.456789");
        records.put("SCHILY.xattr.security.capability", new byte[] {1, 0, 0, 2, 0, (byte) 0xff});
        records.put("atime", "1700000000.1");
        TarEntry e = only(new TarBuilder().pax("short", "content", records).bytes());
        assertEquals("caf\u00e9/" + "x".repeat(120), e.name());
        assertEquals(4_000_000_000L, e.uid());
        assertEquals(7, e.gid());
        assertEquals(1_700_000_123L, e.mtimeSeconds());
        assertArrayEquals(new byte[] {1, 0, 0, 2, 0, (byte) 0xff}, e.xattrs().get("security.capability"));
    }

    @Test
    void readsBase256Numbers() throws IOException {
        assertEquals(8_589_934_592L, only(new TarBuilder().bigUid("f", 8_589_934_592L).bytes()).uid());
    }

    @Test
    void skipsUnreadContentAndEndsWithoutEndBlocks() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x".repeat(1000)).file("b", "y").bytesWithoutEnd();
        TarReader r = new TarReader(new ByteArrayInputStream(tar), "t");
        assertEquals("a", r.next().name());
        assertEquals("b", r.next().name()); // a's content was never read
        assertEquals("y", new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
        assertNull(r.next());
    }

    @Test
    void aDamagedHeaderIsReportedWithItsOffset() {
        byte[] tar = new TarBuilder().file("a", "x").file("b", "y").bytes();
        tar[1024 + 10] ^= 1; // the second header's name
        TarReader r = new TarReader(new ByteArrayInputStream(tar), "layer.tar");
        JrunException e = assertThrows(JrunException.class, () -> {
            while (r.next() != null) {
                r.content().readAllBytes();
            }
        });
        assertEquals("layer.tar: bad tar header checksum at offset 1024 (not a tar archive, or a damaged one)", e.getMessage());
    }

    @Test
    void aTruncatedArchiveIsAnError() {
        byte[] tar = new TarBuilder().file("a", "x".repeat(2000)).bytesWithoutEnd();
        byte[] cut = java.util.Arrays.copyOf(tar, 1200);
        TarReader r = new TarReader(new ByteArrayInputStream(cut), "t.tar");
        JrunException e = assertThrows(JrunException.class, () -> {
            r.next();
            r.content().readAllBytes();
        });
        assertTrue(e.getMessage().contains("ends in the middle of a member"), e.getMessage());
    }

    @Test
    void sparseFilesAreRefused() {
        byte[] tar = new TarBuilder().raw("holes", 'S', "").bytes();
        JrunException e = assertThrows(JrunException.class, () -> only(tar));
        assertEquals("test.tar: holes is a sparse file, which jrun does not read", e.getMessage());
    }

    @Test
    void notATarArchiveIsSaidSo() {
        byte[] junk = "this is not a tar archive at all ".repeat(40).getBytes(StandardCharsets.UTF_8);
        JrunException e = assertThrows(JrunException.class, () -> only(junk));
        assertTrue(e.getMessage().contains("not a tar archive"), e.getMessage());
    }

    /** Archives GNU tar writes: its own format with long names, and POSIX pax. */
    @Test
    void readsWhatGnuTarWrites() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")));
        Path src = Files.createDirectories(tmp.resolve("src/" + "d".repeat(120)));
        Files.writeString(src.resolve("f".repeat(130)), "long");
        Files.createSymbolicLink(tmp.resolve("src/link"), Path.of("/" + "t".repeat(150)));
        for (String format : List.of("gnu", "posix")) {
            Path archive = tmp.resolve(format + ".tar");
            Process p = new ProcessBuilder("tar", "--format=" + format, "--sort=name", "-C", tmp.resolve("src").toString(),
                    "-cf", archive.toString(), ".").inheritIO().start();
            assertEquals(0, p.waitFor());
            List<String> members = read(Files.readAllBytes(archive));
            assertEquals(List.of("./ DIRECTORY", "./" + "d".repeat(120) + "/ DIRECTORY",
                    "./" + "d".repeat(120) + "/" + "f".repeat(130) + " FILE long",
                    "./link SYMLINK -> /" + "t".repeat(150)), members, format);
        }
    }
}
