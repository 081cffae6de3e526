package io.jrun.core.seccomp;

import io.jrun.core.seccomp.SeccompRules.Cond;
import io.jrun.core.seccomp.SeccompRules.Op;
import io.jrun.core.seccomp.SeccompRules.Rule;
import io.jrun.spec.Quote;

import java.util.ArrayList;
import java.util.List;

import static io.jrun.core.seccomp.SeccompCompiler.error;

/**
 * libseccomp's order of the rules with arguments of one syscall: the order its tree tries
 * them in, which is not the file's (see {@link SeccompCompiler}), and the rules it refuses
 * because it cannot tell them apart.
 */
final class LibseccompOrder {
    private LibseccompOrder() {}

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
    static List<Rule> of(List<Rule> inFileOrder, int bits) {
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
    static void checkConflicts(List<Rule> inFileOrder) {
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
