package io.jrun.core.program;

import io.jrun.api.CreateOptions;
import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Insn;
import io.jrun.core.child.Tag;
import io.jrun.core.seccomp.EngineProfiles;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.spec.Json;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.Quote;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.jrun.core.child.Tag.Op.*;
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

    /** The steps' messages, for the tests about their wording. */
    static List<String> steps(ChildProgram p) {
        return p.insns().stream().map(Insn::step).toList();
    }

    /** The instructions' tags, for the tests about what a program does and in which order. */
    static List<Tag> tags(ChildProgram p) {
        return p.insns().stream().map(Insn::tag).toList();
    }

    /** The first instruction of {@code step}, which must be there. */
    static int at(ChildProgram p, Tag step) {
        int i = tags(p).indexOf(step);
        assertTrue(i >= 0, () -> "no " + step + " in\n" + p.describe());
        return i;
    }

    static int at(ChildProgram p, Tag.Op op, String subject) {
        return at(p, new Tag(op, subject));
    }

    static int at(ChildProgram p, Tag.Op op) {
        return at(p, op, "");
    }

    @Test
    void defaultSpecMountsInOrderAndPivots() {
        ChildProgram p = build(SpecDefaults.example()).program();
        int proc = at(p, MOUNT, "/proc");
        int dev = at(p, MOUNT, "/dev");
        int pts = at(p, MOUNT, "/dev/pts");
        int pivot = at(p, PIVOT_ROOT, "/b/rootfs");
        assertTrue(proc > 0 && dev > proc && pts > dev && pivot > pts, p.describe());
        at(p, CREATE_DEVICE, "/dev/null");
        at(p, MASK, "/proc/kcore");
        at(p, CHECK_CWD, "/");
        at(p, READONLY_PATH, "/proc/sys");
        at(p, REMOUNT_ROOT_READONLY);
        at(p, HOSTNAME, "runc");
        List<Tag> tags = tags(p);
        assertEquals(new Tag(EXEC, "sh"), tags.get(tags.size() - 4), p.describe());
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
        ChildProgram program = p.program();
        int join = at(program, JOIN_NAMESPACE, "/run/netns/x");
        // the pid namespace is the second clone's
        int unshare = at(program, UNSHARE, "ipc,uts,mount");
        int clone = at(program, CLONE_PID_NAMESPACE);
        assertTrue(unshare > join && clone > unshare, program.describe());
    }

    @Test
    void anAppArmorProfileIsWrittenToTheExecAttributeBeforeNoNewPrivsAndTheUserSwitch() {
        Spec spec = Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("\"noNewPrivileges\":true",
                "\"noNewPrivileges\":true,\"apparmorProfile\":\"docker-default\""));
        ChildProgram p = build(spec).program();
        Tag apparmor = new Tag(APPARMOR, "docker-default");
        int apply = at(p, apparmor);
        int pivot = at(p, PIVOT_ROOT, "/b/rootfs");
        int nnp = at(p, NO_NEW_PRIVS);
        int uid = at(p, SET_UID, "0");
        assertTrue(apply > pivot && nnp > apply && uid > apply, p.describe());
        Insn write = p.insns().stream().filter(i -> i.tag().equals(apparmor) && i.nr() == Sys.WRITE).findFirst().orElseThrow();
        assertTrue(write.toString().contains("exec docker-default"), write::toString);
    }

    @Test
    void seccompComesAfterEverythingJrunDoesButTheSyncTheFifoAndExec() {
        SeccompCompiler.Compiled filter = SeccompCompiler.compile(EngineProfiles.dockerOnThisMachine());
        for (int waiterFd : List.of(-1, 9))
        for (boolean nnp : List.of(true, false)) {
            ChildProgram p = InitProgram.build(new InitProgram.Config("c1", withNoNewPrivileges(nnp), Path.of("/b"),
                    Path.of("/b/rootfs"), Path.of("/sys/fs/cgroup/unified/c1"), CreateOptions.defaults(), 7, 40, false, -1,
                    filter, -1, waiterFd)).program();
            List<Tag> tags = tags(p);
            int load = at(p, LOAD_SECCOMP);
            assertTrue(load > at(p, CLOSE_ON_EXEC), p.describe());
            assertTrue(load > at(p, CHECK_EXECUTABLE, "/bin/sh"), p.describe());
            assertTrue(load > at(p, SET_UID, "0"), p.describe());
            assertTrue(load > at(p, CHECK_CWD, "/"), p.describe());
            Set<Tag.Op> allowed = new java.util.HashSet<>(Set.of(REPORT_CREATED, WAIT_RECORDED, OPEN_FIFO,
                    WRITE_FIFO, EXEC, EXIT,
                    // jrun-init: the fifo's fd was kept open before the filter (it may deny fcntl)
                    EXEC_WAITER));
            // Without no_new_privs loading the filter needs CAP_SYS_ADMIN: kept until then, dropped right after.
            Insn capset = p.insns().get(at(p, CAPABILITIES));
            ByteBuffer data = ByteBuffer.wrap(((Arg.Bytes) capset.args().get(1)).value()).order(ByteOrder.nativeOrder());
            int sysAdmin = 1 << LinuxCapabilities.KNOWN.indexOf("CAP_SYS_ADMIN");
            assertEquals(!nnp, (data.getInt(0) & sysAdmin) != 0 && (data.getInt(4) & sysAdmin) != 0, capset::toString);
            assertEquals(!nnp, tags.stream().anyMatch(t -> t.op() == RELEASE_SYS_ADMIN), p.describe());
            if (!nnp) {
                allowed.add(RELEASE_SYS_ADMIN);
            }
            List<Tag> after = tags.subList(load + 1, tags.size()).stream().filter(t -> !allowed.contains(t.op())).toList();
            assertEquals(List.of(), after, "steps after the filter with noNewPrivileges " + nnp);
        }
    }

    @Test
    void theInitWaitsForCreateToRecordItBeforeTheFifo() {
        ChildProgram p = build(SpecDefaults.example()).program();
        List<Tag> tags = tags(p);
        int ready = at(p, REPORT_CREATED);
        assertEquals(new Tag(WAIT_RECORDED, ""), tags.get(ready + 1));
        assertEquals(new Tag(OPEN_FIFO, "/proc/self/fd/7"), tags.get(ready + 2));
    }

    @Test
    void maskedPathsAreMaskedWithTheHostsNullDeviceTakenBeforeThePivot() {
        ChildProgram p = build(SpecDefaults.example()).program();
        int take = at(p, TAKE_HOST_NULL, "/proc/kcore");
        int pivot = at(p, PIVOT_ROOT, "/b/rootfs");
        int mask = at(p, MASK, "/proc/kcore");
        assertTrue(pivot > take && mask > pivot, p.describe());
        Insn open = p.insns().get(take);
        assertEquals(Sys.OPEN_TREE, open.nr());
        // a file is masked with that very mount
        List<Insn> moves = p.insns().stream()
                .filter(i -> i.tag().equals(new Tag(MASK, "/proc/kcore")) && i.nr() == Sys.MOVE_MOUNT).toList();
        assertEquals(1, moves.size(), p.describe());
        assertEquals(open.result(), moves.getFirst().args().getFirst());
    }

    @Test
    void everyInstructionOfAnInitIsTagged() {
        // most of what a config can ask for: joins and a user namespace, late namespaces, a
        // bind mount, devices, sysctls, no pivot, a user to switch to, ambient capabilities, ...
        Spec joins = Json.parseConfig(Json.toJson(SpecDefaults.rootless(1000, 1000))
                .replace("{\"type\":\"ipc\"}", "{\"type\":\"network\",\"path\":\"/run/netns/x\"},{\"type\":\"ipc\"}"));
        Spec most = Json.parseConfig(Json.toJson(SpecDefaults.example())
                .replace("{\"type\":\"ipc\"}", "{\"type\":\"cgroup\"},{\"type\":\"time\"},{\"type\":\"ipc\"}")
                .replace("\"maskedPaths\":", "\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"},\"rootfsPropagation\":\"rshared\","
                        + "\"timeOffsets\":{\"monotonic\":{\"secs\":1,\"nanosecs\":0}},"
                        + "\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229}],\"maskedPaths\":")
                .replace("\"hostname\":\"runc\"", "\"hostname\":\"runc\",\"domainname\":\"example\"")
                .replace("\"noNewPrivileges\":true", "\"noNewPrivileges\":true,\"apparmorProfile\":\"docker-default\",\"oomScoreAdj\":5")
                .replace("\"cwd\":\"/\"", "\"cwd\":\"/home/u\"")
                .replace("\"uid\":0,\"gid\":0", "\"uid\":1000,\"gid\":1000,\"additionalGids\":[5]")
                .replace("\"mounts\":[", "\"mounts\":[{\"destination\":\"/mnt/etc\",\"type\":\"bind\",\"source\":\"/etc\","
                        + "\"options\":[\"rbind\",\"ro\"]},")
                .replace("\"ambient\":[", "\"ambient\":[\"CAP_KILL\","));
        SeccompCompiler.Compiled filter = SeccompCompiler.compile(EngineProfiles.dockerOnThisMachine());
        List<ChildProgram> programs = List.of(
                build(SpecDefaults.example()).program(),
                build(joins).program(),
                InitProgram.build(new InitProgram.Config("c1", most, Path.of("/b"), Path.of("/b/rootfs"), null,
                        new CreateOptions(null, null, true, false, 2), 7, 40, true, 8, filter, -1, -1)).program(),
                InitProgram.build(new InitProgram.Config("c1", withNoNewPrivileges(false), Path.of("/b"), Path.of("/b/rootfs"),
                        null, CreateOptions.defaults(), 7, 40, false, 8, filter, -1, 9)).program());
        for (ChildProgram p : programs) {
            assertTrue(p.insns().stream().noneMatch(i -> i.tag().equals(Tag.NONE)), p::describe);
        }
        ChildProgram p = programs.get(2);
        for (Tag t : List.of(new Tag(SYSCTL, "net.ipv4.ip_forward"), new Tag(MOUNT, "/mnt/etc"),
                new Tag(CREATE_DEVICE, "/dev/fuse"), new Tag(CHROOT, "/b/rootfs"), new Tag(AMBIENT, "CAP_KILL"),
                new Tag(UNSHARE, "cgroup"), new Tag(TIME_OFFSETS, "/proc/self/timens_offsets"), new Tag(DOMAINNAME, "example"),
                new Tag(ROOTFS_PROPAGATION, "/"), new Tag(PRESERVE_FD, "4"), new Tag(SET_UID, "1000"), new Tag(ASK_HOOKS, ""),
                new Tag(MAKE_CWD, "/home/u"), new Tag(OOM_SCORE_ADJ, "5"))) {
            at(p, t);
        }
        at(programs.get(1), UNSHARE, "user");
        at(programs.get(1), ASK_ID_MAPS);
    }

    @Test
    void onCgroupV1TheInitWaitsToBeMovedIntoItsCgroupBeforeAnyNamespaceIsJoinedOrMade() {
        // a joined network namespace, and a new cgroup namespace, whose root is the cgroup it is made in
        Spec spec = Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("{\"type\":\"ipc\"}",
                "{\"type\":\"network\",\"path\":\"/run/netns/x\"},{\"type\":\"cgroup\"},{\"type\":\"ipc\"}"));
        ChildProgram p = InitProgram.build(new InitProgram.Config("c1", spec, Path.of("/b"), Path.of("/b/rootfs"), null,
                CreateOptions.defaults(), 7, 40, false, -1, null, -1, -1, true)).program();
        assertTrue(p.insns().stream().noneMatch(i -> i.tag().equals(Tag.NONE)), p::describe);
        assertEquals(new Tag(ASK_CGROUP, ""), tags(p).getFirst(), p.describe());
        int moved = at(p, WAIT_CGROUP);
        assertTrue(moved < at(p, OPEN_NAMESPACE, "/run/netns/x"), p.describe());
        assertTrue(moved < at(p, UNSHARE, "cgroup"), p.describe());
        assertTrue(moved < at(p, CLONE_PID_NAMESPACE), p.describe());

        ChildProgram v2 = InitProgram.build(new InitProgram.Config("c1", spec, Path.of("/b"), Path.of("/b/rootfs"), null,
                CreateOptions.defaults(), 7, 40, false, -1, null, -1, -1)).program();
        assertTrue(!tags(v2).contains(new Tag(WAIT_CGROUP, "")), "cloned into its cgroup on v2: " + v2.describe());
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
        List<Tag> tags = tags(build(edited("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "PATH=" + longDir + ":/bin")).program());
        assertEquals(List.of(new Tag(LOOKUP, "/bin/sh")), tags.stream().filter(t -> t.op() == LOOKUP).distinct().toList());
    }

    @Test
    void withJrunInitTheInitExecsItAfterBeingRecordedAndItWritesTheAppArmorAttribute() {
        Spec spec = Json.parseConfig(Json.toJson(SpecDefaults.example()).replace("\"noNewPrivileges\":true",
                "\"noNewPrivileges\":true,\"apparmorProfile\":\"docker-default\""));
        ChildProgram p = InitProgram.build(new InitProgram.Config("c1", spec, Path.of("/b"), Path.of("/b/rootfs"), null,
                CreateOptions.defaults(), 7, 40, false, -1, null, -1, 9)).program();
        List<Tag> tags = tags(p);
        int recorded = at(p, WAIT_RECORDED);
        int keep = at(p, KEEP_FIFO_OPEN, "7");
        assertTrue(keep < recorded, p.describe());
        assertEquals(new Tag(EXEC_WAITER, "sh"), tags.get(recorded + 1));
        Insn exec = p.insns().get(recorded + 1);
        assertEquals(Sys.EXECVE, exec.nr());
        assertTrue(exec.toString().contains("/proc/self/fd/9"), exec::toString);
        assertEquals(Sys.EXECVEAT, p.insns().get(recorded + 2).nr());
        assertTrue(tags.stream().noneMatch(t -> t.op() == APPARMOR), p.describe());
        assertTrue(tags.stream().noneMatch(t -> t.op() == OPEN_FIFO), "the JVM's copy waits on the fifo");
        assertTrue(p.inheritedFds().contains(9), "jrun-init's memfd is inherited");
        // jrun-init FIFO-FD PROFILE PROGRAM ARGV...: the program as found in PATH
        Insn argv = p.insns().stream().filter(i -> i.kind() == Insn.Kind.SET && i.toString().contains("jrun-init"))
                .findFirst().orElseThrow();
        assertTrue(argv.toString().contains("[\"jrun-init\", \"7\", \"docker-default\", \"/usr/local/sbin/sh\", \"sh\"]"), argv::toString);
    }
}
