package io.jrun.core.child;

import java.util.List;
import java.util.Objects;

/**
 * One instruction of a {@link ChildProgram}: usually a syscall, with what to do with its
 * result. On failure the child either jumps (when the errno is one the instruction expects) or
 * reports {@code step} and the errno to the parent and exits.
 *
 * @param step       what the instruction does, in the words of an error message
 *                   ("mount proc on /proc"): the parent reports "step: strerror(errno)"
 * @param tag        the logical step the instruction is part of, for tests to find it by
 *                   (data of the parent's only: the child never sees it)
 * @param result     where the return value goes, or null
 * @param onErrno    expected errnos and the instruction to go to on each
 * @param branch     a jump to {@code branchTarget} on the (successful) return value
 */
public record Insn(Kind kind, String step, Tag tag, long nr, List<Arg> args, Reg result,
                   List<OnErrno> onErrno, Branch branch, int branchTarget) {

    public enum Kind {
        /** syscall(nr, args...). */
        SYSCALL,
        /** result := args[0], no syscall. */
        SET,
        /** Report {@code step} with errno args[0] and exit. */
        FAIL,
        /** exit_group(args[0]). */
        EXIT
    }

    public enum Branch { NONE, IF_ZERO, IF_NONZERO }

    /** On {@code errno}, go to instruction {@code target}. */
    public record OnErrno(int errno, int target) {}

    public Insn {
        Objects.requireNonNull(tag, "tag");
        args = List.copyOf(args);
        onErrno = List.copyOf(onErrno);
    }

    /** The same instruction at {@code offset} more: its jump targets move with it. */
    Insn shifted(int offset) {
        return new Insn(kind, step, tag, nr, args, result,
                onErrno.stream().map(e -> new OnErrno(e.errno(), e.target() + offset)).toList(),
                branch, branch == Branch.NONE ? branchTarget : branchTarget + offset);
    }

    /**
     * The instruction as a trace shows it, with its step: not its tag, which says the step again
     * and whose subject is the config's value unbounded.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (result != null) {
            s.append(result).append(" = ");
        }
        switch (kind) {
            case SYSCALL -> s.append(SyscallNames.name(nr)).append(args.toString().replace('[', '(').replace(']', ')'));
            case SET -> s.append(args.getFirst());
            case FAIL -> s.append("fail(errno ").append(args.getFirst()).append(')');
            case EXIT -> s.append("exit_group(").append(args.getFirst()).append(')');
        }
        for (OnErrno e : onErrno) {
            s.append(" errno ").append(e.errno()).append(" -> ").append(e.target());
        }
        if (branch != Branch.NONE) {
            s.append(' ').append(branch == Branch.IF_ZERO ? "if 0" : "if !0").append(" -> ").append(branchTarget);
        }
        return s.append("  # ").append(step).toString();
    }
}
