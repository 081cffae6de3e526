package io.jrun.core.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupFilesTest {
    @Test
    void aCgroupBeingRemovedCountsAsGoneWhetherTheOpenOrTheReadFails() {
        // the open of a file in a cgroup rmdir has begun on, and a read of one opened before
        assertTrue(CgroupFiles.gone(new FileSystemException("/sys/fs/cgroup/c/memory.events", null, "No such device")));
        assertTrue(CgroupFiles.gone(new IOException("No such device")));
        assertTrue(CgroupFiles.gone(new NoSuchFileException("/sys/fs/cgroup/c/memory.events")));
        assertFalse(CgroupFiles.gone(new AccessDeniedException("/sys/fs/cgroup/c/memory.events")));
        assertFalse(CgroupFiles.gone(new IOException("Input/output error")));
    }

    @Test
    void readIfExistsAnswersNullOnlyForAMissingFile(@TempDir Path dir) throws IOException {
        assertNull(CgroupFiles.readIfExists(dir.resolve("memory.events"), "watch"));
        Files.writeString(dir.resolve("memory.events"), "oom 0\noom_kill 2\n");
        assertEquals(2, CgroupFiles.key(dir.resolve("memory.events"), "oom_kill", 0, "watch"));
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupFiles.readIfExists(dir, "watch"));
        assertTrue(e.getMessage().startsWith("watch: read " + dir + ": "), e.getMessage());
    }
}
