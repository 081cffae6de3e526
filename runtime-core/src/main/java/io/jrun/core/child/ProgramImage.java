package io.jrun.core.child;

import io.jrun.sys.CloneFlags;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Signals;

import java.util.List;

/**
 * A {@link ChildProgram} lowered for {@link ChildInterpreter}: the instruction array, the
 * registers and, in native memory, every string, struct and failure record it refers to.
 */
final class ProgramImage {
    final ChildProgram program;
    final long[] code;
    final long[] regs;
    final long records;

    private ProgramImage(ChildProgram program, long[] code, long[] regs, long records) {
        this.program = program;
        this.code = code;
        this.regs = regs;
        this.records = records;
    }

    /** Where the arguments that are not numbers go: native memory, or nowhere in a dry run. */
    interface Placement {
        long place(Arg arg);

        long errnoCell(int errno);

        long records(int count);

        void record(long address, byte[] record);
    }

    /**
     * @param sharedTid where a second clone made by the child stores the new pid: memory
     *                  shared with the parent (0 if the program makes none)
     */
    static Placement nativeMemory(NativeArena arena, long sharedTid) {
        return new Placement() {
            @Override
            public long place(Arg arg) {
                return lower(arg, arena, sharedTid);
            }

            @Override
            public long errnoCell(int errno) {
                return arena.ints(errno);
            }

            @Override
            public long records(int count) {
                return arena.allocate(SyncProtocol.RECORD_STRIDE * count, 8);
            }

            @Override
            public void record(long address, byte[] record) {
                arena.put(address, record);
            }
        };
    }

    /** For programs of numbers and registers only, run with a fake: nothing is placed. */
    static final Placement NOWHERE = new Placement() {
        @Override
        public long place(Arg arg) {
            if (arg instanceof Arg.Imm i) {
                return i.value();
            }
            throw new IllegalArgumentException("a dry-run program has only numbers: " + arg);
        }

        @Override
        public long errnoCell(int errno) {
            return 0;
        }

        @Override
        public long records(int count) {
            return 0;
        }

        @Override
        public void record(long address, byte[] record) {}
    };

    static ProgramImage assemble(ChildProgram program, Placement memory) {
        List<Insn> insns = program.insns();
        int n = insns.size();
        long[] code = new long[n * ChildInterpreter.WIDTH];
        long records = memory.records(n);
        for (int i = 0; i < n; i++) {
            Insn insn = insns.get(i);
            int b = i * ChildInterpreter.WIDTH;
            code[b + ChildInterpreter.OP] = switch (insn.kind()) {
                case SYSCALL -> insn.nr();
                case SET -> ChildInterpreter.OP_SET;
                case FAIL -> ChildInterpreter.OP_FAIL;
                case EXIT -> ChildInterpreter.OP_EXIT;
            };
            long mask = 0;
            List<Arg> args = insn.args();
            for (int a = 0; a < args.size(); a++) {
                Arg arg = args.get(a);
                if (arg instanceof Reg r) {
                    checkReg(program, r, insn);
                    mask |= 1L << a;
                    code[b + ChildInterpreter.ARGS + a] = r.index();
                } else {
                    code[b + ChildInterpreter.ARGS + a] = memory.place(arg);
                }
            }
            if (insn.kind() == Insn.Kind.FAIL) {
                // FAIL reports the errno stored at its first argument's address
                code[b + ChildInterpreter.ARGS] = memory.errnoCell((int) ((Arg.Imm) args.getFirst()).value());
                mask = 0;
            }
            code[b + ChildInterpreter.REG_MASK] = mask;
            if (insn.result() != null) {
                checkReg(program, insn.result(), insn);
            }
            code[b + ChildInterpreter.RESULT] = insn.result() == null ? -1 : insn.result().index();
            List<Insn.OnErrno> on = insn.onErrno();
            for (int k = 0; k < on.size(); k++) {
                Insn.OnErrno e = on.get(k);
                code[b + ChildInterpreter.ERRNO1 + 2 * k] = e.errno();
                code[b + ChildInterpreter.TARGET1 + 2 * k] = e.target();
            }
            code[b + ChildInterpreter.BRANCH] = insn.branch().ordinal(); // NONE 0, IF_ZERO 1, IF_NONZERO 2
            code[b + ChildInterpreter.BRANCH_TARGET] = insn.branchTarget();
            checkTarget(n, code[b + ChildInterpreter.TARGET1], insn);
            checkTarget(n, code[b + ChildInterpreter.TARGET2], insn);
            checkTarget(n, code[b + ChildInterpreter.BRANCH_TARGET], insn);
            memory.record(records + (long) SyncProtocol.RECORD_STRIDE * i, SyncProtocol.recordHead(i));
        }
        // Falling off the end would read past the array: a program must end in exec or exit.
        Insn last = insns.isEmpty() ? null : insns.getLast();
        if (last == null || !(last.kind() == Insn.Kind.EXIT || last.kind() == Insn.Kind.FAIL)) {
            throw new IllegalArgumentException("a child program must end with exit or fail");
        }
        return new ProgramImage(program, code, new long[program.registers()], records);
    }

    private static void checkReg(ChildProgram p, Reg r, Insn insn) {
        if (r.index() < 0 || r.index() >= p.registers()) {
            throw new IllegalArgumentException("register " + r + " out of range in: " + insn);
        }
    }

    private static void checkTarget(int n, long target, Insn insn) {
        if (target < 0 || target >= n) {
            throw new IllegalArgumentException("jump target " + target + " out of range in: " + insn);
        }
    }

    /**
     * An argument as the number the child passes. (instanceof, not a pattern switch: a switch on
     * types bootstraps a class at run time, SwitchBootstraps.typeSwitch, which the AOT cache does
     * not keep, and this runs in every command that clones.)
     */
    private static long lower(Arg arg, NativeArena arena, long sharedTid) {
        if (arg instanceof Arg.Imm i) {
            return i.value();
        } else if (arg instanceof Arg.Str s) {
            return arena.cString(s.value());
        } else if (arg instanceof Arg.StrArray a) {
            return arena.cStringArray(a.values());
        } else if (arg instanceof Arg.Bytes b) {
            return arena.bytes(b.value());
        } else if (arg instanceof Arg.CloneArgs c) {
            if (sharedTid == 0) {
                throw new IllegalArgumentException("no shared memory for a second clone");
            }
            // clone3 wants no exit signal with CLONE_PARENT: the child then signals our
            // parent the way we would (SIGCHLD)
            long exitSignal = (c.flags() & CloneFlags.CLONE_PARENT) != 0 ? 0 : Signals.SIGCHLD;
            return arena.longs(c.flags() | CloneFlags.CLONE_PARENT_SETTID, 0, 0, sharedTid, exitSignal, 0, 0, 0, 0, 0, 0);
        } else if (arg instanceof Arg.Fprog f) {
            long filter = arena.bytes(f.filter());
            return arena.longs(f.filter().length / 8, filter); // u16 len (padded to 8), then the pointer
        }
        throw new AssertionError("not placed in memory: " + arg); // a register
    }

    boolean isFail(int index) {
        List<Insn> insns = program.insns();
        return index >= 0 && index < insns.size() && insns.get(index).kind() == Insn.Kind.FAIL;
    }

    /** The step of instruction {@code index}, for a failure record. */
    String step(int index) {
        List<Insn> insns = program.insns();
        return index >= 0 && index < insns.size() ? insns.get(index).step() : "instruction " + index;
    }
}
