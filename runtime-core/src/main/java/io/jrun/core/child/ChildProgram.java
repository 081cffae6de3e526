package io.jrun.core.child;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a container child does between clone and execve, as data: a list of syscalls with
 * jumps. The logic that decides what a container needs (namespaces, mounts, user, ...) builds
 * one with {@link ProgramBuilder}; only a {@link ChildStage} runs it. Being data, a program is
 * what unit tests look at, without root and without a clone.
 *
 * @param inheritedFds the fds of the parent the program uses (a fifo, pipes for stdio, fds to
 *                     preserve): the stage closes every other fd of the JVM in the child before
 *                     the program's first instruction, so that no jar, lock, directory or
 *                     cgroup fd of jrun's reaches the container. stdio (0-2) is always kept.
 */
public record ChildProgram(List<Insn> insns, int registers, SortedSet<Integer> inheritedFds) {
    public ChildProgram {
        insns = List.copyOf(insns);
        inheritedFds = Collections.unmodifiableSortedSet(new TreeSet<>(inheritedFds));
    }

    public String describe() {
        return IntStream.range(0, insns.size())
                .mapToObj(i -> String.format("%3d  %s", i, insns.get(i)))
                .collect(Collectors.joining("\n"));
    }
}
