package io.jrun.image;

import io.jrun.api.ContainerDirRelease;
import io.jrun.api.JrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image containers' directories: made once, released by their container's delete, swept when their jrun died. */
class ContainerDirTest {
    @TempDir
    Path tmp;

    private static final Image IMAGE = new Image("app", "sha256:" + "a".repeat(64), "2026-01-01T00:00:00Z", "/src", null,
            List.of(new Image.Layer("sha256:" + "b".repeat(64), 1)), Image.Settings.NONE);

    private Storage storage() {
        return new Storage(tmp.resolve("storage"));
    }

    @Test
    void aDirectoryIsMadeOnceWithItsParts() throws IOException {
        Storage storage = storage();
        try (ContainerDir dir = ContainerDir.create(storage, "c1", tmp.resolve("root"), IMAGE)) {
            for (String part : List.of("rootfs", "upper", "work", "container.json", ".lock")) {
                assertTrue(Files.exists(dir.path().resolve(part)), part);
            }
            JrunException e = assertThrows(JrunException.class, () -> ContainerDir.create(storage, "c1", tmp, IMAGE));
            assertTrue(e.getMessage().contains("of an image container named c1 exists"), e.getMessage());
        }
        assertThrows(JrunException.class, () -> ContainerDir.create(storage, "../x", tmp, IMAGE), "ids are checked");
    }

    @Test
    void releaseRemovesTheNamedDirectoryOnlyIfItIsThatContainers() throws IOException {
        Storage storage = storage();
        Path path;
        try (ContainerDir dir = ContainerDir.create(storage, "c1", tmp.resolve("root"), IMAGE)) {
            path = dir.path();
        }
        ContainerDirRelease release = new ContainerDir.Release();
        release.release(path, "c2");
        assertTrue(Files.isDirectory(path), "c2's delete leaves c1's directory");
        Path other = Files.createDirectories(tmp.resolve("precious"));
        release.release(other, "c1");
        assertTrue(Files.isDirectory(other), "a directory without jrun's container.json is never removed");
        release.release(path, "c1");
        assertFalse(Files.exists(path));
    }

    @Test
    void theRuntimesDeleteFindsTheRelease() {
        assertEquals(List.of(ContainerDir.Release.class),
                ServiceLoader.load(ContainerDirRelease.class).stream().map(ServiceLoader.Provider::type).toList(),
                "META-INF/services names it");
    }

    @Test
    void sweepRemovesDirectoriesWhoseContainerIsGone() throws IOException {
        Storage storage = storage();
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("alive")); // its state directory
        ContainerDir.create(storage, "alive", root, IMAGE).close();
        ContainerDir.create(storage, "gone", root, IMAGE).close();
        Files.createDirectories(storage.containers().resolve("half-made")); // a jrun killed before container.json

        assertEquals(Set.of("sha256:" + "b".repeat(64)), ContainerDir.sweep(storage), "the living container's layers");
        assertTrue(Files.isDirectory(storage.containers().resolve("alive")));
        assertFalse(Files.exists(storage.containers().resolve("gone")));
        assertFalse(Files.exists(storage.containers().resolve("half-made")));
    }
}
