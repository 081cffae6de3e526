package io.jrun.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runc-compatible runtime binary the suite drives: system property {@code jrun.it.runtime},
 * a path or a name on PATH ({@code runc}); by default {@code ${jrun.home}/bin/jrun}. Every
 * command gets {@code --root} of this test run, so the tests never see other containers.
 *
 * @param binary  the runtime's executable
 * @param flavor  which runtime it is, for the few tests that hold for one only
 * @param root    the state directory of this test run
 * @param guard   the argv prefix that keeps the runtime off the host's v1 memory hierarchy (or empty)
 */
public record RuntimeUnderTest(Path binary, Flavor flavor, Path root, List<String> guard) {

    public enum Flavor { JRUN, RUNC, OTHER }

    public static final String PROPERTY = "jrun.it.runtime";

    /** The runtime the system properties name, with state under {@code root}. */
    public static RuntimeUnderTest fromSystemProperties(Path root) {
        String home = System.getProperty("jrun.home", ".");
        String name = System.getProperty(PROPERTY, "");
        return of(name.isBlank() ? Path.of(home, "bin", "jrun") : resolve(name), root);
    }

    /**
     * Runtime {@code name} (a path, or a name on PATH) with state under {@code root}: a second
     * runtime next to the one under test, such as runc as the oracle of a test.
     */
    public static RuntimeUnderTest named(String name, Path root) {
        return of(resolve(name), root);
    }

    private static RuntimeUnderTest of(Path binary, Path root) {
        String file = binary.getFileName().toString();
        Flavor flavor = file.startsWith("jrun") ? Flavor.JRUN : file.startsWith("runc") ? Flavor.RUNC : Flavor.OTHER;
        return new RuntimeUnderTest(binary.toAbsolutePath(), flavor, root, hostGuard());
    }

    public boolean isJrun() {
        return flavor == Flavor.JRUN;
    }

    public boolean isRunc() {
        return flavor == Flavor.RUNC;
    }

    /** The full argv of runtime command {@code args}: guard, binary, {@code --root}, args. */
    public List<String> command(List<String> args) {
        List<String> argv = new ArrayList<>(guard);
        argv.add(binary.toString());
        argv.add("--root");
        argv.add(root.toString());
        argv.addAll(args);
        return argv;
    }

    public List<String> command(String... args) {
        return command(List.of(args));
    }

    /** {@code name} as a path, or found on PATH. */
    private static Path resolve(String name) {
        if (name.contains("/")) {
            return Path.of(name);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(PROPERTY + "=" + name + ": not found on PATH");
    }

    /**
     * The tests must never put a container into the host's cgroup v1 {@code memory} hierarchy:
     * on a hybrid host the host's own services live there (on this machine, {@code process_api},
     * which belongs to the machine: nothing may be created under it and no process moved out of
     * it). A v1-capable runtime (runc, and jrun on a hybrid or legacy host, as runc's fs driver)
     * puts every container into each v1 hierarchy it finds, relative to its own cgroup, so it
     * would create {@code process_api/.../<id>}. So every runtime, jrun too, runs in a private
     * mount namespace of its own where that hierarchy is unmounted: it never sees it, and its
     * containers join every other hierarchy. Private propagation keeps the unmount from ever
     * reaching the host. (The cost: no memory limits or OOM counts on such a host; cgroup v1
     * memory is tested in the VM's hybrid and v1 layouts.) Without a v1 memory hierarchy in this
     * process's view (a unified host, or scripts/test.sh's own guard) there is nothing to do.
     */
    private static List<String> hostGuard() {
        return v1MemoryMount()
                .map(mountPoint -> List.of("unshare", "--mount", "--propagation", "private", "--",
                        "sh", "-c", "umount -l \"$0\" && exec \"$@\"", mountPoint))
                .orElse(List.of());
    }

    /** Where this process sees a cgroup v1 hierarchy with the memory controller, if anywhere. */
    public static Optional<String> v1MemoryMount() {
        return MountEntry.host().stream()
                .filter(m -> m.fsType().equals("cgroup") && m.superOptions().contains("memory"))
                .map(MountEntry::mountPoint)
                .findFirst();
    }

    /**
     * For tests that run jrun without the per-command {@link #guard} (the Java API in this JVM,
     * or launched by it): fails at once, before any container is made, while a cgroup v1 memory
     * hierarchy is visible. Failing rather than skipping: a skip would let a broken guard in
     * scripts/test.sh go unnoticed while these tests quietly stopped running.
     */
    public static void requireNoV1Memory(String what) {
        v1MemoryMount().ifPresent(mountPoint -> {
            throw new IllegalStateException(what + " runs jrun without a per-command guard, and this process sees the"
                    + " host's cgroup v1 memory hierarchy at " + mountPoint + ": jrun would put containers in it."
                    + " Run the tests with scripts/test.sh, which runs them in a private mount namespace without it,"
                    + " or run mvn under: unshare --mount --propagation private -- sh -c 'umount -l " + mountPoint
                    + " && exec \"$@\"' sh mvn ...");
        });
    }
}
