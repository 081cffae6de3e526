package io.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @Test
    void removesATreeWithoutFollowingSymlinks(@TempDir Path tmp) throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside"), "keep");
        Path outsideDir = Files.createDirectories(tmp.resolve("outside-dir"));
        Files.writeString(outsideDir.resolve("f"), "keep");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(tree.resolve("to-file"), outside);
        Files.createSymbolicLink(tmp.resolve("tree/to-dir"), outsideDir);
        FileTrees.delete(tmp.resolve("tree"));
        assertFalse(Files.exists(tmp.resolve("tree")));
        assertEquals("keep", Files.readString(outside));
        assertEquals("keep", Files.readString(outsideDir.resolve("f")));
        FileTrees.delete(tmp.resolve("tree")); // gone already: nothing to do
    }

    @Test
    void aMountPointInsideStopsIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path tree = Files.createTempDirectory(Path.of("/run"), "jrun-filetrees-");
        Path mnt = Files.createDirectories(tree.resolve("mnt"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "t", mnt.toString()).inheritIO().start().waitFor());
        try {
            Files.writeString(mnt.resolve("precious"), "keep");
            IOException e = assertThrows(IOException.class, () -> FileTrees.delete(tree));
            assertTrue(e.getMessage().contains(mnt + " is a mount point"), e.getMessage());
            assertEquals("keep", Files.readString(mnt.resolve("precious")));
        } finally {
            new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
            FileTrees.delete(tree);
        }
    }
}
