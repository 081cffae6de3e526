package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hostname and domainname, set in the container's UTS namespace and nowhere else. */
class UtsIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static String host(String name) throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel", name)).strip();
    }

    @Test
    void hostnameIsSet() throws IOException {
        String before = host("hostname");
        Bundle bundle = containers.bundle().sh("hostname; cat /proc/sys/kernel/hostname");
        bundle.config().put("hostname", "jrun-it-host");

        assertEquals(List.of("jrun-it-host", "jrun-it-host"), containers.run(bundle).ok().lines());
        assertEquals(before, host("hostname"), "the host's hostname changed");
    }

    @Test
    void domainnameIsSet() throws IOException {
        containers.assumeNotRunc("runc 1.1.5 ignores domainname (the container reads \"(none)\")");
        String before = host("domainname");
        Bundle bundle = containers.bundle().sh("cat /proc/sys/kernel/domainname");
        bundle.config().put("domainname", "jrun-it.example");

        assertEquals("jrun-it.example", containers.run(bundle).ok().out());
        assertEquals(before, host("domainname"), "the host's domainname changed");
    }
}
