package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new user namespace: the mappings in /proc/self/uid_map and gid_map, and file owners through them. */
class UserNamespaceIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final int HOST_BASE = 100000;
    private static final int SIZE = 65536;

    private static Bundle inUserNamespace(Bundle bundle) {
        bundle.namespace("user");
        for (String mappings : List.of("uidMappings", "gidMappings")) {
            bundle.linux().putArray(mappings).addObject()
                    .put("containerID", 0).put("hostID", HOST_BASE).put("size", SIZE);
        }
        return bundle;
    }

    private static String owner(Path file) throws IOException {
        return Files.getAttribute(file, "unix:uid") + ":" + Files.getAttribute(file, "unix:gid");
    }

    @Test
    void theMappingsAreTheConfigs() {
        Bundle bundle = inUserNamespace(
                containers.bundle().sh("cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g"));

        List<String> lines = containers.run(bundle).ok().lines().stream().map(l -> l.replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("0 " + HOST_BASE + " " + SIZE, "0 " + HOST_BASE + " " + SIZE, "0", "0"), lines);
    }

    @Test
    void filesAreOwnedThroughTheMappings() throws IOException {
        Bundle bundle = inUserNamespace(containers.bundle().sh("""
                stat -c '%u:%g' /home/user /bin/busybox
                touch /tmp/made-inside
                """));
        Path home = bundle.file("/home/user");
        Files.setAttribute(home, "unix:uid", HOST_BASE + 1000);
        Files.setAttribute(home, "unix:gid", HOST_BASE + 1001);

        // host 101000:101001 is 1000:1001 inside; host root is unmapped: the overflow id, 65534
        assertEquals(List.of("1000:1001", "65534:65534"), containers.run(bundle).ok().lines());
        // root inside is host 100000
        assertEquals(HOST_BASE + ":" + HOST_BASE, owner(bundle.file("/tmp/made-inside")));
    }
}
