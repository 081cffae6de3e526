package io.jrun.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * jrun's launcher, {@code bin/jrun}: the program that starts a JVM prepared to clone containers
 * (its compile commands keep the container's child out of the JIT, its Java is a sealed copy the
 * container cannot reach). Any other JVM, a test suite's among them, runs containers through it.
 *
 * <p>Where it comes from, first found first:
 * <ol>
 *   <li>the system property {@code jrun.home} or the environment variable {@code JRUN_HOME}: a
 *       jrun distribution (the directory holding {@code bin/jrun});</li>
 *   <li>the distribution on the class path, {@code io.jrun:jrun-dist}, unpacked once per content
 *       into {@code ~/.cache/jrun/dist/DIGEST} (the digest of its index, which holds each file's).</li>
 * </ol>
 *
 * @param executable {@code bin/jrun}
 */
public record Launcher(Path executable) {
    /** The distribution's index on the class path: one "MODE SHA-256 PATH" line per file (jrun-dist). */
    static final String INDEX = "io/jrun/dist/index";
    private static final String FILES = "io/jrun/dist/files/";

    /** The launcher this JVM uses: see the class comment. */
    public static Launcher find() {
        String home = System.getProperty("jrun.home");
        if (home == null || home.isEmpty()) {
            home = System.getenv("JRUN_HOME");
        }
        if (home != null && !home.isEmpty()) {
            Path executable = Path.of(home).toAbsolutePath().resolve("bin/jrun");
            if (!Files.isExecutable(executable)) {
                throw new JrunException("jrun.home " + home + " holds no bin/jrun: give the directory of a jrun "
                        + "distribution (the parent of bin/jrun)");
            }
            return new Launcher(executable);
        }
        return bundled().orElseThrow(() -> new JrunException("jrun's launcher was not found: add the dependency "
                + "io.jrun:jrun-dist to the class path, or set -Djrun.home (or JRUN_HOME) to a jrun distribution"));
    }

    /**
     * Why containers cannot run in this JVM, or empty when they can: jrun's API runs containers
     * as root on Linux (rootless containers are not supported yet).
     */
    public static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return Optional.of("jrun runs containers on Linux only, not on " + System.getProperty("os.name"));
        }
        long euid = effectiveUid();
        if (euid != 0) {
            return Optional.of("jrun's Java API runs containers as root, and this JVM runs as uid " + euid
                    + " (rootless containers are not supported yet)");
        }
        if (!Files.exists(Path.of("/proc/self/ns/user")) || !Files.exists(Path.of("/proc/self/ns/mnt"))) {
            return Optional.of("this kernel has no namespaces (/proc/self/ns): containers cannot run here");
        }
        return Optional.empty();
    }

    /** The effective uid, from /proc/self/status ("Uid: real effective saved fs"): no native call. */
    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: reported as not root
        }
        return -1;
    }

    /** The distribution jrun-dist carries, unpacked into the user's cache (once per version). */
    static Optional<Launcher> bundled() {
        ClassLoader loader = Launcher.class.getClassLoader();
        byte[] index;
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                return Optional.empty();
            }
            index = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX + " from the class path", e);
        }
        Path cache = cacheHome().resolve("jrun/dist").resolve(sha256(index).substring(0, 24));
        if (!Files.isExecutable(cache.resolve("bin/jrun"))) {
            unpack(loader, new String(index, StandardCharsets.UTF_8), cache);
        }
        if (!Boolean.getBoolean("jrun.aot.skip")) {
            trainAotCache(cache);
        }
        pruneOthers(cache);
        return Optional.of(new Launcher(cache.resolve("bin/jrun")));
    }

    /** How long an unpacked distribution no JVM used stays: a build of jrun makes a new one each time. */
    private static final java.time.Duration UNUSED = java.time.Duration.ofDays(2);

    /**
     * Marks {@code cache} used now, and removes the other unpacked distributions unused for
     * {@link #UNUSED} (some 30 MiB each, with their AOT cache), and unpackings a killed JVM left.
     */
    private static void pruneOthers(Path cache) {
        try {
            Files.setLastModifiedTime(cache, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            java.time.Instant oldest = java.time.Instant.now().minus(UNUSED);
            try (var others = Files.list(cache.getParent())) {
                for (Path other : others.toList()) {
                    // .unpack-* directories of a JVM killed while it unpacked included
                    if (!other.equals(cache) && Files.getLastModifiedTime(other).toInstant().isBefore(oldest)) {
                        FileTrees.delete(other);
                    }
                }
            }
        } catch (IOException e) {
            // another JVM prunes at the same time: what is left goes next time
        }
    }

    /** How long a training may run before another JVM takes its lock as stale. */
    private static final java.time.Duration TRAINING_LOCK = java.time.Duration.ofMinutes(10);

    /**
     * Starts the training run that makes the unpacked distribution's AOT cache, {@code jrun.aot},
     * unless it is there or being made: jrun-dist cannot carry one (a cache holds for the paths
     * and the JDK it was made with), and with it each command starts about three times faster
     * (measured: a `run` of /bin/true 0.6 s instead of 1.7 s on a loaded machine). The training
     * is bin/jrun's own (as the build runs it: real containers, removed after), some seconds of
     * CPU, in the background; commands use the cache once it is complete, renamed into place.
     * A process of its own, so that it finishes even if this JVM exits. -Djrun.aot.skip=true
     * turns it off.
     */
    private static void trainAotCache(Path dist) {
        if (Files.exists(dist.resolve("jrun.aot"))) {
            return;
        }
        Path lock = dist.resolve(".training");
        try {
            if (Files.exists(lock) && Files.getLastModifiedTime(lock).toInstant()
                    .isBefore(java.time.Instant.now().minus(TRAINING_LOCK))) {
                Files.deleteIfExists(lock); // left by a training that was killed
            }
            Files.createDirectory(lock);
        } catch (IOException another) {
            return; // another JVM trains it
        }
        String script = "tmp=\"$1/.jrun.aot.$$\"; "
                + "if JRUN_AOT_OUTPUT=\"$tmp\" \"$1/bin/jrun\" >/dev/null 2>&1; then mv -f \"$tmp\" \"$1/jrun.aot\"; "
                + "else rm -f \"$tmp\"; fi; rmdir \"$1/.training\"";
        try {
            new ProcessBuilder("sh", "-c", script, "sh", dist.toString())
                    .redirectInput(new java.io.File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(lock);
            } catch (IOException ignored) {
                // a later JVM takes it as stale
            }
        }
    }

    private static Path cacheHome() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg);
        }
        return Path.of(System.getProperty("user.home"), ".cache");
    }

    /**
     * Into a fresh directory beside {@code target}, then renamed into place: a concurrent JVM (a
     * parallel test fork) sees the whole distribution or none. The directories are the user's own
     * and not writable by others: what runs as root from there must not be replaceable.
     */
    private static void unpack(ClassLoader loader, String index, Path target) {
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempDirectory(parent, ".unpack-");
            try {
                for (String line : index.lines().toList()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] parts = line.split(" ", 3);
                    Path file = tmp.resolve(parts[2]).normalize();
                    if (!file.startsWith(tmp)) {
                        throw new IllegalStateException("jrun-dist's index names a path outside it: " + parts[2]);
                    }
                    Files.createDirectories(file.getParent());
                    byte[] bytes;
                    try (InputStream in = loader.getResourceAsStream(FILES + parts[2])) {
                        if (in == null) {
                            throw new IllegalStateException("jrun-dist lacks " + parts[2] + ", which its index names");
                        }
                        bytes = in.readAllBytes();
                    }
                    if (!sha256(bytes).equals(parts[1])) {
                        throw new IllegalStateException("jrun-dist's " + parts[2] + " is not what its index says "
                                + "(a class path with two versions of jrun-dist?)");
                    }
                    Files.write(file, bytes);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(parts[0]));
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // another JVM unpacked it first
                } catch (IOException e) {
                    if (!Files.isExecutable(target.resolve("bin/jrun"))) {
                        throw e;
                    }
                }
            } finally {
                FileTrees.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack jrun's launcher into " + target, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
