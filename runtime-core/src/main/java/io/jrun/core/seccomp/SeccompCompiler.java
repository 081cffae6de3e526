package io.jrun.core.seccomp;

import io.jrun.api.JrunException;
import io.jrun.core.Log;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;
import io.jrun.spec.Quote;
import io.jrun.sys.Errno;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles {@code linux.seccomp} into the classic BPF program and the seccomp(2) flags that
 * runc would load for it: runc builds the filter with libseccomp and puts its -ENOSYS stub in
 * front; jrun builds the same decisions itself.
 *
 * <p>What the program decides, in order:
 * <ol>
 *   <li>An ABI the filter does not know gets libseccomp's bad-arch action, KILL_THREAD. The
 *       filter knows the machine's ABI and those in {@code architectures}. On x86_64 without x32,
 *       a syscall number with the x32 bit (other than -1) is a bad arch too.</li>
 *   <li>runc's stub: unless the default action is ALLOW, LOG or TRACE, a syscall numbered above
 *       the highest one the profile names for a listed ABI fails with ENOSYS (a syscall newer than
 *       the profile should look missing, so that libc falls back, not forbidden).</li>
 *   <li>A syscall with an unconditional rule gets the first such rule's action (libseccomp keeps
 *       the first and lets it override any rule with arguments). Otherwise its rules with argument
 *       conditions are tried in the order of libseccomp's tree, not the file's: by their first
 *       condition, the higher argument first, then the operator (==, != and masked == before &lt;,
 *       &lt;= before &gt;, &gt;=), then the higher value (the lower for &lt; and &lt;=), each 64-bit
 *       value compared by its high half first; where two rules test the same thing they are told
 *       apart by their next condition, and otherwise the file's order stands. The first rule whose
 *       conditions all hold decides. Several args of one rule must all hold; several rules are
 *       alternatives. Two conditions on the same argument make separate rules (runc does that).
 *       Comparisons are exact on all 64 bits, where libseccomp 2.5 errs on some overlaps of
 *       &lt;, &lt;=, &gt;, &gt;= rules; and rules with != on values of different high halves that
 *       overlap with different actions can end otherwise than in libseccomp, which shares the
 *       high-half test between them.</li>
 *   <li>Everything else gets the default action.</li>
 * </ol>
 * A rule whose action is the default action is dropped, as runc drops it. On x86 and x32,
 * libseccomp's 32-bit ABIs, an argument condition looks at the low 32 bits; on x86_64 and
 * aarch64 at all 64. A rule for a socket or System V IPC call on x86 also covers socketcall(2)
 * or ipc(2) with that call as the first argument.
 *
 * <p>The syscalls are found by a binary search over ranges of syscall numbers, so a profile of
 * several hundred syscalls costs a few dozen instructions per syscall at most.
 */
public final class SeccompCompiler {
    private static final Log log = Log.of(SeccompCompiler.class);

    static final String PATH = "linux.seccomp";
    private static final long ALL = -1L;

    /**
     * A compiled filter.
     *
     * @param program  the BPF instructions (8 bytes each, native order)
     * @param flags    the seccomp(2) SECCOMP_SET_MODE_FILTER flags, NEW_LISTENER included when
     *                 a rule uses SCMP_ACT_NOTIFY
     * @param listenerPath     where the notify fd goes ({@code linux.seccomp.listenerPath}), or null
     * @param listenerMetadata {@code linux.seccomp.listenerMetadata}, or null
     */
    public record Compiled(byte[] program, long flags, String listenerPath, String listenerMetadata) {
        public int instructions() {
            return program.length / 8;
        }

        /** Whether seccomp(2) returns a notify fd that goes to {@link #listenerPath()}. */
        public boolean hasListener() {
            return (flags & Seccomp.FILTER_FLAG_NEW_LISTENER) != 0;
        }
    }

    private SeccompCompiler() {}

    /** Compiles for this machine and its kernel. */
    public static Compiled compile(LinuxSeccomp seccomp) {
        return compile(seccomp, Abi.host(), KernelSeccomp::supportsFlag);
    }

    /** Which SECCOMP_FILTER_FLAG_* the kernel takes. */
    interface FlagSupport {
        boolean supports(long flag);
    }

    static Compiled compile(LinuxSeccomp s, Abi host, FlagSupport kernel) {
        return new SeccompCompiler.Builder(s, host, kernel).build();
    }

    // ---------------------------------------------------------------------------------------
    // The profile, checked

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

    /** The actions a profile can name, in the features document's order. */
    public static final List<String> ACTIONS = List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");

    public static final List<String> OPERATORS = List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    /** The flags jrun knows; TSYNC is accepted and means nothing (the child has one thread), as in runc. */
    public static final List<String> FLAGS = List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    static long flagValue(String name) {
        return switch (name) {
            case "SECCOMP_FILTER_FLAG_TSYNC" -> Seccomp.FILTER_FLAG_TSYNC;
            case "SECCOMP_FILTER_FLAG_LOG" -> Seccomp.FILTER_FLAG_LOG;
            case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> Seccomp.FILTER_FLAG_SPEC_ALLOW;
            case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> Seccomp.FILTER_FLAG_WAIT_KILLABLE_RECV;
            default -> 0;
        };
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

    private static JrunException error(String path, String what) {
        return new JrunException(path + ": " + what);
    }

    static int action(String name, Long errnoRet, String path, String errnoPath) {
        if (name == null || name.isEmpty()) {
            throw error(path, "missing; one of " + String.join(", ", ACTIONS));
        }
        int data = Errno.EPERM; // runc's default errno for ERRNO and TRACE
        if (errnoRet != null && (name.equals("SCMP_ACT_ERRNO") || name.equals("SCMP_ACT_TRACE"))) {
            if (errnoRet < 0 || errnoRet > Seccomp.RET_DATA) {
                throw error(errnoPath, Long.toUnsignedString(errnoRet) + " does not fit the 16 bits of a seccomp action");
            }
            data = (int) (long) errnoRet;
        }
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> Seccomp.RET_KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS" -> Seccomp.RET_KILL_PROCESS;
            case "SCMP_ACT_TRAP" -> Seccomp.RET_TRAP;
            case "SCMP_ACT_ERRNO" -> Seccomp.RET_ERRNO | data;
            case "SCMP_ACT_TRACE" -> Seccomp.RET_TRACE | data;
            case "SCMP_ACT_ALLOW" -> Seccomp.RET_ALLOW;
            case "SCMP_ACT_LOG" -> Seccomp.RET_LOG;
            case "SCMP_ACT_NOTIFY" -> Seccomp.RET_USER_NOTIF;
            default -> throw error(path, "unknown action " + Quote.value(name) + "; one of " + String.join(", ", ACTIONS));
        };
    }

    /** libseccomp's (and the kernel's) name of a return value, for descriptions. */
    static String describe(int action) {
        int data = action & Seccomp.RET_DATA;
        return switch (action & 0xffff0000) {
            case Seccomp.RET_KILL_PROCESS -> "KILL_PROCESS";
            case Seccomp.RET_KILL_THREAD -> "KILL_THREAD";
            case Seccomp.RET_TRAP -> "TRAP";
            case Seccomp.RET_ERRNO -> "ERRNO(" + data + ")";
            case Seccomp.RET_TRACE -> "TRACE(" + data + ")";
            case Seccomp.RET_LOG -> "LOG";
            case Seccomp.RET_ALLOW -> "ALLOW";
            case Seccomp.RET_USER_NOTIF -> "NOTIFY";
            default -> "0x" + Integer.toHexString(action);
        };
    }

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

    private static final class Builder {
        private final LinuxSeccomp s;
        private final Abi host;
        private final FlagSupport kernel;
        private int defaultAction;
        private final Set<Abi> abis = new LinkedHashSet<>();
        private final Set<Abi> listed = new LinkedHashSet<>();
        private final List<Rule> rules = new ArrayList<>();
        /** Every name of every rule, whatever its action: runc's stub looks at them all. */
        private final List<String> allNames = new ArrayList<>();
        private long flags;

        Builder(LinuxSeccomp s, Abi host, FlagSupport kernel) {
            this.s = s;
            this.host = host;
            this.kernel = kernel;
        }

        Compiled build() {
            defaultAction = action(s.defaultAction(), s.defaultErrnoRet(), PATH + ".defaultAction", PATH + ".defaultErrnoRet");
            if (defaultAction == Seccomp.RET_USER_NOTIF) {
                throw error(PATH + ".defaultAction", "SCMP_ACT_NOTIFY cannot be the default action (jrun itself "
                        + "writes to its parent after loading the filter)");
            }
            architectures();
            syscalls();
            flags();
            byte[] program = program();
            int n = program.length / 8;
            if (n > Seccomp.MAX_INSNS) {
                throw error(PATH, "the profile compiles to " + n + " BPF instructions, more than the kernel's limit of "
                        + Seccomp.MAX_INSNS + "; use fewer rules with arguments");
            }
            log.debug("seccomp: {} BPF instructions, flags 0x{}", n, Long.toHexString(flags));
            return new Compiled(program, flags, s.listenerPath(), s.listenerMetadata());
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

        // -----------------------------------------------------------------------------------
        // Decisions per AUDIT_ARCH

        /** The rules of one ABI by syscall number, each in the file's order. */
        private Map<Integer, List<Rule>> rulesOf(Abi abi) {
            Map<Integer, List<Rule>> out = new TreeMap<>();
            for (Rule r : rules) {
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
            checkConflicts(forNr);
            return new Outcome.Rules(abi.argBits(), List.copyOf(libseccompOrder(forNr, abi.argBits())), defaultAction);
        }

        /** The highest syscall number the profile names on {@code abi}, as runc's stub finds it; -1 if none. */
        private long highest(Abi abi) {
            long max = -1;
            for (String name : allNames) {
                if (abi.multiplexed(name) != null) {
                    continue; // libseccomp resolves those to its pseudo numbers on x86
                }
                max = Math.max(max, abi.number(name));
            }
            return max == 0 ? -1 : max;
        }

        private boolean stub() {
            int kind = defaultAction & 0xffff0000;
            return kind != Seccomp.RET_ALLOW && kind != Seccomp.RET_LOG && kind != Seccomp.RET_TRACE;
        }

        /** Outcomes by the first syscall number of each range, for one AUDIT_ARCH. */
        private TreeMap<Long, Outcome> ranges(int auditArch) {
            TreeMap<Long, Outcome> r = new TreeMap<>();
            r.put(0L, new Outcome.Return(defaultAction));
            if (auditArch == Seccomp.AUDIT_ARCH_X86_64 && !abis.contains(Abi.X32)) {
                set(r, Abi.X32_SYSCALL_BIT, 0xfffffffeL, new Outcome.Return(Seccomp.RET_KILL_THREAD));
            }
            for (Abi abi : abis) {
                if (abi.auditArch() == auditArch) {
                    for (var e : rulesOf(abi).entrySet()) {
                        set(r, e.getKey(), e.getKey(), outcome(abi, e.getValue()));
                    }
                }
            }
            // runc's stub runs first: above the highest syscall named, ENOSYS whatever the rules
            // say (x86's socket calls are above it). It tells x86_64 from x32 by the x32 bit alone.
            Outcome enosys = new Outcome.Return(Seccomp.RET_ERRNO | Errno.ENOSYS);
            for (Abi abi : listed) {
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

        // -----------------------------------------------------------------------------------
        // Code

        private byte[] program() {
            BpfAssembler a = new BpfAssembler();
            List<Integer> arches = new ArrayList<>();
            for (Abi abi : abis) {
                if (!arches.contains(abi.auditArch())) {
                    arches.add(abi.auditArch());
                }
            }
            // Emitted from the end: the blocks of each arch, the bad-arch return, the dispatch.
            List<BpfAssembler.Pos> blocks = new ArrayList<>();
            for (int i = arches.size() - 1; i >= 0; i--) {
                TreeMap<Long, Outcome> r = ranges(arches.get(i));
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
        private BpfAssembler.Pos search(BpfAssembler a, List<Map.Entry<Long, Outcome>> r, int from, int to) {
            if (to - from == 1) {
                return emit(a, r.get(from).getValue());
            }
            int mid = (from + to) >>> 1;
            BpfAssembler.Pos high = search(a, r, mid, to);
            BpfAssembler.Pos low = search(a, r, from, mid);
            return a.jump(BpfAssembler.JGE, (int) (long) r.get(mid).getKey(), high, low);
        }

        /** (instanceof, not a pattern switch: see ProgramImage.lower.) */
        private BpfAssembler.Pos emit(BpfAssembler a, Outcome o) {
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

    // ---------------------------------------------------------------------------------------
    // libseccomp's order of rules with arguments

    /**
     * A node of libseccomp's tree: one 32-bit half of a condition. A 64-bit argument is compared
     * high half first; the nodes of rules merge where they test the same thing.
     *
     * @param level  libseccomp's argument priority: twice the argument, plus one for the high half
     * @param test   what the node compares (== and != are the same test, taken the other way)
     */
    private record Node(int level, int priority, long datum, boolean lower, String test, long mask) {
        static List<Node> of(List<Cond> conds, int bits) {
            List<Node> out = new ArrayList<>();
            for (Cond c : conds) {
                boolean lower = c.op() == Op.LT || c.op() == Op.LE;
                String lo = switch (c.op()) {
                    case EQ, NE -> "==";
                    case MASKED_EQ -> "&==";
                    case GT, LE -> ">";
                    case GE, LT -> ">=";
                };
                if (bits == 64) {
                    String hi = lo.equals("==") || lo.equals("&==") ? lo : ">";
                    out.add(new Node(2 * c.arg() + 1, c.op().priority, c.datum() >>> 32, lower, hi, c.mask() >>> 32));
                }
                out.add(new Node(2 * c.arg(), c.op().priority, c.datum() & 0xffffffffL, lower, lo, c.mask() & 0xffffffffL));
            }
            return out;
        }

        /** libseccomp's _db_chain_lt, the other way round: negative when this node is tried first. */
        int compareTo(Node o) {
            if (level != o.level) {
                return Integer.compare(o.level, level);
            }
            if (priority != o.priority) {
                return Integer.compare(o.priority, priority);
            }
            int byValue = Long.compare(o.datum, datum);
            return lower ? -byValue : byValue; // the higher value first, the lower for < and <=
        }

        boolean merges(Node o) {
            return level == o.level && test.equals(o.test) && mask == o.mask && datum == o.datum;
        }
    }

    /**
     * Negative when libseccomp tries {@code x} before {@code y}, positive when after, 0 when
     * neither comes first (then the one added first is tried first).
     */
    static int precedence(Rule x, Rule y, int bits) {
        List<Node> a = Node.of(x.conds(), bits);
        List<Node> b = Node.of(y.conds(), bits);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
            if (!a.get(i).merges(b.get(i))) {
                return 0;
            }
        }
        return Integer.compare(a.size(), b.size()); // the shorter, more general rule first
    }

    /**
     * The rules in the order libseccomp's tree tries them: each goes in front of the first one
     * it precedes, else last, as libseccomp inserts a node into a level of its tree.
     */
    static List<Rule> libseccompOrder(List<Rule> inFileOrder, int bits) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : inFileOrder) {
            int at = out.size();
            for (int i = 0; i < out.size(); i++) {
                if (precedence(r, out.get(i), bits) < 0) {
                    at = i;
                    break;
                }
            }
            out.add(at, r);
        }
        return out;
    }

    /**
     * libseccomp refuses (EEXIST, and runc fails) a rule with another action whose conditions
     * are those of an earlier rule, or the start of them.
     */
    private static void checkConflicts(List<Rule> inFileOrder) {
        for (int j = 1; j < inFileOrder.size(); j++) {
            Rule later = inFileOrder.get(j);
            for (int i = 0; i < j; i++) {
                Rule earlier = inFileOrder.get(i);
                if (earlier.action() != later.action() && later.conds().size() <= earlier.conds().size()
                        && earlier.conds().subList(0, later.conds().size()).equals(later.conds())) {
                    throw error(later.path(), "the rule for " + Quote.bare(later.name()) + " has the argument conditions of "
                            + earlier.path() + (later.conds().size() < earlier.conds().size() ? " (the first of them)" : "")
                            + " but another action; libseccomp cannot tell them apart");
                }
            }
        }
    }
}
