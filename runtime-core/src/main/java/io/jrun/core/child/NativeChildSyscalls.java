package io.jrun.core.child;

import io.jrun.sys.Native;
import io.jrun.sys.SyscallLib;

/**
 * {@link ChildSyscalls} over the C library's syscall(2): six longs in, one long out, errno from
 * jffi's per-thread copy. Both calls are allocation-free once linked; {@link #link()} links them
 * in the parent. Runs in the child: excluded from JIT compilation by the launcher (see
 * bin/jrun.compilecommands).
 */
final class NativeChildSyscalls implements ChildSyscalls {
    private final SyscallLib lib = Native.syscalls();

    @Override
    public long syscall(long nr, long a1, long a2, long a3, long a4, long a5) {
        return lib.syscall(nr, a1, a2, a3, a4, a5);
    }

    @Override
    public int errno() {
        return lib.errno();
    }

    /**
     * Calls both methods once with harmless arguments (a close of fd -1 fails with EBADF): a
     * method's first call resolves its constant pool entries and links natives, which a child
     * must never do.
     */
    void link(long closeNr) {
        syscall(closeNr, -1, 0, 0, 0, 0);
        errno();
    }
}
