package io.jrun.core.child;

import io.jrun.sys.Sys;

/** Instruction sequences every program uses: talking to the parent. */
public final class ChildOps {
    private ChildOps() {}

    /** Sends one byte to the parent: a sync point the parent {@link ChildProcess#await}s. */
    public static void notifyParent(ProgramBuilder b, char code, String step) {
        b.syscall(step, Sys.WRITE, Reg.SYNC, new Arg.Bytes("'" + code + "'", new byte[] {(byte) code}), Arg.imm(1));
    }

    /**
     * Waits for the parent's go ({@link ChildProcess#proceed}). If the parent is gone (end of
     * file) the child exits quietly at {@code parentGone}.
     */
    public static void waitForParent(ProgramBuilder b, String step, Label parentGone) {
        b.syscall(step, Sys.READ, Reg.SYNC, new Arg.Bytes("buf", new byte[1]), Arg.imm(1)).ifZero(parentGone);
    }
}
