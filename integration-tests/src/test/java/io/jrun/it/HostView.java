package io.jrun.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** What the host sees of a running container: its files as they are now, its processes. */
public final class HostView {
    private HostView() {}

    /** The file's content without surrounding white space (a cgroup file, a marker file). */
    public static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's size: a container's counter that appends to it makes it grow. */
    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The host pids of the processes in {@code pid}'s pid namespace: for a container with a pid
     * namespace of its own, exactly its processes (zombies, whose namespace links cannot be
     * read, are left out).
     */
    public static Set<Integer> inPidNamespaceOf(int pid) {
        String ns = Procs.link(Path.of("/proc/" + pid), "ns/pid");
        Set<Integer> out = new TreeSet<>();
        for (Path proc : Procs.all()) {
            if (!ns.isEmpty() && Procs.link(proc, "ns/pid").equals(ns)) {
                out.add(Integer.parseInt(proc.getFileName().toString()));
            }
        }
        return out;
    }
}
