package io.jrun.core.program;

import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Insn;
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
    void aDetachedProcessIsLeftToTheSubreaper() {
        // even without a pid namespace to enter: the process must not be jrun's child
        for (List<String> namespaces : List.of(List.of("mnt", "pid"), List.of("mnt"))) {
            List<Insn> clones = clones(build(namespaces, true));
            assertEquals(1, clones.size(), namespaces.toString());
            assertTrue(clones.getFirst().toString().contains("flags=0x0}"), "no CLONE_PARENT: " + clones.getFirst());
        }
    }
}
