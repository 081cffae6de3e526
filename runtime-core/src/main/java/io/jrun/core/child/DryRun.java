package io.jrun.core.child;

/**
 * Runs every bytecode path of {@link ChildInterpreter} in the parent, with a fake
 * {@link ChildSyscalls}, so that a child never resolves a constant-pool entry, links a
 * method or loads a class. Also the fake the allocation test measures: it allocates nothing.
 */
final class DryRun {
    private DryRun() {}

    /** A scripted libc: returns results[i] for the i-th call, with errno errnos[i]. */
    static final class FakeSyscalls implements ChildSyscalls {
        final long[] results;
        final int[] errnos;
        int calls;
        int lastErrno;

        FakeSyscalls(long[] results, int[] errnos) {
            this.results = results;
            this.errnos = errnos;
        }

        @Override
        public long syscall(long nr, long a1, long a2, long a3, long a4, long a5) {
            int i = calls++;
            if (i >= results.length) {
                lastErrno = 0;
                return 0;
            }
            lastErrno = errnos[i];
            return results[i];
        }

        @Override
        public int errno() {
            return lastErrno;
        }

        void reset() {
            calls = 0;
            lastErrno = 0;
        }
    }

    // Fake syscall numbers: the fake ignores them.
    static final long[] NRS = {1000, 1001, 1002};

    /**
     * The coverage program: register arguments in all five positions, a result register,
     * both expected errnos, both branches taken and not taken, SET, and (in three runs) a
     * reported failure, a FAIL and an EXIT.
     */
    static final class Coverage {
        final long[] code;
        final long[] regs;
        final FakeSyscalls[] scripts;

        Coverage() {
            ProgramBuilder b = new ProgramBuilder();
            Reg r = b.reg("r");
            Label end = b.label("end");
            Label failing = b.label("failing");
            b.set(r, 7);
            b.syscall("regs", 1, r, r, r, r, r).into(r);                               // call 0
            Label afterE1 = b.label("afterE1");
            b.syscall("errno1", 2).onErrno(2, afterE1).onErrno(3, afterE1);          // call 1: errno 2
            b.bind(afterE1);
            Label afterE2 = b.label("afterE2");
            b.syscall("errno2", 3).onErrno(2, afterE2).onErrno(3, afterE2);          // call 2: errno 3
            b.bind(afterE2);
            Label z = b.label("z");
            b.syscall("zero", 4).ifZero(z);                                          // call 3: 0 -> taken
            b.bind(z);
            b.syscall("zero not taken", 4).ifZero(end);                              // call 4: 1 -> not taken
            Label nz = b.label("nz");
            b.syscall("nonzero", 5).ifNonZero(nz);                                   // call 5: 1 -> taken
            b.bind(nz);
            b.syscall("nonzero not taken", 5).ifNonZero(end);                        // call 6: 0 -> not taken
            b.syscall("choose", 6).ifNonZero(failing);                               // call 7: 0 or 1
            b.syscall("unexpected errno", 7);                                        // call 8: -1/errno 5 or ok
            b.fail("fail", 9);
            b.bind(failing);
            b.bind(end);
            b.exit(0);
            ChildProgram p = b.build();
            ProgramImage image = ProgramImage.assemble(p, ProgramImage.NOWHERE);
            code = image.code;
            regs = image.regs;
            scripts = new FakeSyscalls[] {
                // clone=0, then calls 0..8 with call 8 failing unexpectedly, then the report writes and exit
                new FakeSyscalls(new long[] {0, 1, -1, -1, 0, 1, 1, 0, 0, -1},
                                 new int[]  {0, 0, 2, 3, 0, 0, 0, 0, 0, 5}),
                // call 8 succeeds, FAIL reports
                new FakeSyscalls(new long[] {0, 1, -1, -1, 0, 1, 1, 0, 0, 0},
                                 new int[]  {0, 0, 2, 3, 0, 0, 0, 0, 0, 0}),
                // call 7 branches to the EXIT
                new FakeSyscalls(new long[] {0, 1, -1, -1, 0, 1, 1, 0, 1},
                                 new int[]  {0, 0, 2, 3, 0, 0, 0, 0, 0}),
            };
        }

        /** One dry run of all three scripts. Allocation-free after the first. */
        void run() {
            for (FakeSyscalls s : scripts) {
                s.reset();
                ChildInterpreter.cloneAndRun(s, 0, 0, NRS, code, regs, 0, 0);
            }
        }
    }
}
