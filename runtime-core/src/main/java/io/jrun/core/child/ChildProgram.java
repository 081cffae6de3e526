package io.jrun.core.child;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a container child does between clone and execve, as data: a list of syscalls with
 * jumps. The logic that decides what a container needs (namespaces, mounts, user, ...) builds
 * one with {@link ProgramBuilder}; only a {@link ChildStage} runs it. Being data, a program is
 * what unit tests look at, without root and without a clone.
 */
public record ChildProgram(List<Insn> insns, int registers) {
    public ChildProgram {
        insns = List.copyOf(insns);
    }

    public String describe() {
        return IntStream.range(0, insns.size())
                .mapToObj(i -> String.format("%3d  %s", i, insns.get(i)))
                .collect(Collectors.joining("\n"));
    }
}
