package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** linux.sysctl: set in the container's namespaces, read back from /proc/sys; the host's untouched. */
class SysctlIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static String host(String key) throws IOException {
        return Files.readString(Path.of("/proc/sys", key.replace('.', '/'))).strip();
    }

    @Test
    void namespacedSysctlsAreSet() throws IOException {
        Map<String, String> hostBefore = Map.of("net.ipv4.ip_forward", host("net.ipv4.ip_forward"),
                "kernel.shm_rmid_forced", host("kernel.shm_rmid_forced"));
        String forward = hostBefore.get("net.ipv4.ip_forward").equals("1") ? "0" : "1";
        String rmid = hostBefore.get("kernel.shm_rmid_forced").equals("1") ? "0" : "1";
        Bundle bundle = containers.bundle().sh("cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shm_rmid_forced");
        bundle.linux().putObject("sysctl").put("net.ipv4.ip_forward", forward).put("kernel.shm_rmid_forced", rmid);

        assertEquals(List.of(forward, rmid), containers.run(bundle).ok().lines());
        assertEquals(hostBefore.get("net.ipv4.ip_forward"), host("net.ipv4.ip_forward"));
        assertEquals(hostBefore.get("kernel.shm_rmid_forced"), host("kernel.shm_rmid_forced"));
    }

    @Test
    void aSysctlOutsideTheContainersNamespacesIsRefused() throws IOException {
        String before = host("kernel.pid_max");
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        bundle.linux().putObject("sysctl").put("kernel.pid_max", Integer.toString(Integer.parseInt(before) - 1));

        String id = containers.newId();
        Result result = containers.run(id, bundle).failed();
        assertEquals(before, host("kernel.pid_max"), "the host's pid_max changed");
        containers.assertNothingLeftBehind(id, bundle);
        if (containers.runtime().isJrun()) {
            assertTrue(result.stderr().contains("linux.sysctl") && result.stderr().contains("kernel.pid_max"),
                    result::toString);
        }
    }
}
