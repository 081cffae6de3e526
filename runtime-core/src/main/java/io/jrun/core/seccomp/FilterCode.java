package io.jrun.core.seccomp;

import io.jrun.core.seccomp.SeccompRules.Cond;
import io.jrun.core.seccomp.SeccompRules.Op;
import io.jrun.core.seccomp.SeccompRules.Rule;
import io.jrun.core.seccomp.SyscallRanges.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classic BPF code of a filter: a dispatch on the AUDIT_ARCH, then per arch a binary search
 * over the ranges of syscall numbers, so a profile of several hundred syscalls costs a few dozen
 * instructions per syscall at most; at its leaves a return, or the rules' argument tests.
 */
final class FilterCode {
    private FilterCode() {}

    /** The program for the outcomes of {@code ranges}: each arch's search, after a dispatch on the arch. */
    static byte[] program(SyscallRanges ranges) {
        BpfAssembler a = new BpfAssembler();
        List<Integer> arches = ranges.auditArches();
        // Emitted from the end: the blocks of each arch, the bad-arch return, the dispatch.
        List<BpfAssembler.Pos> blocks = new ArrayList<>();
        for (int i = arches.size() - 1; i >= 0; i--) {
            TreeMap<Long, Outcome> r = ranges.of(arches.get(i));
            BpfAssembler.Pos search = search(a, new ArrayList<>(r.entrySet()), 0, r.size());
            blocks.addFirst(a.load(Seccomp.DATA_NR, search));
        }
        BpfAssembler.Pos next = a.ret(Seccomp.RET_KILL_THREAD);
        for (int i = arches.size() - 1; i >= 0; i--) {
            next = a.jump(BpfAssembler.JEQ, arches.get(i), blocks.get(i), next);
        }
        a.load(Seccomp.DATA_ARCH, next);
        return a.assemble();
    }

    /** A binary search over ranges [from, to) of the list, the syscall number in A. */
    private static BpfAssembler.Pos search(BpfAssembler a, List<Map.Entry<Long, Outcome>> r, int from, int to) {
        if (to - from == 1) {
            return emit(a, r.get(from).getValue());
        }
        int mid = (from + to) >>> 1;
        BpfAssembler.Pos high = search(a, r, mid, to);
        BpfAssembler.Pos low = search(a, r, from, mid);
        return a.jump(BpfAssembler.JGE, (int) (long) r.get(mid).getKey(), high, low);
    }

    /** (instanceof, not a pattern switch: see ProgramImage.lower.) */
    private static BpfAssembler.Pos emit(BpfAssembler a, Outcome o) {
        if (o instanceof Outcome.Return ret) {
            return a.ret(ret.action());
        }
        Outcome.Rules rules = (Outcome.Rules) o;
        BpfAssembler.Pos next = a.ret(rules.otherwise());
        for (Rule rule : rules.rules().reversed()) {
            BpfAssembler.Pos pass = a.ret(rule.action());
            for (Cond c : rule.conds().reversed()) {
                pass = condition(a, c, rules.argBits(), pass, next);
            }
            next = pass;
        }
        return next;
    }

    /**
     * Code that goes to {@code t} when the condition holds, to {@code f} when not. A 64-bit
     * argument is compared as two 32-bit halves (little-endian: the low half first in memory).
     */
    static BpfAssembler.Pos condition(BpfAssembler a, Cond c, int bits, BpfAssembler.Pos t, BpfAssembler.Pos f) {
        int lo = Seccomp.DATA_ARGS + 8 * c.arg();
        int hi = lo + 4;
        int mlo = (int) c.mask();
        int mhi = (int) (c.mask() >>> 32);
        int dlo = (int) c.datum();
        int dhi = (int) (c.datum() >>> 32);
        boolean wide = bits == 64;
        return switch (c.op()) {
            case EQ, NE, MASKED_EQ -> {
                BpfAssembler.Pos yes = c.op() == Op.NE ? f : t;
                BpfAssembler.Pos no = c.op() == Op.NE ? t : f;
                BpfAssembler.Pos p = half(a, lo, mlo, dlo, yes, no);
                if (wide) {
                    p = half(a, hi, mhi, dhi, p, no);
                }
                yield p;
            }
            case GT, GE, LT, LE -> {
                // x > v: hi > vhi, or hi == vhi and lo > vlo (>= for GE); LT and LE are not GE and not GT.
                boolean upward = c.op() == Op.GT || c.op() == Op.GE;
                BpfAssembler.Pos yes = upward ? t : f;
                BpfAssembler.Pos no = upward ? f : t;
                int loOp = c.op() == Op.GT || c.op() == Op.LE ? BpfAssembler.JGT : BpfAssembler.JGE;
                BpfAssembler.Pos p = a.jump(loOp, dlo, yes, no);
                p = a.load(lo, p);
                if (wide) {
                    p = a.jump(BpfAssembler.JEQ, dhi, p, no);
                    p = a.jump(BpfAssembler.JGT, dhi, yes, p);
                    p = a.load(hi, p);
                }
                yield p;
            }
        };
    }

    /** {@code (half & mask) == datum ? t : f}; a zero mask always holds, so it costs nothing. */
    private static BpfAssembler.Pos half(BpfAssembler a, int offset, int mask, int datum, BpfAssembler.Pos t,
                                         BpfAssembler.Pos f) {
        if (mask == 0) {
            return t;
        }
        BpfAssembler.Pos p = a.jump(BpfAssembler.JEQ, datum, t, f);
        if (mask != -1) {
            p = a.stmt(BpfAssembler.ALU | BpfAssembler.AND | BpfAssembler.K, mask, p);
        }
        return a.load(offset, p);
    }
}
