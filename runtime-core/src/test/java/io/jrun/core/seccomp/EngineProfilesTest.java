package io.jrun.core.seccomp;

import io.jrun.spec.LinuxSeccomp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jrun.core.seccomp.SeccompCompilerTest.ALLOW;
import static io.jrun.core.seccomp.SeccompCompilerTest.ENOSYS;
import static io.jrun.core.seccomp.SeccompCompilerTest.EPERM;
import static io.jrun.core.seccomp.SeccompCompilerTest.KILL_THREAD;
import static io.jrun.core.seccomp.SeccompCompilerTest.assertDecides;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Docker's and podman's default profiles, as the engines hand them to their runtime on x86_64. */
class EngineProfilesTest {
    private static final LinuxSeccomp DOCKER = EngineProfiles.docker();
    private static final LinuxSeccomp PODMAN = EngineProfiles.podman();

    @Test
    void theEnginesListX86_64AndItsSubArchitectures() {
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), DOCKER.architectures());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), PODMAN.architectures());
    }

    @Test
    void dockerAllowsWhatProgramsNeed() {
        for (Abi abi : List.of(Abi.X86_64, Abi.X86, Abi.X32)) {
            for (String name : List.of("read", "write", "execve", "exit_group", "openat", "mmap", "rt_sigaction", "futex")) {
                assertDecides(ALLOW, DOCKER, abi, name);
            }
        }
        assertDecides(ALLOW, DOCKER, "clone", 0x01200011L); // fork as glibc does it
        assertDecides(ALLOW, DOCKER, "socket", 2 /* AF_INET */, 1, 0);
    }

    @Test
    void dockerBlocksWithEperm() {
        assertDecides(EPERM, DOCKER, "unshare", 0x20000);
        assertDecides(EPERM, DOCKER, "keyctl");
        assertDecides(EPERM, DOCKER, "mount");
        assertDecides(EPERM, DOCKER, "setns");
        assertDecides(EPERM, DOCKER, "clone", 0x10000000 /* CLONE_NEWUSER */);
        assertDecides(EPERM, DOCKER, "socket", 40 /* AF_VSOCK */, 1, 0);
        assertDecides(ENOSYS, DOCKER, "clone3"); // so that glibc falls back to clone
        assertDecides(EPERM, DOCKER, Abi.X86, "unshare");
    }

    @Test
    void dockerAllowsPersonalityOnlyForItsValues() {
        for (long allowed : new long[] {0, 8, 0x20000, 0x20008, 0xffffffffL}) {
            assertDecides(ALLOW, DOCKER, "personality", allowed);
        }
        assertDecides(EPERM, DOCKER, "personality", 1);
        assertDecides(EPERM, DOCKER, "personality", 0x0400000 /* READ_IMPLIES_EXEC */);
        assertDecides(EPERM, DOCKER, "personality", 0x100000008L); // all 64 bits compared
    }

    @Test
    void dockerKillsAnUnknownArchitectureAndReturnsEnosysForNewSyscalls() {
        SeccompEmulator e = new SeccompEmulator(SeccompCompilerTest.compile(DOCKER).program());
        assertEquals(KILL_THREAD, e.run(Seccomp.AUDIT_ARCH_AARCH64, 63));
        assertEquals(KILL_THREAD, e.run(0x40000028 /* ARM */, 3));
        assertEquals(ENOSYS, e.run(Seccomp.AUDIT_ARCH_X86_64, 460)); // newer than the profile
        assertEquals(ENOSYS, e.run(Seccomp.AUDIT_ARCH_X86_64, Abi.X32_SYSCALL_BIT + 600));
        assertEquals(ENOSYS, e.run(Seccomp.AUDIT_ARCH_I386, 460));
    }

    @Test
    void podmanDeniesWithEnosysByDefaultAndItsOwnErrnos() {
        for (String name : List.of("read", "write", "execve", "unshare", "keyctl", "clone3", "mount")) {
            assertDecides(ALLOW, PODMAN, name);
        }
        assertDecides(Seccomp.RET_ERRNO | 38, PODMAN, "add_key");
        assertDecides(EPERM, PODMAN, "kexec_load");
        assertDecides(EPERM, PODMAN, "userfaultfd");
        assertDecides(EPERM, PODMAN, "bpf"); // no CAP_SYS_ADMIN
        assertDecides(EPERM, PODMAN, "perf_event_open");
        assertDecides(ALLOW, PODMAN, "personality", 8);
        assertDecides(Seccomp.RET_ERRNO | 38, PODMAN, "personality", 1);
        // NETLINK_AUDIT sockets fail with EINVAL without CAP_AUDIT_WRITE
        assertDecides(Seccomp.RET_ERRNO | 22, PODMAN, "socket", 16 /* AF_NETLINK */, 3, 9 /* NETLINK_AUDIT */);
        assertDecides(ALLOW, PODMAN, "socket", 16, 3, 0);
        assertDecides(ALLOW, PODMAN, "socket", 2, 1, 9);
    }

    /** libseccomp 2.5.4 with runc's settings makes 600-700 instructions of both. */
    @Test
    void theProgramsAreSmall() {
        int docker = SeccompCompilerTest.compile(DOCKER).instructions();
        int podman = SeccompCompilerTest.compile(PODMAN).instructions();
        int runcDocker = RuncOracle.program(DOCKER).length / 8;
        int runcPodman = RuncOracle.program(PODMAN).length / 8;
        System.out.printf("BPF instructions: docker %d (runc %d), podman %d (runc %d)%n", docker, runcDocker, podman, runcPodman);
        assertTrue(docker < 400, "docker: " + docker);
        assertTrue(podman < 400, "podman: " + podman);
    }
}
