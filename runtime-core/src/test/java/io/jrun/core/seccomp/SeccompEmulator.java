package io.jrun.core.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs a seccomp classic BPF program on a seccomp_data, as the kernel does, so tests check what
 * a filter decides rather than how it is written. {@link #check} is the kernel's load-time
 * check (seccomp_check_filter and bpf_check_classic): the opcodes seccomp allows, aligned
 * loads inside seccomp_data, jumps inside the program, a return at the end.
 */
final class SeccompEmulator {
    private final int[] code;
    private final int[] jt;
    private final int[] jf;
    private final int[] k;

    SeccompEmulator(byte[] program) {
        ByteBuffer bb = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int n = program.length / 8;
        code = new int[n];
        jt = new int[n];
        jf = new int[n];
        k = new int[n];
        for (int i = 0; i < n; i++) {
            code[i] = bb.getShort() & 0xffff;
            jt[i] = bb.get() & 0xff;
            jf[i] = bb.get() & 0xff;
            k[i] = bb.getInt();
        }
        check();
    }

    int size() {
        return code.length;
    }

    private void check() {
        int n = code.length;
        if (n == 0 || n > Seccomp.MAX_INSNS) {
            throw new IllegalStateException("program of " + n + " instructions");
        }
        for (int pc = 0; pc < n; pc++) {
            int c = code[pc];
            switch (c & 0x07) {
                case 0x00 -> { // LD
                    if (c == 0x20) { // LD W ABS
                        if ((k[pc] & 3) != 0 || k[pc] < 0 || k[pc] >= Seccomp.DATA_SIZE) {
                            throw new IllegalStateException(pc + ": load at " + k[pc]);
                        }
                    } else if (c != 0x00 && c != 0x60 && c != 0x80) { // IMM, MEM, LEN
                        throw new IllegalStateException(pc + ": opcode 0x" + Integer.toHexString(c) + " not allowed in seccomp");
                    }
                    if (c == 0x60 && (k[pc] < 0 || k[pc] > 15)) {
                        throw new IllegalStateException(pc + ": scratch " + k[pc]);
                    }
                }
                case 0x01 -> require(pc, c == 0x01 || c == 0x61 || c == 0x81);
                case 0x02, 0x03 -> require(pc, k[pc] >= 0 && k[pc] <= 15);
                case 0x04 -> {
                    int op = c & 0xf0;
                    require(pc, op <= 0xa0);
                    require(pc, !((op == 0x30 || op == 0x90) && (c & 0x08) == 0 && k[pc] == 0)); // divide by constant 0
                }
                case 0x05 -> {
                    int op = c & 0xf0;
                    if (op == 0x00) {
                        require(pc, Integer.toUnsignedLong(k[pc]) < n - pc - 1);
                    } else {
                        require(pc, op <= 0x40);
                        require(pc, pc + 1 + jt[pc] < n && pc + 1 + jf[pc] < n);
                    }
                }
                case 0x06 -> require(pc, c == 0x06 || c == 0x16);
                case 0x07 -> require(pc, c == 0x07 || c == 0x87);
                default -> throw new AssertionError();
            }
        }
        if ((code[n - 1] & 0x07) != 0x06) {
            throw new IllegalStateException("the program does not end with a return");
        }
    }

    private void require(int pc, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(pc + ": bad instruction 0x" + Integer.toHexString(code[pc]) + " " + jt[pc]
                    + " " + jf[pc] + " " + k[pc]);
        }
    }

    /** The filter's return value for the syscall (the action in the high 16 bits). */
    int run(int auditArch, int nr, long... args) {
        ByteBuffer d = ByteBuffer.allocate(Seccomp.DATA_SIZE).order(ByteOrder.nativeOrder());
        d.putInt(0, nr).putInt(4, auditArch).putLong(8, 0x401000L);
        for (int i = 0; i < args.length; i++) {
            d.putLong(Seccomp.DATA_ARGS + 8 * i, args[i]);
        }
        int a = 0;
        int x = 0;
        int[] mem = new int[16];
        int pc = 0;
        while (true) {
            int c = code[pc];
            int kk = k[pc];
            int src = (c & 0x08) != 0 ? x : kk;
            pc++;
            switch (c & 0x07) {
                case 0x00 -> a = switch (c) {
                    case 0x20 -> d.getInt(kk);
                    case 0x00 -> kk;
                    case 0x60 -> mem[kk];
                    case 0x80 -> Seccomp.DATA_SIZE;
                    default -> throw new AssertionError();
                };
                case 0x01 -> x = switch (c) {
                    case 0x01 -> kk;
                    case 0x61 -> mem[kk];
                    default -> Seccomp.DATA_SIZE;
                };
                case 0x02 -> mem[kk] = a;
                case 0x03 -> mem[kk] = x;
                case 0x04 -> a = switch (c & 0xf0) {
                    case 0x00 -> a + src;
                    case 0x10 -> a - src;
                    case 0x20 -> a * src;
                    case 0x30 -> src == 0 ? 0 : Integer.divideUnsigned(a, src);
                    case 0x40 -> a | src;
                    case 0x50 -> a & src;
                    case 0x60 -> src >= 32 ? 0 : a << src;
                    case 0x70 -> src >= 32 ? 0 : a >>> src;
                    case 0x80 -> -a;
                    case 0x90 -> src == 0 ? 0 : Integer.remainderUnsigned(a, src);
                    default -> a ^ src;
                };
                case 0x05 -> {
                    int op = c & 0xf0;
                    if (op == 0x00) {
                        pc += kk;
                    } else {
                        boolean taken = switch (op) {
                            case 0x10 -> a == src;
                            case 0x20 -> Integer.compareUnsigned(a, src) > 0;
                            case 0x30 -> Integer.compareUnsigned(a, src) >= 0;
                            default -> (a & src) != 0;
                        };
                        pc += taken ? jt[pc - 1] : jf[pc - 1];
                    }
                }
                case 0x06 -> {
                    return c == 0x16 ? a : kk;
                }
                case 0x07 -> {
                    if (c == 0x07) {
                        x = a;
                    } else {
                        a = x;
                    }
                }
                default -> throw new AssertionError();
            }
        }
    }
}
