package io.jrun.core.child;

/**
 * A register of the child: a slot holding the result of an instruction (a file descriptor,
 * a pid) for later instructions to use. Slots 0 and 1 are the stage's: the fd of the channel
 * to the parent and the fd failures are reported on.
 */
public record Reg(int index, String name) implements Arg {
    /** The child's end of the channel to its parent. Set by the stage. */
    public static final Reg SYNC = new Reg(0, "sync");
    /** Where failures are reported: the channel to the parent first, the exec fifo later. */
    public static final Reg REPORT = new Reg(1, "report");

    static final int FIRST_FREE = 2;

    @Override
    public String toString() {
        return "%" + name;
    }
}
