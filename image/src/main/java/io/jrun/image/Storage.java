package io.jrun.image;

import io.jrun.api.JrunException;
import io.jrun.spec.Json;
import io.jrun.spec.SpecException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * jrun's image storage: a directory that outlives reboots (unlike the state root, a tmpfs), by
 * default {@value #DEFAULT}, elsewhere with the environment variable {@value #ENV}.
 * <pre>
 *   images.json                 the images: names, settings, layer digests
 *   layers/sha256/HEX/diff/     a layer unpacked, HEX its uncompressed digest; overlay lower dirs
 *   containers/ID/              an image container: config.json (the bundle), rootfs/ (its overlay
 *                               mount), upper/ and work/ (the overlay's), container.json, .lock
 *   tmp/                        imports in progress
 *   .lock                       shared by imports and by `run` while it sets up a container;
 *                               exclusive for garbage collection
 *   .images.lock                held while images.json is rewritten
 * </pre>
 * Everything under it is made by jrun; its paths go into overlay mount options, so they may not
 * hold ',' or ':'.
 */
public final class Storage {
    public static final String ENV = "JRUN_STORAGE";
    public static final String DEFAULT = "/var/lib/jrun";

    private final Path dir;

    public Storage(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        String s = this.dir.toString();
        if (s.contains(",") || s.contains(":") || s.contains("\\")) {
            throw new JrunException("image storage " + s + ": the path may not contain ',', ':' or '\\' "
                    + "(it goes into overlay mount options); set " + ENV + " to another directory");
        }
    }

    /** {@value #ENV}, or {@value #DEFAULT}. */
    public static Storage fromEnvironment() {
        String env = System.getenv(ENV);
        return new Storage(Path.of(env == null || env.isBlank() ? DEFAULT : env));
    }

    public Path dir() {
        return dir;
    }

    Path layers() {
        return dir.resolve("layers").resolve("sha256");
    }

    /** The directory of layer {@code digest} (its unpacked tree is {@code diff/} in it). */
    Path layer(String digest) {
        return layers().resolve(Digests.hex(digest));
    }

    /** What a container's overlay stacks for layer {@code digest}. */
    Path layerTree(String digest) {
        return layer(digest).resolve("diff");
    }

    Path containers() {
        return dir.resolve("containers");
    }

    Path tmp() {
        return dir.resolve("tmp");
    }

    private Path index() {
        return dir.resolve("images.json");
    }

    /** Makes the storage's directories (root only: 0700 for the storage itself, its trees hold images' files). */
    void create() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setAttribute(dir, "unix:mode", 0700);
            }
            Files.createDirectories(layers());
            Files.createDirectories(containers());
            Files.createDirectories(tmp());
        } catch (IOException e) {
            throw new JrunException("create the image storage " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The images, in the order they were imported; none before the first import. */
    List<Image> images() {
        try {
            return List.copyOf(Json.read(index(), Index.class, "images.json").images());
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JrunException("read " + index() + ": " + e.getMessage(), e);
        } catch (SpecException e) {
            throw new JrunException(index() + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The file images.json is. */
    record Index(List<Image> images) {
        Index {
            images = images == null ? List.of() : images;
        }
    }

    /** Rewrites images.json with {@code change} applied, atomically, holding .images.lock. */
    void updateImages(java.util.function.UnaryOperator<List<Image>> change) {
        try (Lock ignored = lock(".images.lock", false)) {
            List<Image> images = change.apply(new ArrayList<>(images()));
            Path tmp = dir.resolve(".images.json.tmp");
            Files.writeString(tmp, Json.toJson(new Index(images)), StandardCharsets.UTF_8);
            Files.move(tmp, index(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JrunException("write " + index() + ": " + e.getMessage(), e);
        }
    }

    /** The storage lock, shared (import, run) or exclusive (garbage collection); waits for it. */
    Lock lock(boolean shared) {
        return lock(".lock", shared);
    }

    /** The exclusive storage lock if nobody holds the lock now, else null. */
    Lock tryExclusive() {
        FileChannel channel = open(dir.resolve(".lock"));
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new Lock(channel);
        } catch (IOException | OverlappingFileLockException e) {
            close(channel);
            return null;
        }
    }

    private Lock lock(String name, boolean shared) {
        FileChannel channel = open(dir.resolve(name));
        try {
            channel.lock(0, Long.MAX_VALUE, shared);
            return new Lock(channel);
        } catch (IOException e) {
            close(channel);
            throw new JrunException("lock " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new JrunException("open " + file + ": " + e.getMessage(), e);
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    /** A held lock; closing releases it. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            Storage.close(channel); // releases the lock
        }
    }
}
