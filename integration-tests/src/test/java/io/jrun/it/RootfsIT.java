package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** root.readonly, linux.maskedPaths and linux.readonlyPaths. */
class RootfsIT {
    @RegisterExtension
    final Containers containers = new Containers();

    @Test
    void aReadonlyRootCannotBeWrittenButATmpfsOnItCan() {
        Bundle bundle = containers.bundle().sh("""
                touch /written || echo root refused
                touch /tmp/written && echo tmp took it
                awk '$5 == "/"' /proc/self/mountinfo
                """);
        bundle.config().withObject("/root").put("readonly", true);
        bundle.mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev");

        Result result = containers.run(bundle).ok();
        assertEquals(List.of("root refused", "tmp took it"), result.lines().subList(0, 2));
        assertTrue(result.stderr().contains("Read-only file system"), result::toString);
        MountEntry root = MountEntry.parse(result.lines().get(2)).getFirst();
        assertTrue(root.options().contains("ro"), root::toString);
        assertFalse(Files.exists(bundle.file("/written")));
    }

    @Test
    void maskedPathsCannotBeRead() throws IOException {
        Bundle bundle = containers.bundle().sh("""
                head -c 16 /proc/kcore | wc -c
                ls -A /masked-dir | wc -l
                head -c 16 /masked-file | wc -c
                """);
        Files.createDirectory(bundle.file("/masked-dir"));
        Files.writeString(bundle.file("/masked-dir/secret"), "secret");
        Files.writeString(bundle.file("/masked-file"), "secret");
        addPath(bundle, "maskedPaths", "/proc/kcore");
        addPath(bundle, "maskedPaths", "/masked-dir");
        addPath(bundle, "maskedPaths", "/masked-file");

        // each reads as empty: a failed read would print 0 as well, but never the content
        assertEquals(List.of("0", "0", "0"), containers.run(bundle).ok().lines());
        assertEquals("secret", Files.readString(bundle.file("/masked-file")), "masking must not touch the rootfs");
    }

    @Test
    void readonlyPathsCannotBeWritten() throws IOException {
        Bundle bundle = containers.bundle().sh("""
                echo 1 > /proc/sys/net/ipv4/ip_forward || echo proc-sys refused
                touch /ro-dir/new || echo ro-dir refused
                cat /ro-dir/file
                """);
        Files.createDirectory(bundle.file("/ro-dir"));
        Files.writeString(bundle.file("/ro-dir/file"), "readable\n");
        addPath(bundle, "readonlyPaths", "/proc/sys");
        addPath(bundle, "readonlyPaths", "/ro-dir");

        Result result = containers.run(bundle).ok();
        assertEquals(List.of("proc-sys refused", "ro-dir refused", "readable"), result.lines());
        assertEquals(2, result.stderr().split("Read-only file system", -1).length - 1, result::toString);
    }

    private static void addPath(Bundle bundle, String list, String path) {
        var paths = bundle.linux().withArray("/" + list);
        for (var existing : paths) {
            if (existing.asText().equals(path)) {
                return;
            }
        }
        paths.add(path);
    }
}
