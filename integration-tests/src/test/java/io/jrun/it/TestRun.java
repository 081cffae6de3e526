package io.jrun.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one run of the suite shares: the runtime under test, its state root
 * ({@code /run/jrun-it-<random>}), the busybox rootfs image and the work directory. Kept in
 * JUnit's root store, so it is closed when the whole run ends: then the root must be empty, and
 * it is removed with the rest of what the run made outside target/.
 */
public final class TestRun implements AutoCloseable {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRun.class);
    /** libmount makes this on any mount or umount (ours: the runc guard, host-side test mounts). */
    private static final Path LIBMOUNT_DIR = Path.of("/run/mount");

    private final String tag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private final AtomicInteger counter = new AtomicInteger();
    private final Path home = Path.of(System.getProperty("jrun.home", ".")).toAbsolutePath().normalize();
    private final Path workDir;
    private final Path root;
    private final RuntimeUnderTest runtime;
    private final boolean hadLibmountDir = Files.exists(LIBMOUNT_DIR);
    private Path rootfsImage;

    private TestRun() {
        try {
            Path it = Files.createDirectories(home.resolve("integration-tests/target/it")).toRealPath();
            removeEarlierRuns(it);
            workDir = Files.createDirectory(it.resolve("run-" + tag));
            root = Files.createDirectory(Path.of("/run/jrun-it-" + tag),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runtime = RuntimeUnderTest.fromSystemProperties(root);
    }

    /**
     * Empties target/it of earlier runs: a run leaves its files (failed tests' bundles, command
     * output) for a look until the next.
     */
    private static void removeEarlierRuns(Path it) throws IOException {
        try (Stream<Path> runs = Files.list(it)) {
            for (Path run : runs.toList()) {
                try {
                    Trees.delete(run);
                } catch (IOException e) {
                    System.err.println("keeping " + run + ": " + e.getMessage());
                }
            }
        }
    }

    /** This run's instance, made on first use. */
    public static TestRun of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(TestRun.class, k -> new TestRun(), TestRun.class);
    }

    public RuntimeUnderTest runtime() {
        return runtime;
    }

    public Path root() {
        return root;
    }

    public Path workDir() {
        return workDir;
    }

    /** A container id unique to this run, recognisable as ours anywhere (cgroup trees, process lists). */
    public String newId() {
        return "jrun-it-" + tag + "-" + counter.incrementAndGet();
    }

    /** A fresh directory under this run's work directory (target/it/run-TAG) for {@code purpose}. */
    public Path newDir(String purpose) {
        try {
            return Files.createDirectories(workDir.resolve(purpose + "-" + counter.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the output of commands that belong to no test goes. */
    private Path commandOutput() {
        return workDir.resolve("run-commands");
    }

    /** The busybox rootfs, built on first use by make-busybox-rootfs.sh; bundles copy it. */
    public synchronized Path rootfsImage() {
        if (rootfsImage == null) {
            Path image = workDir.resolve("rootfs");
            Path script = home.resolve("integration-tests/src/test/resources/make-busybox-rootfs.sh");
            Exec.run(commandOutput(), List.of("bash", script.toString(), image.toString())).ok();
            rootfsImage = image;
        }
        return rootfsImage;
    }

    /**
     * Deletes what the tests left in the root (a test's own cleanup should have), then fails if
     * there was anything; removes the root and what else the run made outside target/.
     */
    @Override
    public void close() {
        List<String> left = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            left.addAll(entries.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String id : left) {
            Exec.run(commandOutput(), runtime.command("delete", "--force", id));
        }
        try {
            Trees.delete(root);
            if (rootfsImage != null) {
                Trees.delete(rootfsImage);
            }
            if (!hadLibmountDir && Files.isDirectory(LIBMOUNT_DIR)) {
                try (Stream<Path> entries = Files.list(LIBMOUNT_DIR)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(LIBMOUNT_DIR);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!left.isEmpty()) {
            throw new AssertionError("containers left in " + root + " after the run: " + left);
        }
    }
}
