package io.jrun.core.lifecycle;

import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.ChildStage;
import io.jrun.sys.Signals;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ChildStage} whose children are processes of a {@link FakeHostKernel}: nothing is
 * cloned, the program is not run. Each child passes its sync points at once, unless the test
 * makes one fail (as a child reports a failed step).
 */
final class FakeChildStage implements ChildStage {
    private final FakeHostKernel kernel;
    private int nextPid = 4242;

    /** start() fails with this (no child could be made), if set. */
    ChildFailure failStart;
    /** The sync point at which children report {@link #failure}, if set. */
    Character failAt;
    ChildFailure failure;

    final List<Child> children = new ArrayList<>();
    /** How each child was cloned. */
    final List<Clone> clones = new ArrayList<>();
    /** Run at each proceed(), after the sync point the child last awaited: what the parent did there. */
    java.util.function.BiConsumer<Child, Character> onProceed = (c, at) -> { };

    FakeChildStage(FakeHostKernel kernel) {
        this.kernel = kernel;
    }

    /** Start times are made up, different for every process: a reused pid is told apart by them. */
    static long startTimeOf(int pid) {
        return 100_000L + pid;
    }

    @Override
    public ChildProcess start(ChildProgram program, Clone clone) {
        if (failStart != null) {
            throw failStart;
        }
        clones.add(clone);
        int pid = nextPid++;
        kernel.spawn(pid, startTimeOf(pid));
        Child c = new Child(pid);
        children.add(c);
        return c;
    }

    final class Child implements ChildProcess {
        private final int pid;
        final List<Character> awaited = new ArrayList<>();
        boolean killed;
        boolean closed;

        Child(int pid) {
            this.pid = pid;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public int pidfd() {
            return -1;
        }

        @Override
        public void await(char expected) {
            awaited.add(expected);
            if (failAt != null && failAt == expected) {
                kernel.exit(pid); // a child that reports a failure exits
                throw failure;
            }
        }

        @Override
        public void awaitExec() {
        }

        @Override
        public void proceed() {
            onProceed.accept(this, awaited.isEmpty() ? null : awaited.getLast());
        }

        @Override
        public int attempts() {
            return 1;
        }

        @Override
        public void kill() {
            killed = true;
            kernel.kill(pid, Signals.SIGKILL);
            kernel.reap(pid);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
