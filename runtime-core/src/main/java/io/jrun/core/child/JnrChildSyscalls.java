package io.jrun.core.child;

import io.jrun.sys.Native;
import io.jrun.sys.SyscallLib;

/**
 * {@link ChildSyscalls} over jnr-ffi: six longs in, one long out, errno from jffi's per-thread
 * copy. Both calls are allocation-free once linked; {@link #link()} links them in the parent.
 * Runs in the child: excluded from JIT compilation by the launcher (see bin/jrun.compilecommands).
 */
final class JnrChildSyscalls implements ChildSyscalls {
    private final SyscallLib lib;
    private final jnr.ffi.Runtime runtime;

    JnrChildSyscalls() {
        this.lib = Native.syscalls();
        this.runtime = Native.runtime();
    }

    @Override
    public long syscall(long nr, long a1, long a2, long a3, long a4, long a5) {
        return lib.syscall(nr, a1, a2, a3, a4, a5);
    }

    @Override
    public int errno() {
        return runtime.getLastError();
    }

    /**
     * Calls both methods once with harmless arguments (a close of fd -1 fails with EBADF): the
     * first call of a jnr-ffi method links it lazily, which a child must never do.
     */
    void link(long closeNr) {
        syscall(closeNr, -1, 0, 0, 0, 0);
        errno();
    }
}
