package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mounts and linux.rootfsPropagation, as the container's /proc/self/mountinfo shows them. */
class MountsIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final String MOUNTINFO = "cat /proc/self/mountinfo";

    /** The mounts of runc's `spec`, set explicitly so that the test does not depend on any `spec` output. */
    private static Bundle withStandardMounts(Bundle bundle) {
        bundle.config().withArray("/mounts").removeAll();
        return bundle.mount("/proc", "proc", "proc")
                .mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k")
                .mount("/dev/pts", "devpts", "devpts",
                        "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")
                .mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k")
                .mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev")
                .mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    }

    private List<MountEntry> mountinfo(Bundle bundle) {
        return MountEntry.parse(containers.run(bundle).ok().stdout());
    }

    private static void assertHas(List<String> options, String... expected) {
        for (String option : expected) {
            assertTrue(options.contains(option), () -> options + " lacks " + option);
        }
    }

    @Test
    void theStandardFilesystemsAreMountedWithTheirOptions() {
        List<MountEntry> mounts = mountinfo(withStandardMounts(containers.bundle().sh(MOUNTINFO)));

        assertEquals("proc", MountEntry.require(mounts, "/proc").fsType());

        MountEntry dev = MountEntry.require(mounts, "/dev");
        assertEquals("tmpfs", dev.fsType());
        assertHas(dev.options(), "nosuid");
        assertHas(dev.superOptions(), "mode=755", "size=65536k");

        MountEntry pts = MountEntry.require(mounts, "/dev/pts");
        assertEquals("devpts", pts.fsType());
        assertHas(pts.options(), "nosuid", "noexec");
        assertHas(pts.superOptions(), "ptmxmode=666", "mode=620", "gid=5");
        // newinstance: the container's devpts is not the host's
        MountEntry.at(MountEntry.host(), "/dev/pts")
                .ifPresent(host -> assertNotEquals(host.majorMinor(), pts.majorMinor(), "the host's devpts instance"));

        MountEntry shm = MountEntry.require(mounts, "/dev/shm");
        assertEquals("tmpfs", shm.fsType());
        assertHas(shm.options(), "nosuid", "nodev", "noexec");
        assertHas(shm.superOptions(), "size=65536k"); // mode=1777 is tmpfs's default: mountinfo omits it

        assertEquals("mqueue", MountEntry.require(mounts, "/dev/mqueue").fsType());

        MountEntry sys = MountEntry.require(mounts, "/sys");
        assertEquals("sysfs", sys.fsType());
        assertHas(sys.options(), "ro", "nosuid", "nodev", "noexec");
    }

    @Test
    void aBindMountTakesItsOptions() throws IOException {
        Path data = containers.scratch("bind-source");
        Files.writeString(data.resolve("file"), "from the host\n");
        Path script = Files.writeString(data.resolve("script"), "#!/bin/sh\necho ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Bundle bundle = containers.bundle().sh("""
                cat /proc/self/mountinfo
                echo ---
                cat /data/file
                touch /data/new || echo touch failed
                /data/script || echo exec failed
                """);
        bundle.mount("/data", "bind", data.toString(), "bind", "ro", "nosuid", "nodev", "noexec");

        Result result = containers.run(bundle).ok();
        String[] parts = result.stdout().split("---\n");
        MountEntry entry = MountEntry.require(MountEntry.parse(parts[0]), "/data");
        assertHas(entry.options(), "ro", "nosuid", "nodev", "noexec");
        assertEquals(List.of("from the host", "touch failed", "exec failed"), parts[1].lines().toList());
        assertTrue(result.stderr().contains("Read-only file system"), result::toString);
        assertTrue(result.stderr().contains("Permission denied"), result::toString);
        assertFalse(Files.exists(data.resolve("new")));
    }

    @Test
    void rbindBringsTheSubmountsBindDoesNot() throws IOException {
        Path source = containers.scratch("rbind-source");
        Path sub = Files.createDirectory(source.resolve("sub"));
        containers.host("mount", "-t", "tmpfs", "-o", "size=1m", "jrun-it-sub", sub.toString()).ok();
        containers.afterTest(() -> containers.host("umount", sub.toString()).ok());
        Files.writeString(sub.resolve("marker"), "in the submount\n");

        Bundle bundle = containers.bundle().sh(MOUNTINFO + "; echo ---; ls /bind/sub /rbind/sub");
        bundle.mount("/bind", "bind", source.toString(), "bind");
        bundle.mount("/rbind", "bind", source.toString(), "rbind");

        String[] parts = containers.run(bundle).ok().stdout().split("---\n");
        List<MountEntry> mounts = MountEntry.parse(parts[0]);
        assertEquals("tmpfs", MountEntry.require(mounts, "/rbind/sub").fsType());
        assertEquals(Optional.empty(), MountEntry.at(mounts, "/bind/sub"));
        assertEquals(List.of("/bind/sub:", "", "/rbind/sub:", "marker"), parts[1].lines().toList());
    }

    @Test
    void aTmpfsTakesItsSizeAndMode() {
        Bundle bundle = containers.bundle().sh(MOUNTINFO);
        bundle.mount("/scratch", "tmpfs", "tmpfs", "size=1m", "mode=700", "nodev");

        MountEntry scratch = MountEntry.require(mountinfo(bundle), "/scratch");
        assertEquals("tmpfs", scratch.fsType());
        assertHas(scratch.options(), "nodev");
        assertHas(scratch.superOptions(), "size=1024k", "mode=700");
    }

    @Test
    void atimeOptionsAreApplied() {
        Bundle bundle = containers.bundle().sh(MOUNTINFO);
        for (String option : List.of("noatime", "strictatime", "relatime", "nodiratime")) {
            bundle.mount("/" + option, "tmpfs", "tmpfs", option);
        }
        List<MountEntry> mounts = mountinfo(bundle);

        assertHas(MountEntry.require(mounts, "/noatime").options(), "noatime");
        assertHas(MountEntry.require(mounts, "/relatime").options(), "relatime");
        assertHas(MountEntry.require(mounts, "/nodiratime").options(), "nodiratime");
        // strictatime shows as the absence of both others
        List<String> strict = MountEntry.require(mounts, "/strictatime").options();
        assertFalse(strict.contains("relatime") || strict.contains("noatime"), strict::toString);
    }

    /**
     * The rootfs is made a shared mount on the host first, so that the three settings differ:
     * private has no propagation field; slave has master:N, N the host's peer group; shared has
     * a peer group of its own (shared:M).
     */
    @ParameterizedTest
    @ValueSource(strings = {"private", "slave", "shared"})
    void rootfsPropagationShowsInTheRootsOptionalFields(String propagation) {
        if (!propagation.equals("private")) {
            containers.assumeNotRunc("runc 1.1.5 leaves the container's / private whatever rootfsPropagation says");
        }
        Bundle bundle = containers.bundle().sh(MOUNTINFO);
        String rootfs = bundle.rootfs().toString();
        containers.host("mount", "--bind", rootfs, rootfs).ok();
        containers.afterTest(() -> containers.host("umount", rootfs).ok());
        containers.host("mount", "--make-shared", rootfs).ok();
        String hostGroup = MountEntry.require(MountEntry.host(), rootfs).optionalFields().stream()
                .filter(f -> f.startsWith("shared:")).findFirst().orElseThrow().substring("shared:".length());
        bundle.linux().put("rootfsPropagation", propagation);

        List<String> fields = MountEntry.require(mountinfo(bundle), "/").optionalFields();
        switch (propagation) {
            case "private" -> assertEquals(List.of(), fields);
            case "slave" -> assertEquals(List.of("master:" + hostGroup), fields);
            case "shared" -> assertTrue(fields.stream().anyMatch(f -> f.startsWith("shared:")), fields::toString);
            default -> throw new IllegalArgumentException(propagation);
        }
    }

    @Test
    void aSymlinkInTheRootfsCannotTakeAMountOutOfIt() throws IOException {
        String name = containers.testRun().newId();
        Path outside = Path.of("/etc", name);
        Bundle bundle = containers.bundle().sh(MOUNTINFO);
        Files.createSymbolicLink(bundle.file("/evil"), Path.of("/etc"));
        bundle.mount("/evil/" + name, "tmpfs", "tmpfs", "size=1m");

        Result result = containers.run(bundle);
        assertFalse(Files.exists(outside), outside + " was made on the host");
        assertEquals(Optional.empty(), MountEntry.at(MountEntry.host(), outside.toString()));
        if (result.exit() == 0) {
            // the runtime resolved the symlink inside the rootfs, as runc and crun do
            assertEquals("tmpfs", MountEntry.require(MountEntry.parse(result.stdout()), outside.toString()).fsType());
            assertTrue(Files.isDirectory(bundle.file(outside.toString())));
        }
    }
}
