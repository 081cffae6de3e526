package io.jrun.core.cgroups;

import static io.jrun.core.cgroups.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jrun.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real cgroups on the unified hierarchy of the machine the tests run on, as root (skipped
 * otherwise). On the hybrid build machines that is /sys/fs/cgroup/unified, which has no
 * controllers to speak of: these tests need none (freezer, cgroup.kill, device programs and
 * cgroup.procs are core cgroup v2). Each test removes what it created, even when it fails.
 */
class CgroupHostTest {
    HostCgroups host;

    @BeforeEach
    void setUp() {
        host = HostCgroups.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (host != null) {
            host.close();
        }
    }


    @Test
    void createOpenAndDestroy() throws Exception {
        Path dir = host.cgroups.containerPath(host.cgroupsPath("pod/c1"), "c1");
        assertEquals(host.path("pod/c1"), dir);
        Cgroup cg = host.cgroups.create(dir, config("{}"));
        assertTrue(Files.isDirectory(dir));
        assertEquals(3, cg.ref().createdDepth(), "jrun-test-x, pod and c1 are new");
        assertEquals(List.of(), cg.pids());
        assertTrue(cg.isEmpty());
        int fd = cg.openFd().orElseThrow();
        assertTrue(fd >= 0);
        NativeCgroupKernel.INSTANCE.close(fd);
        Cgroup again = host.cgroups.open(cg.ref());
        assertEquals(FreezerState.THAWED, again.freezerState());
        again.destroy();
        assertFalse(Files.exists(host.base), "everything create made is gone");
    }

    @Test
    void processesFreezeThawAndStats() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("c1"), config("{}"));
        HostCgroups.Child child = host.start(cg, "read go; while read line; do echo \"got $line\"; done");
        assertEquals(List.of(child.pid()), cg.pids());
        assertFalse(cg.isEmpty());
        assertEquals(1, cg.stats().pids().current());

        cg.freeze();
        assertEquals(FreezerState.FROZEN, cg.freezerState());
        assertTrue(Files.readString(cg.path().resolve("cgroup.events")).contains("frozen 1"));
        child.send("while-frozen");

        cg.thaw();
        assertEquals(FreezerState.THAWED, cg.freezerState());
        assertTrue(Files.readString(cg.path().resolve("cgroup.events")).contains("frozen 0"));
        assertEquals("got while-frozen", child.line(), "the line sent while frozen is handled after the thaw");
    }

    @Test
    void killAllWithCgroupKill() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("c1"), config("{}"));
        HostCgroups.Child a = host.start(cg, "read go; sleep 1000 & sleep 1000 & wait");
        HostCgroups.Child b = host.start(cg, "read go; exec sleep 1000");
        cg.killAll();
        assertTrue(cg.isEmpty());
        a.finish();
        b.finish();
        assertEquals(128 + 9, a.process.exitValue(), "killed by SIGKILL");
        assertEquals(128 + 9, b.process.exitValue(), "killed by SIGKILL");
        cg.destroy();
        assertFalse(Files.exists(cg.path()));
    }

    @Test
    void killAllWithoutCgroupKillSignalsUntilEmpty() throws Exception {
        // An old kernel: cgroup.kill "does not exist".
        CgroupKernel noKill = new CgroupFakeTreeTest.DelegatingKernel(NativeCgroupKernel.INSTANCE) {
            @Override
            public int write(Path file, String value) {
                return file.getFileName().toString().equals("cgroup.kill") ? -Errno.ENOENT : super.write(file, value);
            }
        };
        Cgroups old = new Cgroups(host.cgroups.hierarchy(), noKill, Cgroups.HUGEPAGES);
        Cgroup cg = old.create(host.path("c1"), config("{}"));
        HostCgroups.Child a = host.start(cg, "read go; sleep 1000 & sleep 1000 & wait");
        cg.killAll();
        assertTrue(cg.isEmpty());
        a.finish();
        cg.destroy();
    }

    @Test
    void signalAllDeliversOtherSignalsWhileFrozen() throws Exception {
        Cgroup cg = host.cgroups.create(host.path("c1"), config("{}"));
        HostCgroups.Child a = host.start(cg, "read go; trap 'echo got-usr1; exit 0' USR1; echo ready; "
                + "while :; do sleep 0.1; done");
        assertEquals("ready", a.line());
        cg.signalAll(io.jrun.sys.Signals.SIGUSR1);
        assertEquals(FreezerState.THAWED, cg.freezerState(), "thawed again after signalling");
        assertEquals("got-usr1", a.line());
    }

    @Test
    void deviceProgramDeniesAndAllowsAsConfigured() throws Exception {
        // Deny everything (then runc's defaults: /dev/null and friends are allowed), and allow
        // reading /dev/kmsg (c 1:11) only in the second cgroup.
        String probe = "read go; (: > /dev/null) 2>/dev/null && echo null-ok || echo null-denied; "
                + "(: < /dev/kmsg) 2>/dev/null && echo kmsg-ok || echo kmsg-denied; "
                + "(: > /dev/kmsg) 2>/dev/null && echo kmsg-write-ok || echo kmsg-write-denied";
        Cgroup denied = host.cgroups.create(host.path("denied"),
                config("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}"));
        assertEquals("null-ok\nkmsg-denied\nkmsg-write-denied\n", host.start(denied, probe).finish());

        Cgroup allowed = host.cgroups.create(host.path("allowed"), config("{\"devices\":[{\"allow\":false,"
                + "\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":11,\"access\":\"r\"}]}"));
        assertEquals("null-ok\nkmsg-ok\nkmsg-write-denied\n", host.start(allowed, probe).finish());

        // update replaces the program: the first cgroup now allows reading /dev/kmsg too.
        denied.update(config("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\","
                + "\"major\":1,\"minor\":11,\"access\":\"r\"}]}"));
        assertEquals("null-ok\nkmsg-ok\nkmsg-write-denied\n", host.start(denied, probe).finish());
    }

    @Test
    void missingControllerErrorForMemoryOnAHybridHost() throws Exception {
        assumeFalse(host.rootControllers().contains("memory"), "memory is available on this host's cgroup v2");
        CgroupException e = assertThrows(CgroupException.class,
                () -> host.cgroups.create(host.path("c1"), config("{\"memory\":{\"limit\":67108864}}")));
        Path controllers = host.cgroups.root().resolve("cgroup.controllers");
        assertTrue(e.getMessage().startsWith("linux.resources.memory.limit: needs the cgroup v2 \"memory\" controller, "
                + "which is not available: " + controllers), e.getMessage());
        if (host.cgroups.hierarchy().v1Controllers().containsKey("memory")) {
            assertTrue(e.getMessage().contains("binds \"memory\" to the cgroup v1 hierarchy at /sys/fs/cgroup/memory"),
                    e.getMessage());
        }
        assertFalse(Files.exists(host.base), "nothing created");
    }
}
