package io.jrun.core.lifecycle;

import io.jrun.api.JrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** root.path as create takes it: relative to the bundle, and never through a symlink (as in runc). */
class RootfsPathTest {

    @Test
    void aRelativeRootIsTheBundlesDirectory(@TempDir Path bundle) throws Exception {
        Path rootfs = Files.createDirectory(bundle.resolve("rootfs"));
        assertEquals(rootfs.toRealPath(), Create.rootfs(bundle, "rootfs"));
        assertEquals(rootfs.toRealPath(), Create.rootfs(bundle, rootfs.toString()));
    }

    @Test
    void aBundleReachedThroughASymlinkIsTakenAsItsRealPath(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/rootfs")).getParent();
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertEquals(real.resolve("rootfs").toRealPath(), Create.rootfs(link, "rootfs"));
    }

    @Test
    void aRootThatIsASymlinkIsRefused(@TempDir Path bundle) throws Exception {
        Path real = Files.createDirectory(bundle.resolve("real"));
        Files.createSymbolicLink(bundle.resolve("rootfs"), real);
        JrunException e = assertThrows(JrunException.class, () -> Create.rootfs(bundle, "rootfs"));
        assertTrue(e.getMessage().startsWith("root.path: ") && e.getMessage().contains("symlink"), e.getMessage());
    }

    @Test
    void aRootThroughASymlinkedDirectoryIsRefused(@TempDir Path bundle) throws Exception {
        Files.createDirectories(bundle.resolve("real/rootfs"));
        Files.createSymbolicLink(bundle.resolve("images"), bundle.resolve("real"));
        assertThrows(JrunException.class, () -> Create.rootfs(bundle, "images/rootfs"));
    }

    @Test
    void aMissingRootOrAFileIsRefused(@TempDir Path bundle) throws Exception {
        Files.writeString(bundle.resolve("file"), "");
        assertTrue(assertThrows(JrunException.class, () -> Create.rootfs(bundle, "missing")).getMessage().startsWith("root.path: "));
        assertTrue(assertThrows(JrunException.class, () -> Create.rootfs(bundle, "file")).getMessage().contains("not a directory"));
    }
}
