package io.jrun.core.cgroups;

import io.jrun.core.host.Procfs;
import io.jrun.sys.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The processes of a cgroup and of the cgroups below it, from cgroup.procs and cgroup.events. */
final class CgroupProcesses {
    private final Path dir;

    CgroupProcesses(Path dir) {
        this.dir = dir;
    }

    /** The processes in this cgroup and all its descendants. */
    List<Integer> all() {
        List<Integer> out = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> walk = Files.walk(dir)) {
            dirs = walk.filter(Files::isDirectory).toList();
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | UncheckedIOException e) {
            // A sub-cgroup removed while walking: read what is left.
            dirs = List.of(dir);
        }
        for (Path d : dirs) {
            out.addAll(read(d));
        }
        return out;
    }

    /** The processes in {@code d} itself (not its descendants). */
    static List<Integer> read(Path d) {
        String text;
        try {
            text = Files.readString(d.resolve("cgroup.procs"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // A threaded cgroup refuses to list processes (EOPNOTSUPP): list its threads.
            String t = CgroupFiles.readIfExists(d.resolve("cgroup.threads"), "list the processes of " + d);
            if (t == null) {
                throw new CgroupException("list the processes of " + d + ": read " + d.resolve("cgroup.procs") + ": "
                        + Messages.of(e), e);
            }
            text = t;
        }
        List<Integer> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                out.add(Integer.parseInt(l));
            }
        }
        return out;
    }

    /**
     * Moves process {@code pid} into {@code d} (its cgroup.procs). EINVAL, a task still being
     * created, is retried a few times, as runc's WriteCgroupProc does.
     */
    static void add(CgroupKernel kernel, Path d, int pid) {
        Path procs = d.resolve("cgroup.procs");
        int r = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            r = kernel.write(procs, Integer.toString(pid));
            if (r != -Errno.EINVAL) {
                break;
            }
            Cgroups.sleepMillis(30);
        }
        if (r < 0) {
            throw new CgroupException("move process " + pid + " into cgroup: write to " + procs + ": " + Messages.errno(r));
        }
    }

    /** runc's refusal of a cgroup that has processes already, for a new container. */
    static CgroupException notEmpty(Path d, List<Integer> pids) {
        return new CgroupException("cgroup " + d + " is not empty: " + pids.size() + " process(es) found "
                + pids.subList(0, Math.min(pids.size(), 10)));
    }

    /** True when no process is left in the cgroup or below it. */
    boolean none() {
        Path events = dir.resolve("cgroup.events");
        long populated = CgroupFiles.key(events, "populated", -2, "check cgroup " + dir);
        if (populated != -2) {
            return populated == 0;
        }
        return all().isEmpty();
    }

    /**
     * "2 processes left: 12 (D), 13 (R)" ({@code what} is " left" there): the processes of a
     * cgroup that does not empty or does not freeze, with their states from /proc.
     */
    String describe(String what) {
        List<Integer> pids = all();
        StringBuilder sb = new StringBuilder();
        sb.append(pids.size()).append(pids.size() == 1 ? " process" : " processes").append(what);
        for (int i = 0; i < pids.size() && i < 10; i++) {
            Procfs.Stat st = Procfs.stat(pids.get(i));
            sb.append(i == 0 ? ": " : ", ").append(pids.get(i));
            if (st != null) {
                sb.append(" (").append(st.state()).append(')');
            }
        }
        if (pids.size() > 10) {
            sb.append(", ...");
        }
        return sb.toString();
    }
}
