package io.jrun.core.program;

import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Insn;
import io.jrun.core.child.Tag;
import io.jrun.spec.Process;
import io.jrun.spec.SpecDefaults;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program of an exec'd process, as data. */
class ExecProgramTest {

    private static ChildProgram build(List<String> namespaces, boolean detach) {
        return ExecProgram.build(new ExecProgram.Config(new JoinNamespaces.Target(42, namespaces),
                withoutTerminal(SpecDefaults.example().process()), 0, -1, 40, null, -1, false, detach));
    }

    private static Process withoutTerminal(Process p) {
        return new Process(false, p.consoleSize(), p.user(), p.args(), p.commandLine(), p.env(), p.cwd(), p.capabilities(),
                p.rlimits(), p.noNewPrivileges(), p.apparmorProfile(), p.oomScoreAdj(), p.scheduler(), p.selinuxLabel(),
                p.ioPriority(), p.execCPUAffinity());
    }

    private static List<Insn> clones(ChildProgram p) {
        return p.insns().stream().filter(i -> i.nr() == Sys.CLONE3).toList();
    }

    @Test
    void aProcessWaitedForIsJrunsChild() {
        List<Insn> clones = clones(build(List.of("mnt", "pid"), false));
        assertEquals(1, clones.size());
        assertTrue(clones.getFirst().toString().contains("flags=0x8000"), "CLONE_PARENT: " + clones.getFirst());
        assertEquals(List.of(), clones(build(List.of("mnt"), false)), "no pid namespace to enter: no second clone");
    }

    @Test
    void everyInstructionOfAnExecOrAHookIsTagged() {
        ChildProgram exec = ExecProgram.build(new ExecProgram.Config(new JoinNamespaces.Target(42, List.of("mnt", "pid")),
                SpecDefaults.example().process(), 1, 8, 40, null, -1, true, false));
        ChildProgram hook = HookProgram.build(new HookProgram.Config(new JoinNamespaces.Target(42, List.of("mnt")), "/bin/hook",
                List.of("hook"), List.of(), "/", 5, 6, 7));
        for (ChildProgram p : List.of(exec, build(List.of("mnt"), true), hook)) {
            assertTrue(p.insns().stream().noneMatch(i -> i.tag().equals(Tag.NONE)), p::describe);
        }
        List<Tag> tags = exec.insns().stream().map(Insn::tag).toList();
        int cgroup = tags.indexOf(new Tag(Tag.Op.WAIT_CGROUP, ""));
        int join = tags.indexOf(new Tag(Tag.Op.JOIN_NAMESPACE, "/proc/42/ns/pid"));
        int clone = tags.indexOf(new Tag(Tag.Op.CLONE_PID_NAMESPACE, ""));
        assertTrue(cgroup >= 0 && join > cgroup && clone > join, exec.describe());
        assertEquals(new Tag(Tag.Op.EXEC, "/bin/hook"), hook.insns().get(hook.insns().size() - 3).tag(), hook.describe());
    }

    @Test
    void aDetachedProcessIsLeftToTheSubreaper() {
        // even without a pid namespace to enter: the process must not be jrun's child
        for (List<String> namespaces : List.of(List.of("mnt", "pid"), List.of("mnt"))) {
            List<Insn> clones = clones(build(namespaces, true));
            assertEquals(1, clones.size(), namespaces.toString());
            assertTrue(clones.getFirst().toString().contains("flags=0x0}"), "no CLONE_PARENT: " + clones.getFirst());
        }
    }
}
