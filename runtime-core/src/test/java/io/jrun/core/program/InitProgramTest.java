package io.jrun.core.program;

import io.jrun.api.CreateOptions;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Insn;
import io.jrun.core.seccomp.EngineProfiles;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.spec.Json;
import io.jrun.spec.Quote;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The init program of a config, looked at as data: no clone, no root. */
public class InitProgramTest {

    public static InitProgram build(Spec spec) {
        return build(spec, null);
    }

    static InitProgram build(Spec spec, SeccompCompiler.Compiled seccomp) {
        return InitProgram.build(new InitProgram.Config("c1", spec, Path.of("/b"), Path.of("/b/rootfs"),
                Path.of("/sys/fs/cgroup/unified/c1"), CreateOptions.defaults(), 7, 40, false, -1, seccomp, -1, -1));
    }

    static Spec withNoNewPrivileges(boolean nnp) {
        return Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("\"noNewPrivileges\":true",
                "\"noNewPrivileges\":" + nnp));
    }

    static List<String> steps(ChildProgram p) {
        return p.insns().stream().map(Insn::step).toList();
    }

    @Test
    void defaultSpecMountsInOrderAndPivots() {
        InitProgram p = build(SpecDefaults.example());
        List<String> steps = steps(p.program());
        int proc = steps.indexOf("mount proc on /proc");
        int dev = steps.indexOf("mount tmpfs on /dev");
        int pts = steps.indexOf("mount devpts on /dev/pts");
        int pivot = steps.indexOf("pivot_root to /b/rootfs");
        assertTrue(proc > 0 && dev > proc && pts > dev && pivot > pts, String.join("\n", steps));
        assertTrue(steps.contains("create device /dev/null"));
        assertTrue(steps.contains("mask /proc/kcore with /dev/null (linux.maskedPaths)"));
        assertTrue(steps.contains("process.cwd /: check the working directory is inside the container"));
        assertTrue(steps.contains("make /proc/sys read-only (linux.readonlyPaths)"));
        assertTrue(steps.contains("remount / read-only (root.readonly)"));
        assertTrue(steps.contains("set hostname runc"));
        assertEquals("exec sh", steps.get(steps.size() - 4), String.join("\n", steps));
    }

    @Test
    void newNamespacesComeFromCloneFlagsWithoutJoins() {
        InitProgram p = build(SpecDefaults.example());
        long flags = p.namespaces().cloneFlags();
        assertEquals(0x20000000L | 0x40000000L | 0x08000000L | 0x04000000L | 0x00020000L, flags);
        assertTrue(p.program().insns().stream().noneMatch(i -> i.nr() == Sys.SETNS));
    }

    @Test
    void aJoinedNamespaceIsJoinedBeforeNewOnesAreCreated() {
        Spec spec = Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("{\"type\":\"network\"}",
                "{\"type\":\"network\",\"path\":\"/run/netns/x\"}"));
        InitProgram p = build(spec);
        assertEquals(0, p.namespaces().cloneFlags());
        List<String> steps = steps(p.program());
        int join = steps.indexOf("join network namespace /run/netns/x");
        int unshare = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).startsWith("create namespaces")) {
                unshare = i;
            }
        }
        int clone = steps.indexOf("create the process in the pid namespace");
        assertTrue(join >= 0 && unshare > join && clone > unshare, String.join("\n", steps));
    }

    @Test
    void anAppArmorProfileIsWrittenToTheExecAttributeBeforeNoNewPrivsAndTheUserSwitch() {
        Spec spec = Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("\"noNewPrivileges\":true",
                "\"noNewPrivileges\":true,\"apparmorProfile\":\"docker-default\""));
        ChildProgram p = build(spec).program();
        List<String> steps = steps(p);
        String step = "apply the AppArmor profile docker-default on exec (process.apparmorProfile)";
        int apply = steps.indexOf(step);
        int pivot = steps.indexOf("pivot_root to /b/rootfs");
        int nnp = steps.indexOf("set no_new_privs (process.noNewPrivileges)");
        int uid = steps.indexOf("set uid 0 (process.user.uid)");
        assertTrue(pivot >= 0 && apply > pivot && nnp > apply && uid > apply, String.join("\n", steps));
        Insn write = p.insns().stream().filter(i -> i.step().equals(step) && i.nr() == Sys.WRITE).findFirst().orElseThrow();
        assertTrue(write.toString().contains("exec docker-default"), write::toString);
    }

    @Test
    void seccompComesAfterEverythingJrunDoesButTheSyncTheFifoAndExec() {
        SeccompCompiler.Compiled filter = SeccompCompiler.compile(EngineProfiles.dockerOnThisMachine());
        for (int waiterFd : List.of(-1, 9))
        for (boolean nnp : List.of(true, false)) {
            List<String> steps = steps(InitProgram.build(new InitProgram.Config("c1", withNoNewPrivileges(nnp), Path.of("/b"),
                    Path.of("/b/rootfs"), Path.of("/sys/fs/cgroup/unified/c1"), CreateOptions.defaults(), 7, 40, false, -1,
                    filter, -1, waiterFd)).program());
            int load = -1;
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).startsWith("load the seccomp filter")) {
                    load = i;
                }
            }
            String all = String.join("\n", steps);
            assertTrue(load > steps.indexOf("mark fds from 3 close-on-exec"), all);
            assertTrue(load > steps.indexOf("check /bin/sh is executable"), all);
            assertTrue(load > steps.indexOf("set uid 0 (process.user.uid)"), all);
            assertTrue(load > steps.indexOf("process.cwd /: check the working directory is inside the container"), all);
            List<String> after = new java.util.ArrayList<>(steps.subList(load + 1, steps.size()));
            List<String> allowed = new java.util.ArrayList<>(List.of("report the container created",
                    "wait for create to record the container", "open the exec fifo", "write to the exec fifo", "exec sh", "exit",
                    // jrun-init: the fifo's fd was kept open before the filter (it may deny fcntl)
                    "exec jrun-init to wait for start (for sh)"));
            if (!nnp) {
                allowed.add("drop CAP_SYS_ADMIN, kept for seccomp (process.capabilities)");
                assertTrue(steps.contains("set the capabilities (process.capabilities), CAP_SYS_ADMIN kept for seccomp"), all);
            }
            after.removeAll(allowed);
            assertEquals(List.of(), after, "steps after the filter with noNewPrivileges " + nnp);
        }
    }

    @Test
    void theInitWaitsForCreateToRecordItBeforeTheFifo() {
        List<String> steps = steps(build(SpecDefaults.example()).program());
        int ready = steps.indexOf("report the container created");
        assertEquals("wait for create to record the container", steps.get(ready + 1));
        assertEquals("open the exec fifo", steps.get(ready + 2));
    }

    @Test
    void maskedPathsAreMaskedWithTheHostsNullDeviceTakenBeforeThePivot() {
        ChildProgram p = build(SpecDefaults.example()).program();
        List<String> steps = steps(p);
        int take = steps.indexOf("take the host's /dev/null to mask /proc/kcore with (linux.maskedPaths)");
        int pivot = steps.indexOf("pivot_root to /b/rootfs");
        int mask = steps.indexOf("mask /proc/kcore with /dev/null (linux.maskedPaths)");
        assertTrue(take >= 0 && pivot > take && mask > pivot, String.join("\n", steps));
        assertEquals(Sys.OPEN_TREE, p.insns().get(take).nr());
        assertEquals(Sys.MOVE_MOUNT, p.insns().get(mask).nr());
    }

    @Test
    void theInitInheritsTheFifoAndThePreservedFdsOnly() {
        Spec spec = SpecDefaults.example();
        assertEquals(java.util.Set.of(7), build(spec).program().inheritedFds());
        InitProgram p = InitProgram.build(new InitProgram.Config("c1", spec, Path.of("/b"), Path.of("/b/rootfs"), null,
                new CreateOptions(null, null, false, false, 2), 7, 40, false, -1, null, -1, -1));
        assertEquals(java.util.Set.of(3, 4, 7), p.program().inheritedFds());
    }

    // --- values from the config in step names ---------------------------------------------------

    private static final int TEN_MB = 10 * 1024 * 1024;

    private static Spec edited(String from, String to) {
        String json = Json.toJson(SpecDefaults.example());
        assertTrue(json.contains(from), from);
        return Json.parseConfig(json.replace(from, to));
    }

    @Test
    void everyStepShowsAtMostAFewHundredCharactersOfAValue() {
        String big = "x".repeat(TEN_MB);
        String json = Json.toJson(SpecDefaults.example())
                .replace("\"args\":[\"sh\"]", "\"args\":[\"" + big + "\", \"" + big + "\"]")
                .replace("\"cwd\":\"/\"", "\"cwd\":\"/" + big + "\"")
                .replace("\"hostname\":\"runc\"", "\"hostname\":\"" + big + "\"")
                .replace("\"/proc/kcore\"", "\"/" + big + "\"")
                .replace("\"/proc/bus\"", "\"/" + big + "\"")
                .replace("\"destination\":\"/dev/shm\"", "\"destination\":\"/" + big + "\"")
                .replace("\"source\":\"shm\"", "\"source\":\"" + big + "\"");
        ChildProgram p = build(Json.parseConfig(json)).program();
        for (Insn insn : p.insns()) {
            assertTrue(insn.step().length() < 600, () -> insn.step().length() + " characters: " + insn.step().substring(0, 80));
            assertTrue(insn.toString().length() < 4000, () -> insn.toString().length() + " characters");
        }
        List<String> steps = steps(p);
        String hostname = "x".repeat(Quote.MAX) + "…(" + (TEN_MB - Quote.MAX) + " more bytes)";
        String cwd = "/" + "x".repeat(Quote.MAX - 1) + "…(" + (TEN_MB + 1 - Quote.MAX) + " more bytes)";
        assertTrue(steps.contains("set hostname " + hostname), String.join("\n", steps));
        assertTrue(steps.contains("chdir to " + cwd + " (process.cwd)"), String.join("\n", steps));
    }

    @Test
    void aProgramNameTooLongForTheKernelIsNotFoundAsRuncSays() {
        List<String> steps = steps(build(edited("\"args\":[\"sh\"]", "\"args\":[\"" + "a".repeat(256) + "\"]")).program());
        assertTrue(steps.stream().noneMatch(s -> s.startsWith("look up")), String.join("\n", steps));
        assertTrue(steps.contains("exec: \"" + "a".repeat(Quote.MAX) + "\"…(56 more bytes): executable file "
                + "not found in $PATH"), String.join("\n", steps));
        steps = steps(build(edited("\"args\":[\"sh\"]", "\"args\":[\"" + "a".repeat(255) + "\"]")).program());
        assertTrue(steps.stream().anyMatch(s -> s.startsWith("look up /bin/aaa")), String.join("\n", steps));
    }

    @Test
    void aPathEntryTooLongForTheKernelIsSkipped() {
        String longDir = "/" + "d/".repeat(2100);
        List<String> steps = steps(build(edited("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "PATH=" + longDir + ":/bin")).program());
        assertEquals(List.of("look up /bin/sh"), steps.stream().filter(s -> s.startsWith("look up")).toList());
    }

    @Test
    void withJrunInitTheInitExecsItAfterBeingRecordedAndItWritesTheAppArmorAttribute() {
        Spec spec = Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("\"noNewPrivileges\":true",
                "\"noNewPrivileges\":true,\"apparmorProfile\":\"docker-default\""));
        ChildProgram p = InitProgram.build(new InitProgram.Config("c1", spec, Path.of("/b"), Path.of("/b/rootfs"), null,
                CreateOptions.defaults(), 7, 40, false, -1, null, -1, 9)).program();
        List<String> steps = steps(p);
        int recorded = steps.indexOf("wait for create to record the container");
        int keep = steps.indexOf("keep the exec fifo's fd open across the exec of jrun-init");
        assertTrue(keep >= 0 && keep < recorded, String.join("\n", steps));
        Insn exec = p.insns().get(recorded + 1);
        assertEquals(Sys.EXECVE, exec.nr());
        assertTrue(exec.toString().contains("/proc/self/fd/9"), exec::toString);
        assertEquals(Sys.EXECVEAT, p.insns().get(recorded + 2).nr());
        assertTrue(steps.stream().noneMatch(x -> x.startsWith("apply the AppArmor profile")), String.join("\n", steps));
        assertTrue(steps.stream().noneMatch(x -> x.equals("open the exec fifo")), "the JVM's copy waits on the fifo");
        assertTrue(p.inheritedFds().contains(9), "jrun-init's memfd is inherited");
        // jrun-init FIFO-FD PROFILE PROGRAM ARGV...: the program as found in PATH
        Insn argv = p.insns().stream().filter(i -> i.kind() == Insn.Kind.SET && i.toString().contains("jrun-init"))
                .findFirst().orElseThrow();
        assertTrue(argv.toString().contains("[\"jrun-init\", \"7\", \"docker-default\", \"/usr/local/sbin/sh\", \"sh\"]"), argv::toString);
    }
}
