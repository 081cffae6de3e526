package io.jrun.core.seccomp;

import io.jrun.api.Log;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;
import io.jrun.spec.Quote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.jrun.core.seccomp.SeccompCompiler.FLAGS;
import static io.jrun.core.seccomp.SeccompCompiler.OPERATORS;
import static io.jrun.core.seccomp.SeccompCompiler.PATH;
import static io.jrun.core.seccomp.SeccompCompiler.action;
import static io.jrun.core.seccomp.SeccompCompiler.error;
import static io.jrun.core.seccomp.SeccompCompiler.flagValue;

/**
 * {@code linux.seccomp} checked and turned into rule records: the default action, the ABIs the
 * filter knows, one {@link Rule} per syscall name with its argument conditions, and the
 * seccomp(2) flags. Every problem is a {@link io.jrun.api.JrunException} naming the field.
 *
 * @param defaultAction the return value for what no rule decides
 * @param abis          the ABIs the filter knows: the machine's, then those listed
 * @param listed        the ABIs {@code architectures} names (runc's stub looks at those only)
 * @param rules         the rules in the file's order, those with the default action dropped
 * @param allNames      every name of every rule, whatever its action: runc's stub looks at them all
 * @param flags         the SECCOMP_SET_MODE_FILTER flags, NEW_LISTENER included when a rule notifies
 */
record SeccompRules(int defaultAction, Set<Abi> abis, Set<Abi> listed, List<Rule> rules, List<String> allNames,
        long flags) {
    /** Under the compiler's name, where these messages have always been logged from. */
    private static final Log log = Log.of(SeccompCompiler.class);

    private static final long ALL = -1L;

    enum Op {
        NE("SCMP_CMP_NE", 3), LT("SCMP_CMP_LT", 2), LE("SCMP_CMP_LE", 2), EQ("SCMP_CMP_EQ", 3),
        GE("SCMP_CMP_GE", 1), GT("SCMP_CMP_GT", 1), MASKED_EQ("SCMP_CMP_MASKED_EQ", 3);

        final String scmpName;
        /** libseccomp's order of operators in its tree: higher first. */
        final int priority;

        Op(String scmpName, int priority) {
            this.scmpName = scmpName;
            this.priority = priority;
        }

        static Op byName(String name) {
            for (Op o : values()) {
                if (o.scmpName.equals(name)) {
                    return o;
                }
            }
            return null;
        }
    }

    /*
     * equals and hashCode of the records below are written out: a record's own are bootstrapped
     * at run time (ObjectMethods), and spin method handle classes that an AOT cache only keeps
     * when its training compared the same records (see DeviceEmulator.Meta).
     */

    /** A condition on one argument; {@code datum} is already masked ({@code (arg & mask) op datum}). */
    record Cond(int arg, Op op, long mask, long datum) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Cond c && c.arg == arg && c.op == op && c.mask == mask && c.datum == datum;
        }

        @Override
        public int hashCode() {
            return ((arg * 31 + op.hashCode()) * 31 + Long.hashCode(mask)) * 31 + Long.hashCode(datum);
        }

        /** The same condition as libseccomp sees it on an ABI of {@code bits}-bit arguments. */
        Cond narrowed(int bits) {
            long m = bits == 32 ? mask & 0xffffffffL : mask;
            return new Cond(arg, op, m, datum & m);
        }

        /** A masked comparison with a zero mask always holds: libseccomp emits nothing for it. */
        boolean always() {
            return op == Op.MASKED_EQ && mask == 0;
        }
    }

    /**
     * One rule of the profile for one syscall name.
     *
     * @param index the rule's place among all rules, for libseccomp's tie order
     * @param path  where it is in the config, for error messages
     */
    record Rule(String name, List<Cond> conds, int action, int index, String path) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Rule r && java.util.Objects.equals(r.name, name) && r.conds.equals(conds) && r.action == action
                    && r.index == index && java.util.Objects.equals(r.path, path);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, conds, action, index, path);
        }
    }

    /**
     * Checks {@code s} for a machine of ABI {@code host} and a kernel that takes the flags
     * {@code kernel} supports.
     */
    static SeccompRules of(LinuxSeccomp s, Abi host, SeccompCompiler.FlagSupport kernel) {
        return new Reader(s, host, kernel).read();
    }

    private static final class Reader {
        private final LinuxSeccomp s;
        private final Abi host;
        private final SeccompCompiler.FlagSupport kernel;
        private int defaultAction;
        private final Set<Abi> abis = new LinkedHashSet<>();
        private final Set<Abi> listed = new LinkedHashSet<>();
        private final List<Rule> rules = new ArrayList<>();
        private final List<String> allNames = new ArrayList<>();
        private long flags;

        Reader(LinuxSeccomp s, Abi host, SeccompCompiler.FlagSupport kernel) {
            this.s = s;
            this.host = host;
            this.kernel = kernel;
        }

        SeccompRules read() {
            defaultAction = action(s.defaultAction(), s.defaultErrnoRet(), PATH + ".defaultAction", PATH + ".defaultErrnoRet");
            if (defaultAction == Seccomp.RET_USER_NOTIF) {
                throw error(PATH + ".defaultAction", "SCMP_ACT_NOTIFY cannot be the default action (jrun itself "
                        + "writes to its parent after loading the filter)");
            }
            architectures();
            syscalls();
            flags();
            return new SeccompRules(defaultAction, abis, listed, rules, allNames, flags);
        }

        private void architectures() {
            abis.add(host); // libseccomp always filters for the machine's own ABI
            List<String> names = s.architecturesOrEmpty();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Abi a = Abi.byName(name);
                if (a != null) {
                    abis.add(a);
                    listed.add(a);
                } else if (Abi.OTHER_NAMES.contains(name)) {
                    // Nothing of that ABI runs here: its syscalls get the bad-arch action.
                    log.debug("seccomp: {}[{}] {} has no syscalls on this machine; ignored", PATH + ".architectures", i, name);
                } else {
                    throw error(PATH + ".architectures[" + i + "]", "unknown architecture " + Quote.value(name) + "; one of "
                            + String.join(", ", names(Abi.values())) + " (or another SCMP_ARCH_* of libseccomp)");
                }
            }
        }

        private static List<String> names(Abi[] abis) {
            List<String> out = new ArrayList<>();
            for (Abi a : abis) {
                out.add(a.scmpName());
            }
            return out;
        }

        private void syscalls() {
            List<LinuxSyscall> list = s.syscallsOrEmpty();
            int index = 0;
            for (int i = 0; i < list.size(); i++) {
                LinuxSyscall sc = list.get(i);
                String path = PATH + ".syscalls[" + i + "]";
                int action = action(sc.action(), sc.errnoRet(), path + ".action", path + ".errnoRet");
                List<Cond> conds = conditions(sc.argsOrEmpty(), path);
                if (action == Seccomp.RET_USER_NOTIF) {
                    flags |= Seccomp.FILTER_FLAG_NEW_LISTENER;
                }
                List<String> names = sc.namesOrEmpty();
                if (names.isEmpty()) {
                    throw error(path + ".names", "a rule names at least one syscall");
                }
                for (int j = 0; j < names.size(); j++) {
                    String name = names.get(j);
                    if (name == null || name.isEmpty()) {
                        throw error(path + ".names[" + j + "]", "empty syscall name");
                    }
                    if (action == Seccomp.RET_USER_NOTIF && (name.equals("write") || name.equals("dup3"))) {
                        throw error(path + ".names[" + j + "]", "SCMP_ACT_NOTIFY cannot be used for " + name
                                + " (jrun's own last steps call it before the listener has the notify fd)");
                    }
                    allNames.add(name);
                    if (!Abi.known(name)) {
                        log.debug("seccomp: unknown syscall {} ({}.names[{}]) ignored", Quote.value(name), path, j);
                        continue;
                    }
                    if (action == defaultAction) {
                        continue; // redundant: runc skips it too
                    }
                    // Two conditions on one argument: runc adds each as a rule of its own.
                    if (sharesAnArgument(conds)) {
                        for (Cond c : conds) {
                            rules.add(new Rule(name, List.of(c), action, index++, path));
                        }
                    } else {
                        rules.add(new Rule(name, conds, action, index++, path));
                    }
                }
            }
            if ((flags & Seccomp.FILTER_FLAG_NEW_LISTENER) != 0 && (s.listenerPath() == null || s.listenerPath().isEmpty())) {
                throw error(PATH + ".listenerPath", "a rule uses SCMP_ACT_NOTIFY, so a listener socket is needed");
            }
        }

        private static boolean sharesAnArgument(List<Cond> conds) {
            boolean[] seen = new boolean[6];
            for (Cond c : conds) {
                if (seen[c.arg()]) {
                    return true;
                }
                seen[c.arg()] = true;
            }
            return false;
        }

        private static List<Cond> conditions(List<LinuxSeccompArg> args, String path) {
            List<Cond> out = new ArrayList<>();
            for (int k = 0; k < args.size(); k++) {
                LinuxSeccompArg a = args.get(k);
                String p = path + ".args[" + k + "]";
                if (a.index() < 0 || a.index() > 5) {
                    throw error(p + ".index", Long.toUnsignedString(a.index()) + " is not an argument index (0 to 5)");
                }
                Op op = Op.byName(a.op());
                if (op == null) {
                    throw error(p + ".op", (a.op() == null ? "missing" : "unknown operator " + Quote.value(a.op())) + "; one of "
                            + String.join(", ", OPERATORS));
                }
                // libseccomp: value is the mask and valueTwo the value for MASKED_EQ
                out.add(op == Op.MASKED_EQ
                        ? new Cond((int) a.index(), op, a.value(), a.valueTwo() & a.value())
                        : new Cond((int) a.index(), op, ALL, a.value()));
            }
            out.sort((a, b) -> Integer.compare(a.arg(), b.arg())); // libseccomp chains them by argument
            return out;
        }

        private void flags() {
            List<String> names = s.flagsOrEmpty();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String path = PATH + ".flags[" + i + "]";
                long f = flagValue(name);
                if (f == 0) {
                    throw error(path, "unknown flag " + Quote.value(name) + "; one of " + String.join(", ", FLAGS));
                }
                if (f == Seccomp.FILTER_FLAG_TSYNC) {
                    continue;
                }
                if (!kernel.supports(f)) {
                    throw error(path, name + " is not supported by this kernel");
                }
                if (f == Seccomp.FILTER_FLAG_WAIT_KILLABLE_RECV && (flags & Seccomp.FILTER_FLAG_NEW_LISTENER) == 0) {
                    throw error(path, name + " needs a rule with SCMP_ACT_NOTIFY (the kernel refuses it without a listener)");
                }
                flags |= f;
            }
        }
    }
}
