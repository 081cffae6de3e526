package io.jrun.core.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a classic BPF program from its end to its start. Classic BPF jumps only forward, so
 * when an instruction is added everything it jumps to is already there and its offsets are
 * known; a conditional jump reaches 255 instructions at most, and a target further away gets a
 * {@code ja} (which reaches anywhere) next to the jump. An instruction that does not jump falls
 * through to the one added just before it.
 */
final class BpfAssembler {
    // Instruction classes, sizes, modes and operations of linux/filter.h.
    static final int LD = 0x00;
    static final int ALU = 0x04;
    static final int JMP = 0x05;
    static final int RET = 0x06;
    static final int W = 0x00;
    static final int ABS = 0x20;
    static final int K = 0x00;
    static final int AND = 0x50;
    static final int JA = 0x00;
    static final int JEQ = 0x10;
    static final int JGT = 0x20;
    static final int JGE = 0x30;
    static final int JSET = 0x40;

    static final int MAX_JUMP = 255;

    /** A place in the program: the instruction added {@code rpos}-th (0 is the program's last). */
    record Pos(int rpos) {}

    private record Insn(int code, int jt, int jf, int k) {}

    private final List<Insn> reversed = new ArrayList<>();
    private final Map<Integer, Pos> rets = new HashMap<>();

    int size() {
        return reversed.size();
    }

    /** Where the instruction added next falls through to. */
    Pos next() {
        return new Pos(reversed.size() - 1);
    }

    private Pos add(int code, int jt, int jf, int k) {
        reversed.add(new Insn(code, jt, jf, k));
        return new Pos(reversed.size() - 1);
    }

    /** {@code ret k}, shared with an earlier one when that is close enough to jump to. */
    Pos ret(int k) {
        Pos p = rets.get(k);
        if (p != null && size() - p.rpos() < MAX_JUMP / 2) {
            return p;
        }
        p = add(RET | K, 0, 0, k);
        rets.put(k, p);
        return p;
    }

    /** A non-jumping instruction ({@code ld}, {@code and}) that goes on at {@code then}. */
    Pos stmt(int code, int k, Pos then) {
        if (then.rpos() != size() - 1) {
            ja(then);
        }
        return add(code, 0, 0, k);
    }

    /** {@code A = *(u32 *)(seccomp_data + offset)}, then {@code then}. */
    Pos load(int offset, Pos then) {
        return stmt(LD | W | ABS, offset, then);
    }

    Pos ja(Pos target) {
        return add(JMP | JA, 0, 0, size() - target.rpos() - 1);
    }

    /** {@code if (A <op> k) goto t; else goto f;} with op one of JEQ, JGT, JGE, JSET. */
    Pos jump(int op, int k, Pos t, Pos f) {
        while (true) {
            int p = size();
            int ot = p - t.rpos() - 1;
            int of = p - f.rpos() - 1;
            if (ot > MAX_JUMP) {
                t = ja(t);
            } else if (of > MAX_JUMP) {
                f = ja(f);
            } else {
                return add(JMP | op | K, ot, of, k);
            }
        }
    }

    /** The program in execution order, as the kernel takes it: u16 code, u8 jt, u8 jf, u32 k, native order. */
    byte[] assemble() {
        ByteBuffer bb = ByteBuffer.allocate(reversed.size() * 8).order(ByteOrder.nativeOrder());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            Insn insn = reversed.get(i);
            bb.putShort((short) insn.code()).put((byte) insn.jt()).put((byte) insn.jf()).putInt(insn.k());
        }
        return bb.array();
    }
}
