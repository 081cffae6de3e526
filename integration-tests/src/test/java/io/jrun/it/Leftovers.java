package io.jrun.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a container can leave on the host after it is deleted (or after a create that failed):
 * its state directory, mounts, processes, cgroups. Read-only: it looks, never cleans.
 */
public final class Leftovers {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    /** The v1 memory hierarchy holds the machine's process_api: never walked, never touched. */
    private static final Set<String> NOT_WALKED = Set.of("memory");

    private Leftovers() {}

    /** Everything container {@code id} of bundle {@code bundle} left behind; empty when clean. */
    public static List<String> of(TestRun run, String id, Path bundle) {
        List<String> found = new ArrayList<>(state(run, id));
        found.addAll(cgroups(id));
        found.addAll(mounts(bundle));
        found.addAll(processes(bundle));
        return found;
    }

    /**
     * The state directory of {@code id} in the run's root, if it is there. For an id that is not
     * a file name ("a/b", ".."), what a runtime that took it as a path would have made in the root.
     */
    public static List<String> state(TestRun run, String id) {
        Path state = run.root().resolve(id).normalize();
        if (!state.startsWith(run.root()) || state.equals(run.root())) {
            return List.of(); // outside the root: nothing of ours to look at
        }
        Path entry = run.root().resolve(run.root().relativize(state).getName(0));
        return Files.exists(entry, LinkOption.NOFOLLOW_LINKS) ? List.of("state directory " + entry) : List.of();
    }

    /** Host mounts whose mount point, source or mounted directory lies in {@code bundle}. */
    public static List<String> mounts(Path bundle) {
        return MountEntry.host().stream()
                .filter(m -> within(m.mountPoint(), bundle) || within(m.root(), bundle) || within(m.source(), bundle))
                .map(m -> "mount " + m)
                .toList();
    }

    /**
     * Processes whose root, working directory or executable lies in {@code bundle}, or whose
     * command line names it (a runtime, or a clone of one, left over): a host
     * process's links say so; a container process's root link reads "/", so its root mount
     * (which filesystem, which directory of it) is compared with where the bundle is.
     */
    public static List<String> processes(Path bundle) {
        MountEntry hostMount = MountEntry.containing(MountEntry.host(), bundle);
        Path bundleInItsFs = Path.of(hostMount.root()).resolve(Path.of(hostMount.mountPoint()).relativize(bundle));
        String ourMountNs = Procs.link(Path.of("/proc/self"), "ns/mnt");
        List<String> found = new ArrayList<>();
        for (Path proc : Procs.all()) {
            String why = null;
            for (String link : List.of("root", "cwd", "exe")) {
                String target = Procs.link(proc, link);
                if (within(target, bundle)) {
                    why = link + " " + target;
                    break;
                }
            }
            if (why == null && namesBundle(Procs.cmdline(proc), bundle)) {
                // a runtime's process (or a clone of it, before it became the container's) that
                // outlived the command it ran for
                why = "command line names the bundle";
            }
            if (why == null && !Procs.link(proc, "ns/mnt").equals(ourMountNs)) {
                why = Procs.rootMount(proc)
                        .filter(m -> m.majorMinor().equals(hostMount.majorMinor()) && within(m.root(), bundleInItsFs))
                        .map(m -> "root mount " + m.root())
                        .orElse(null);
            }
            if (why != null) {
                found.add("process " + proc.getFileName() + " (" + why + ", " + Procs.cmdline(proc) + ")");
            }
        }
        return found;
    }

    /** Whether an argument of {@code cmdline} (space-separated) is {@code bundle} or a path below it. */
    private static boolean namesBundle(String cmdline, Path bundle) {
        for (String arg : cmdline.split(" ")) {
            if (within(arg, bundle)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} is {@code dir} or below it, by whole names ("bundle-10" is not in "bundle-1"). */
    private static boolean within(String path, Path dir) {
        return path.startsWith("/") && Path.of(path).startsWith(dir);
    }

    /**
     * Cgroups named after the container: anywhere in the cgroup2 hierarchy (jrun's), and in the
     * v1 hierarchies but memory (where runc puts containers on this hybrid host).
     */
    public static List<String> cgroups(String id) {
        List<String> found = new ArrayList<>();
        for (Path hierarchy : directories(CGROUP)) {
            if (!NOT_WALKED.contains(hierarchy.getFileName().toString())) {
                findCgroups(hierarchy, id, 8, found);
            }
        }
        return found;
    }

    private static void findCgroups(Path dir, String id, int depth, List<String> found) {
        for (Path child : directories(dir)) {
            if (namesId(child.getFileName().toString(), id)) {
                found.add("cgroup " + child);
            } else if (depth > 1) {
                findCgroups(child, id, depth - 1, found);
            }
        }
    }

    /** Whether cgroup {@code name} is the container's: has its id, not followed by a digit ("-1" is not "-10"). */
    private static boolean namesId(String name, String id) {
        for (int at = name.indexOf(id); at >= 0; at = name.indexOf(id, at + 1)) {
            int end = at + id.length();
            if (end == name.length() || !Character.isDigit(name.charAt(end))) {
                return true;
            }
        }
        return false;
    }

    /** The subdirectories of {@code dir}; none if it vanished (other people's cgroups come and go). */
    private static List<Path> directories(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }
}
