package io.jrun.core.child;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Builds a {@link ChildProgram}: instructions in order, registers and labels. */
public final class ProgramBuilder {
    private final List<Pending> pending = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();
    private int registers = Reg.FIRST_FREE;
    private final SortedSet<Integer> inheritedFds = new TreeSet<>();
    private Tag tag = Tag.NONE;

    public Reg reg(String name) {
        return new Reg(registers++, name);
    }

    /**
     * Declares that the program uses {@code fd}, an fd open in the parent: it is left open in the
     * child, where every fd of the parent's that no program declares is closed first.
     */
    public ProgramBuilder inherit(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not an fd: " + fd);
        }
        inheritedFds.add(fd);
        return this;
    }

    public Label label(String name) {
        Label l = new Label(name);
        labels.add(l);
        return l;
    }

    /** Binds {@code label} to the next instruction added. */
    public ProgramBuilder bind(Label label) {
        if (label.position >= 0) {
            throw new IllegalStateException("label " + label + " bound twice");
        }
        label.position = pending.size();
        return this;
    }

    /** A new label bound to the next instruction. */
    public Label here(String name) {
        Label l = label(name);
        bind(l);
        return l;
    }

    /**
     * Tags every instruction added from here on, until the next call: a logical step is tagged
     * once, before its first instruction, and the instructions it takes follow.
     */
    public ProgramBuilder tag(Tag.Op op, String subject) {
        tag = new Tag(op, subject);
        return this;
    }

    /** {@link #tag(Tag.Op, String)} of a step with no subject. */
    public ProgramBuilder tag(Tag.Op op) {
        return tag(op, "");
    }

    public Pending syscall(String step, long nr, Arg... args) {
        if (args.length > 5) {
            throw new IllegalArgumentException("at most 5 syscall arguments: " + step);
        }
        return add(new Pending(Insn.Kind.SYSCALL, step, nr, List.of(args)));
    }

    public Pending set(Reg reg, long value) {
        return set(reg, Arg.imm(value));
    }

    /** reg := value; a string or struct value puts its address in the register. */
    public Pending set(Reg reg, Arg value) {
        if (value instanceof Reg) {
            throw new IllegalArgumentException("SET copies values, not registers");
        }
        return add(new Pending(Insn.Kind.SET, "set " + reg + " = " + value, -1, List.of(value))).into(reg);
    }

    /** Goes to {@code target} unconditionally (a SET whose zero result takes the branch). */
    public void jump(Reg scratch, Label target) {
        add(new Pending(Insn.Kind.SET, "jump", -1, List.of(Arg.imm(0)))).into(scratch).ifZero(target);
    }

    /** Always fails: reports {@code step} with {@code errno}. */
    public void fail(String step, int errno) {
        add(new Pending(Insn.Kind.FAIL, step, -1, List.of(Arg.imm(errno))));
    }

    public void exit(int code) {
        add(new Pending(Insn.Kind.EXIT, "exit", -1, List.of(Arg.imm(code))));
    }

    public int size() {
        return pending.size();
    }

    private Pending add(Pending p) {
        pending.add(p);
        return p;
    }

    public ChildProgram build() {
        for (Label l : labels) {
            if (l.position < 0) {
                throw new IllegalStateException("label " + l + " was never bound");
            }
            if (l.position > pending.size()) {
                throw new IllegalStateException("label " + l + " past the end");
            }
        }
        List<Insn> insns = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            insns.add(pending.get(i).toInsn(i));
        }
        return new ChildProgram(insns, registers, inheritedFds);
    }

    /** An instruction still being described. */
    public final class Pending {
        private final Insn.Kind kind;
        private final String step;
        private final Tag tag;
        private final long nr;
        private final List<Arg> args;
        private Reg result;
        private final List<Label> errnoTargets = new ArrayList<>(2);
        private final List<Integer> errnos = new ArrayList<>(2);
        private Insn.Branch branch = Insn.Branch.NONE;
        private Label branchTarget;

        private Pending(Insn.Kind kind, String step, long nr, List<Arg> args) {
            this.kind = kind;
            this.step = step;
            this.tag = ProgramBuilder.this.tag;
            this.nr = nr;
            this.args = args;
        }

        public Pending into(Reg reg) {
            this.result = reg;
            return this;
        }

        /** On {@code errno}, go on with the next instruction as if it had worked. */
        public Pending ignore(int errno) {
            return onErrno(errno, null);
        }

        /** On {@code errno}, go to {@code target} (null: the next instruction). */
        public Pending onErrno(int errno, Label target) {
            if (errnos.size() == 2) {
                throw new IllegalStateException("an instruction handles at most two errnos: " + step);
            }
            errnos.add(errno);
            errnoTargets.add(target);
            return this;
        }

        public Pending ifZero(Label target) {
            branch = Insn.Branch.IF_ZERO;
            branchTarget = target;
            return this;
        }

        public Pending ifNonZero(Label target) {
            branch = Insn.Branch.IF_NONZERO;
            branchTarget = target;
            return this;
        }

        private Insn toInsn(int index) {
            List<Insn.OnErrno> on = new ArrayList<>(2);
            for (int k = 0; k < errnos.size(); k++) {
                Label t = errnoTargets.get(k);
                on.add(new Insn.OnErrno(errnos.get(k), t == null ? index + 1 : t.position()));
            }
            return new Insn(kind, step, tag, nr, args, result, on, branch, branchTarget == null ? 0 : branchTarget.position());
        }
    }
}
