package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AppArmor (process.apparmorProfile, exec --apparmor) and SELinux labels. On a host without
 * AppArmor (the build machines) a profile is a clear error and nothing is left behind. On a host
 * with it (the cgroup v2 VM tier: Debian's kernel has AppArmor on, and podman and Docker hand
 * every container a profile there), a profile loaded with apparmor_parser confines the
 * container's process from its execve on, and exec'd processes get the container's profile or
 * the one --apparmor names.
 */
class AppArmorIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final Path PARSER = Path.of("/usr/sbin/apparmor_parser");

    private static boolean appArmorEnabled() {
        try {
            return Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))
                    && Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean selinuxEnabled() {
        return Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }

    /** Loads (or replaces) a profile named {@code name} that allows everything but reading /secret; removed after the test. */
    private String loadProfile(String name) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(PARSER), PARSER + " is not installed");
        Path file = containers.scratch("apparmor").resolve(name);
        // attach_disconnected: the container's files are outside the host's mount namespace view
        Files.writeString(file, """
                profile %s flags=(attach_disconnected,mediate_deleted) {
                  file,
                  capability,
                  network,
                  signal,
                  ptrace,
                  unix,
                  mount,
                  umount,
                  pivot_root,
                  deny /secret r,
                }
                """.formatted(name));
        containers.host(PARSER.toString(), "-r", "-W", file.toString()).ok();
        containers.afterTest(() -> containers.host(PARSER.toString(), "-R", file.toString()));
        return name;
    }

    private String running(Bundle bundle) {
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        return id;
    }

    /** create with process.apparmorProfile {@code profile} fails cleanly; jrun's stderr has {@code jrunSays}. */
    private void assertCreateFails(String profile, String... jrunSays) {
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        bundle.process().put("apparmorProfile", profile);
        String id = containers.newId();

        Result result = containers.create(id, bundle).failed();
        containers.assertNothingLeftBehind(id, bundle);
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the program ran");
        for (String fragment : containers.runtime().isJrun() ? jrunSays : new String[0]) {
            assertTrue(result.stderr().contains(fragment), result::toString);
        }
    }

    @Test
    void aProfileOnAHostWithoutAppArmorFailsCreate() {
        Assumptions.assumeFalse(appArmorEnabled(), "this host has AppArmor");
        assertCreateFails("jrun-it-profile", "process.apparmorProfile: AppArmor profile", "jrun-it-profile",
                "AppArmor is not enabled on this host");
    }

    @Test
    void execApparmorOrProcessLabelOnAHostWithoutThemFails() {
        Bundle bundle = containers.bundle().sh("echo ready > /tmp/ready; exec sleep 1000000");
        String id = running(bundle);
        if (!appArmorEnabled()) {
            Result result = containers.exec("exec", "--apparmor", "jrun-it-profile", id, "touch", "/tmp/ran").failed();
            assertEquals(255, result.exit(), result::toString);
            if (containers.runtime().isJrun()) {
                assertTrue(result.stderr().contains("--apparmor"), result::toString);
            }
        }
        if (!selinuxEnabled()) {
            Result result = containers.exec("exec", "--process-label", "system_u:system_r:container_t:s0", id,
                    "touch", "/tmp/ran").failed();
            assertEquals(255, result.exit(), result::toString);
            if (containers.runtime().isJrun()) {
                assertTrue(result.stderr().contains("--process-label"), result::toString);
            }
        }
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "an exec'd process ran");
    }

    @Test
    void theProfileConfinesTheContainersProcessAndExecdOnes() throws IOException {
        Assumptions.assumeTrue(appArmorEnabled(), "this host has no AppArmor (the VM tier has)");
        String profile = loadProfile("jrun-it-deny");
        String other = loadProfile("jrun-it-other");
        Bundle bundle = containers.bundle().sh("""
                cat /proc/self/attr/current > /tmp/label
                cat /secret > /tmp/secret-read 2> /tmp/secret-err; echo $? > /tmp/secret-status
                echo ready > /tmp/ready
                exec sleep 1000000
                """);
        Files.writeString(bundle.file("/secret"), "s3cret\n");
        bundle.process().put("apparmorProfile", profile);
        String id = running(bundle);

        assertEquals(profile + " (enforce)", Files.readString(bundle.file("/tmp/label")).strip());
        assertEquals("1", Files.readString(bundle.file("/tmp/secret-status")).strip(), "cat /secret succeeded");
        assertTrue(Files.readString(bundle.file("/tmp/secret-err")).contains("Permission denied"),
                () -> "cat /secret: " + read(bundle.file("/tmp/secret-err")));

        // exec gets the container's profile ...
        Result inherited = containers.exec("exec", id, "sh", "-c", "cat /proc/self/attr/current; cat /secret").failed();
        assertTrue(inherited.stdout().startsWith(profile + " (enforce)"), inherited::toString);
        assertFalse(inherited.stdout().contains("s3cret"), inherited::toString);
        // ... or the one --apparmor names
        Result named = containers.exec("exec", "--apparmor", other, id, "cat", "/proc/self/attr/current").ok();
        assertEquals(other + " (enforce)", named.out());
    }

    @Test
    void anUnloadedProfileFailsCreateNamingTheStep() {
        Assumptions.assumeTrue(appArmorEnabled(), "this host has no AppArmor (the VM tier has)");
        assertCreateFails("jrun-it-no-such-profile", "AppArmor profile jrun-it-no-such-profile");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
