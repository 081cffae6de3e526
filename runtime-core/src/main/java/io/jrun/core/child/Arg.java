package io.jrun.core.child;

import io.jrun.spec.Quote;
import java.util.List;

/**
 * One argument of a syscall in a {@link ChildProgram}. Everything but {@link Reg} is turned
 * into a plain number before the clone: immediates stay as they are, strings and structs are
 * copied into native memory and passed by address. A {@link Reg} names the result of an earlier
 * instruction (a file descriptor, usually), read by the child when it gets there.
 */
public sealed interface Arg permits Arg.Imm, Arg.Str, Arg.StrArray, Arg.Bytes, Arg.CloneArgs, Arg.Fprog, Reg {
    record Imm(long value) implements Arg {
        @Override
        public String toString() {
            return value > 0xffff || value < -0xffff ? "0x" + Long.toHexString(value) : Long.toString(value);
        }
    }

    /** A NUL-terminated C string; shown {@link Quote#value bounded} (it may be a config's value). */
    record Str(String value) implements Arg {
        @Override
        public String toString() {
            return Quote.value(value);
        }
    }

    /** A NULL-terminated array of C strings (argv, envp); shown with its first few, each bounded. */
    record StrArray(List<String> values) implements Arg {
        private static final int SHOWN = 8;

        public StrArray {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < Math.min(values.size(), SHOWN); i++) {
                Quote.append(b.append(i == 0 ? "" : ", "), values.get(i), true);
            }
            if (values.size() > SHOWN) {
                b.append(", …(").append(values.size() - SHOWN).append(" more)");
            }
            return b.append(']').toString();
        }
    }

    /** Raw bytes (a struct), 8-byte aligned. */
    record Bytes(String what, byte[] value) implements Arg {
        @Override
        public String toString() {
            return "&" + what;
        }
    }

    /**
     * A clone3 clone_args struct for a second clone made by the child itself; the stage adds
     * a parent_tid pointer into memory shared with the parent, which learns the new pid there.
     */
    record CloneArgs(long flags) implements Arg {
        @Override
        public String toString() {
            return "&clone_args{flags=0x" + Long.toHexString(flags) + "}";
        }
    }

    /**
     * A struct sock_fprog for seccomp(2): the number of 8-byte BPF instructions in
     * {@code filter} and a pointer to them.
     */
    record Fprog(String what, byte[] filter) implements Arg {
        public Fprog {
            if (filter.length % 8 != 0 || filter.length / 8 > 0xffff) {
                throw new IllegalArgumentException("a BPF program is whole 8-byte instructions, at most 65535: " + what);
            }
        }

        @Override
        public String toString() {
            return "&sock_fprog{" + what + ", " + filter.length / 8 + " instructions}";
        }
    }

    static Imm imm(long v) {
        return new Imm(v);
    }
}
