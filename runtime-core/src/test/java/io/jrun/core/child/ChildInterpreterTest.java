package io.jrun.core.child;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The child's rules, checked in the parent with the fake libc the dry run uses. */
class ChildInterpreterTest {

    @Test
    void dryRunAllocatesNothingAndLoadsNoClass() {
        DryRun.Coverage coverage = new DryRun.Coverage();
        coverage.run(); // the first run may resolve and load; the child always comes after one
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var classes = ManagementFactory.getClassLoadingMXBean();
        long tid = Thread.currentThread().threadId();
        threads.getThreadAllocatedBytes(tid); // warm the measurement itself
        long loadedBefore = classes.getTotalLoadedClassCount();
        long before = threads.getThreadAllocatedBytes(tid);
        coverage.run();
        long after = threads.getThreadAllocatedBytes(tid);
        long loadedAfter = classes.getTotalLoadedClassCount();
        assertEquals(0, after - before, "bytes allocated by a dry run of the child's code");
        assertEquals(loadedBefore, loadedAfter, "classes loaded by a dry run of the child's code");
    }

    @Test
    void realSyscallPathAllocatesNothing() {
        NativeChildSyscalls sys = new NativeChildSyscalls();
        sys.link(io.jrun.sys.Sys.CLOSE);
        long getpid = io.jrun.sys.Sys.GETPID;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        threads.getThreadAllocatedBytes(tid);
        long before = threads.getThreadAllocatedBytes(tid);
        long pid = 0;
        for (int i = 0; i < 1000; i++) {
            pid = sys.syscall(getpid, 0, 0, 0, 0, 0);
            sys.syscall(io.jrun.sys.Sys.CLOSE, -1, 0, 0, 0, 0);
            sys.errno();
        }
        long after = threads.getThreadAllocatedBytes(tid);
        assertEquals(ProcessHandle.current().pid(), pid);
        assertEquals(0, after - before, "bytes allocated by 1000 real syscalls through jffi");
    }

    @Test
    void dryRunTakesEveryPath() {
        DryRun.Coverage coverage = new DryRun.Coverage();
        coverage.run();
        // script 0: the unexpected errno is reported (two writes), then exit: 1 clone + 9 calls + 2 + 1
        assertEquals(13, coverage.scripts[0].calls);
        // script 1: FAIL reports (two writes), then exit
        assertEquals(13, coverage.scripts[1].calls);
        // script 2: branch to EXIT after call 7: 1 clone + 8 calls + exit
        assertEquals(10, coverage.scripts[2].calls);
    }
}
