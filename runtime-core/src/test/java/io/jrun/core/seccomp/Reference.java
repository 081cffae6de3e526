package io.jrun.core.seccomp;

import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;
import io.jrun.sys.Errno;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a profile means for one syscall, written plainly from the rules (runc's reading of
 * them, libseccomp's ABIs), without any BPF: the reference for inputs whose answer does not
 * depend on the order of rules. Returns null where rules with different actions hold.
 */
final class Reference {
    private Reference() {}

    static Integer decide(LinuxSeccomp s, int arch, int nr, long[] args) {
        int def = SeccompCompiler.action(s.defaultAction(), s.defaultErrnoRet(), "", "");
        Set<Abi> listed = new LinkedHashSet<>();
        for (String a : s.architecturesOrEmpty()) {
            listed.add(Abi.byName(a));
        }
        Set<Abi> filtered = new LinkedHashSet<>(listed);
        filtered.add(Abi.X86_64);
        boolean x32bit = (nr & Abi.X32_SYSCALL_BIT) != 0;
        Abi abi = switch (arch) {
            case Seccomp.AUDIT_ARCH_X86_64 -> x32bit ? Abi.X32 : Abi.X86_64;
            case Seccomp.AUDIT_ARCH_I386 -> Abi.X86;
            case Seccomp.AUDIT_ARCH_AARCH64 -> Abi.AARCH64;
            default -> null;
        };
        if (abi == null || abi.auditArch() == Seccomp.AUDIT_ARCH_AARCH64 && !filtered.contains(abi)
                || abi == Abi.X86 && !filtered.contains(abi)) {
            return Seccomp.RET_KILL_THREAD;
        }
        // runc's stub: above the highest syscall the profile names, for a listed ABI
        int kind = def & 0xffff0000;
        if (kind != Seccomp.RET_ALLOW && kind != Seccomp.RET_LOG && kind != Seccomp.RET_TRACE && listed.contains(abi)) {
            long max = 0;
            for (LinuxSyscall sc : s.syscallsOrEmpty()) {
                for (String n : sc.namesOrEmpty()) {
                    if (abi != Abi.X86 || Abi.Multiplexed.of(n) == null) {
                        max = Math.max(max, abi.number(n));
                    }
                }
            }
            if (max > 0 && Integer.toUnsignedLong(nr) > max) {
                return Seccomp.RET_ERRNO | Errno.ENOSYS;
            }
        }
        if (arch == Seccomp.AUDIT_ARCH_X86_64 && !filtered.contains(Abi.X32)) {
            // libseccomp: on an x86_64-only filter, any number from the x32 bit up is a bad arch, but -1
            if (Integer.toUnsignedLong(nr) >= Abi.X32_SYSCALL_BIT && nr != -1) {
                return Seccomp.RET_KILL_THREAD;
            }
            abi = Abi.X86_64;
        }
        List<Integer> unconditional = new ArrayList<>();
        Set<Integer> holding = new LinkedHashSet<>();
        for (LinuxSyscall sc : s.syscallsOrEmpty()) {
            int action = SeccompCompiler.action(sc.action(), sc.errnoRet(), "", "");
            if (action == def) {
                continue;
            }
            for (String name : sc.namesOrEmpty()) {
                // the rules this name makes on this ABI: (syscall number, conditions)
                List<Object[]> made = new ArrayList<>();
                Abi.Multiplexed m = abi == Abi.X86 ? Abi.Multiplexed.of(name) : null;
                List<List<LinuxSeccompArg>> alternatives = split(sc.argsOrEmpty());
                for (List<LinuxSeccompArg> conds : alternatives) {
                    if (m != null) {
                        List<LinuxSeccompArg> muxed = new ArrayList<>();
                        muxed.add(new LinuxSeccompArg(0, m.call(), 0, "SCMP_CMP_EQ"));
                        conds.stream().filter(c -> c.index() != 0).forEach(muxed::add);
                        made.add(new Object[] {abi.number(m.multiplexer()), muxed});
                    }
                    if (abi.number(name) >= 0) {
                        made.add(new Object[] {abi.number(name), conds});
                    }
                }
                for (Object[] rule : made) {
                    if ((int) rule[0] != nr) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    List<LinuxSeccompArg> conds = (List<LinuxSeccompArg>) rule[1];
                    boolean always = true;
                    boolean holds = true;
                    for (LinuxSeccompArg c : conds) {
                        long width = abi.argBits() == 32 ? 0xffffffffL : -1L;
                        boolean masked = c.op().equals("SCMP_CMP_MASKED_EQ");
                        if (!masked || (c.value() & width) != 0) {
                            always = false;
                        }
                        holds &= holds(c, args[(int) c.index()] & width, width);
                    }
                    if (always) {
                        unconditional.add(action);
                    } else if (holds) {
                        holding.add(action);
                    }
                }
            }
        }
        if (!unconditional.isEmpty()) {
            return unconditional.getFirst();
        }
        if (holding.isEmpty()) {
            return def;
        }
        return holding.size() == 1 ? holding.iterator().next() : null;
    }

    /** runc: conditions that share an argument become alternatives. */
    private static List<List<LinuxSeccompArg>> split(List<LinuxSeccompArg> args) {
        Set<Long> seen = new LinkedHashSet<>();
        boolean shared = false;
        for (LinuxSeccompArg a : args) {
            shared |= !seen.add(a.index());
        }
        if (!shared) {
            return List.of(args);
        }
        List<List<LinuxSeccompArg>> out = new ArrayList<>();
        for (LinuxSeccompArg a : args) {
            out.add(List.of(a));
        }
        return out;
    }

    private static boolean holds(LinuxSeccompArg c, long arg, long width) {
        long v = c.value() & width;
        return switch (c.op()) {
            case "SCMP_CMP_EQ" -> arg == v;
            case "SCMP_CMP_NE" -> arg != v;
            case "SCMP_CMP_LT" -> Long.compareUnsigned(arg, v) < 0;
            case "SCMP_CMP_LE" -> Long.compareUnsigned(arg, v) <= 0;
            case "SCMP_CMP_GT" -> Long.compareUnsigned(arg, v) > 0;
            case "SCMP_CMP_GE" -> Long.compareUnsigned(arg, v) >= 0;
            case "SCMP_CMP_MASKED_EQ" -> (arg & v) == (c.valueTwo() & v);
            default -> throw new IllegalArgumentException(c.op());
        };
    }
}
