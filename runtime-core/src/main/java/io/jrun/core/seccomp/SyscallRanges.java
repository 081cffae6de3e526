package io.jrun.core.seccomp;

import io.jrun.core.seccomp.SeccompRules.Cond;
import io.jrun.core.seccomp.SeccompRules.Op;
import io.jrun.core.seccomp.SeccompRules.Rule;
import io.jrun.sys.Errno;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the filter decides per AUDIT_ARCH: for each range of syscall numbers, an {@link Outcome}
 * (a return value, or rules with argument conditions in libseccomp's order). Bad-arch numbers,
 * runc's ENOSYS stub, the rules and the default action are laid over each other here, in the
 * order {@link SeccompCompiler} describes.
 */
final class SyscallRanges {
    /** What the filter does with one syscall number of one AUDIT_ARCH. */
    sealed interface Outcome {
        record Return(int action) implements Outcome {
            @Override
            public boolean equals(Object o) {
                return o instanceof Return r && r.action == action;
            }

            @Override
            public int hashCode() {
                return action;
            }
        }

        /** Rules with argument conditions, in the order they are tried, then {@code otherwise}. */
        record Rules(int argBits, List<Rule> rules, int otherwise) implements Outcome {
            @Override
            public boolean equals(Object o) {
                return o instanceof Rules r && r.argBits == argBits && r.rules.equals(rules) && r.otherwise == otherwise;
            }

            @Override
            public int hashCode() {
                return (argBits * 31 + rules.hashCode()) * 31 + otherwise;
            }
        }
    }

    private final SeccompRules rules;

    SyscallRanges(SeccompRules rules) {
        this.rules = rules;
    }

    /** The AUDIT_ARCH values the filter knows, in the order of its ABIs (x86_64 and x32 share one). */
    List<Integer> auditArches() {
        List<Integer> arches = new ArrayList<>();
        for (Abi abi : rules.abis()) {
            if (!arches.contains(abi.auditArch())) {
                arches.add(abi.auditArch());
            }
        }
        return arches;
    }

    /** The rules of one ABI by syscall number, each in the file's order. */
    private Map<Integer, List<Rule>> rulesOf(Abi abi) {
        Map<Integer, List<Rule>> out = new TreeMap<>();
        for (Rule r : rules.rules()) {
            List<Cond> conds = new ArrayList<>();
            for (Cond c : r.conds()) {
                Cond n = c.narrowed(abi.argBits());
                if (!n.always()) {
                    conds.add(n);
                }
            }
            Abi.Multiplexed m = abi.multiplexed(r.name());
            if (m != null) {
                List<Cond> muxed = new ArrayList<>();
                muxed.add(new Cond(0, Op.EQ, 0xffffffffL, m.call()));
                for (Cond c : conds) {
                    if (c.arg() != 0) {
                        muxed.add(c); // libseccomp replaces the first argument's condition
                    }
                }
                out.computeIfAbsent(abi.number(m.multiplexer()), k -> new ArrayList<>())
                        .add(new Rule(r.name(), muxed, r.action(), r.index(), r.path()));
            }
            int nr = abi.number(r.name());
            if (nr >= 0) {
                out.computeIfAbsent(nr, k -> new ArrayList<>()).add(new Rule(r.name(), conds, r.action(), r.index(), r.path()));
            }
        }
        return out;
    }

    private Outcome outcome(Abi abi, List<Rule> forNr) {
        for (Rule r : forNr) {
            if (r.conds().isEmpty()) {
                return new Outcome.Return(r.action());
            }
        }
        LibseccompOrder.checkConflicts(forNr);
        return new Outcome.Rules(abi.argBits(), List.copyOf(LibseccompOrder.of(forNr, abi.argBits())), rules.defaultAction());
    }

    /** The highest syscall number the profile names on {@code abi}, as runc's stub finds it; -1 if none. */
    private long highest(Abi abi) {
        long max = -1;
        for (String name : rules.allNames()) {
            if (abi.multiplexed(name) != null) {
                continue; // libseccomp resolves those to its pseudo numbers on x86
            }
            max = Math.max(max, abi.number(name));
        }
        return max == 0 ? -1 : max;
    }

    private boolean stub() {
        int kind = rules.defaultAction() & 0xffff0000;
        return kind != Seccomp.RET_ALLOW && kind != Seccomp.RET_LOG && kind != Seccomp.RET_TRACE;
    }

    /** Outcomes by the first syscall number of each range, for one AUDIT_ARCH. */
    TreeMap<Long, Outcome> of(int auditArch) {
        TreeMap<Long, Outcome> r = new TreeMap<>();
        r.put(0L, new Outcome.Return(rules.defaultAction()));
        if (auditArch == Seccomp.AUDIT_ARCH_X86_64 && !rules.abis().contains(Abi.X32)) {
            set(r, Abi.X32_SYSCALL_BIT, 0xfffffffeL, new Outcome.Return(Seccomp.RET_KILL_THREAD));
        }
        for (Abi abi : rules.abis()) {
            if (abi.auditArch() == auditArch) {
                for (var e : rulesOf(abi).entrySet()) {
                    set(r, e.getKey(), e.getKey(), outcome(abi, e.getValue()));
                }
            }
        }
        // runc's stub runs first: above the highest syscall named, ENOSYS whatever the rules
        // say (x86's socket calls are above it). It tells x86_64 from x32 by the x32 bit alone.
        Outcome enosys = new Outcome.Return(Seccomp.RET_ERRNO | Errno.ENOSYS);
        for (Abi abi : rules.listed()) {
            long max = highest(abi);
            if (abi.auditArch() != auditArch || !stub() || max < 0) {
                continue;
            }
            switch (abi) {
                case X86_64 -> {
                    set(r, max + 1, 0x3fffffffL, enosys);
                    set(r, 0x80000000L, 0xbfffffffL, enosys);
                }
                case X32 -> {
                    set(r, max + 1, 0x7fffffffL, enosys);
                    set(r, 0xc0000000L, 0xffffffffL, enosys);
                }
                default -> set(r, max + 1, 0xffffffffL, enosys);
            }
        }
        // merge neighbours that end the same way
        Outcome prev = null;
        for (var it = r.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().equals(prev)) {
                it.remove();
            } else {
                prev = e.getValue();
            }
        }
        return r;
    }

    /** Puts {@code o} on [from, to], keeping what was there around it. */
    private static void set(TreeMap<Long, Outcome> r, long from, long to, Outcome o) {
        if (from > to) {
            return;
        }
        Outcome after = r.floorEntry(to).getValue();
        r.subMap(from, true, to, true).clear();
        r.put(from, o);
        if (to < 0xffffffffL && !r.containsKey(to + 1)) {
            r.put(to + 1, after);
        }
    }
}
