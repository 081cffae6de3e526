package io.jrun.core.child;

/**
 * Runs an assembled {@link ChildProgram} in a freshly cloned child. This class is the child:
 * the clone method and the loop below are all the Java a container process executes before
 * execve, and they obey the rules of docs/ARCHITECTURE.md ("The rules of the child path"):
 * <ul>
 *   <li>no allocation, no exception, no class loading: primitive locals, arrays made before
 *       the clone, calls only through {@link ChildSyscalls} with long arguments;</li>
 *   <li>every bytecode path is executed once in the parent by a dry run with a fake
 *       {@link ChildSyscalls} ({@link DryRun}), so no constant-pool entry is resolved in the
 *       child;</li>
 *   <li>excluded from JIT compilation and inlining, with counter notifications scaled away
 *       (bin/jrun.compilecommands), so the child never asks the compiler for anything.</li>
 * </ul>
 * Layout of one instruction in {@code code}: {@value #WIDTH} longs, see the offsets below.
 */
final class ChildInterpreter {
    private ChildInterpreter() {}

    static final int WIDTH = 14;
    static final int OP = 0;        // syscall number, or one of the negative pseudo ops
    static final int ARGS = 1;      // five arguments: immediates or register indexes
    static final int REG_MASK = 6;  // bit i set: argument i is a register index
    static final int RESULT = 7;    // register for the return value, or -1
    static final int ERRNO1 = 8;    // an expected errno (0: none) ...
    static final int TARGET1 = 9;   // ... and where to go on it
    static final int ERRNO2 = 10;
    static final int TARGET2 = 11;
    static final int BRANCH = 12;   // 0 none, 1 jump if the result is 0, 2 if it is not
    static final int BRANCH_TARGET = 13;

    static final long OP_SET = -1;
    static final long OP_FAIL = -2;
    static final long OP_EXIT = -3;

    /** Exit status of a child that reported a failure. */
    static final int FAILED = 255;

    /** Syscall numbers the stage itself needs, passed in so the child reads no static field. */
    static final int NR_CLONE3 = 0;
    static final int NR_WRITE = 1;
    static final int NR_EXIT_GROUP = 2;

    /**
     * The clone and, in the child, the program. Returns the child's pid (or -1) in the parent.
     * In a real child it never returns: the program ends in execve or exit_group. In a dry run
     * the fake clone returns 0 and the program runs here, in the parent.
     */
    static long cloneAndRun(ChildSyscalls sys, long cloneArgs, long cloneArgsSize, long[] nrs,
                            long[] code, long[] regs, long records, long errnoAddress) {
        long pid = sys.syscall(nrs[NR_CLONE3], cloneArgs, cloneArgsSize, 0, 0, 0);
        if (pid != 0) {
            return pid;
        }
        long status = run(sys, nrs, code, regs, records, errnoAddress);
        sys.syscall(nrs[NR_EXIT_GROUP], status, 0, 0, 0, 0);
        return 0;
    }

    /**
     * The program loop. {@code records} holds, per instruction, the head of its failure record
     * ({@link SyncProtocol#RECORD_STRIDE} bytes apart); a failure writes that head and then the
     * errno to the report fd. {@code errnoAddress} is libc's errno of the cloning thread, which
     * is the child's only thread. (SyncProtocol's constants are compile-time constants: javac
     * inlines them, so the child loads no class for them.)
     */
    static long run(ChildSyscalls sys, long[] nrs, long[] code, long[] regs, long records, long errnoAddress) {
        int pc = 0;
        while (true) {
            int b = pc * WIDTH;
            long op = code[b + OP];
            long mask = code[b + REG_MASK];
            long a1 = (mask & 1) != 0 ? regs[(int) code[b + ARGS]] : code[b + ARGS];
            long a2 = (mask & 2) != 0 ? regs[(int) code[b + ARGS + 1]] : code[b + ARGS + 1];
            long a3 = (mask & 4) != 0 ? regs[(int) code[b + ARGS + 2]] : code[b + ARGS + 2];
            long a4 = (mask & 8) != 0 ? regs[(int) code[b + ARGS + 3]] : code[b + ARGS + 3];
            long a5 = (mask & 16) != 0 ? regs[(int) code[b + ARGS + 4]] : code[b + ARGS + 4];
            long r;
            if (op >= 0) {
                r = sys.syscall(op, a1, a2, a3, a4, a5);
                if (r == -1) {
                    long e = sys.errno();
                    if (e != 0 && e == code[b + ERRNO1]) {
                        pc = (int) code[b + TARGET1];
                        continue;
                    }
                    if (e != 0 && e == code[b + ERRNO2]) {
                        pc = (int) code[b + TARGET2];
                        continue;
                    }
                    return report(sys, nrs, regs, records + (long) SyncProtocol.RECORD_STRIDE * pc, errnoAddress);
                }
            } else if (op == OP_SET) {
                r = a1;
            } else if (op == OP_FAIL) {
                // a1 is the address of the errno to report
                return report(sys, nrs, regs, records + (long) SyncProtocol.RECORD_STRIDE * pc, a1);
            } else {
                return a1;
            }
            int result = (int) code[b + RESULT];
            if (result >= 0) {
                regs[result] = r;
            }
            long branch = code[b + BRANCH];
            if ((branch == 1 && r == 0) || (branch == 2 && r != 0)) {
                pc = (int) code[b + BRANCH_TARGET];
            } else {
                pc++;
            }
        }
    }

    private static long report(ChildSyscalls sys, long[] nrs, long[] regs, long record, long errnoAddress) {
        long fd = regs[Reg.REPORT.index()];
        sys.syscall(nrs[NR_WRITE], fd, record, SyncProtocol.RECORD_HEAD, 0, 0);
        sys.syscall(nrs[NR_WRITE], fd, errnoAddress, SyncProtocol.ERRNO_SIZE, 0, 0);
        return FAILED;
    }
}
