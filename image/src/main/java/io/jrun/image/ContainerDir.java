package io.jrun.image;

import io.jrun.api.FileTrees;
import io.jrun.api.Annotations;
import io.jrun.api.ContainerDirRelease;
import io.jrun.api.ContainerId;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.spec.Json;
import io.jrun.spec.SpecException;
import io.jrun.sys.Errno;
import io.jrun.sys.MountFlags;
import io.jrun.sys.Native;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The directory of a container run from an image, storage/containers/ID: the bundle
 * (config.json), the overlay mount point rootfs/ with the container's upper/ and work/, and
 * container.json, which says whose it is and which layers it stacks.
 *
 * <p>It goes when the container goes, by whatever path: the config carries the annotation
 * {@value Annotations#CONTAINER_DIR} naming the directory, and the runtime's delete has it
 * released ({@link Release}), which unmounts the overlay and removes it. `run` holds the
 * directory's .lock while it lives; a directory whose lock is free and whose container is not in
 * its state root any more was left by a jrun that died (a crash between the mount and the
 * container's state) and is swept by the next garbage collection.
 */
public final class ContainerDir implements AutoCloseable {
    private static final Log log = Log.of(ContainerDir.class);

    private static final String RECORD = "container.json";
    private static final String LOCK = ".lock";
    /** What mount(2) takes as options: one page, its NUL included. */
    private static final int MAX_MOUNT_DATA = 4095;

    /**
     * container.json.
     *
     * @param root   the state root the container lives in (the global --root)
     * @param layers the layers its overlay stacks, which garbage collection must keep
     */
    record Owner(String id, String root, String image, List<String> layers) {}

    private final String id;
    private final Path dir;
    private final FileChannel lock;

    private ContainerDir(String id, Path dir, FileChannel lock) {
        this.id = id;
        this.dir = dir;
        this.lock = lock;
    }

    /** The bundle directory. */
    public Path path() {
        return dir;
    }

    Path rootfs() {
        return dir.resolve("rootfs");
    }

    Path config() {
        return dir.resolve(Json.CONFIG_FILE);
    }

    /** Makes the directory of container {@code id} and locks it; an existing one is an error. */
    static ContainerDir create(Storage storage, String id, Path stateRoot, Image image) {
        Path dir = storage.containers().resolve(ContainerId.check(id));
        try {
            Files.createDirectories(storage.containers());
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new JrunException("the directory " + dir + " of an image container named " + id + " exists: the container is "
                    + "still there (jrun delete --force " + id + "), or another jrun is making it");
        } catch (IOException e) {
            throw new JrunException("create " + dir + ": " + e.getMessage(), e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock();
            ContainerDir made = new ContainerDir(id, dir, channel);
            Files.writeString(dir.resolve(RECORD), Json.toJson(new Owner(id, stateRoot.toString(), image.name(),
                    image.layers().stream().map(Image.Layer::digest).toList())));
            for (String sub : List.of("rootfs", "upper", "work")) {
                Files.createDirectory(dir.resolve(sub));
            }
            Files.setAttribute(dir.resolve("upper"), "unix:mode", 0755); // the container's "/"
            return made;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // removed next
                }
            }
            remove(dir);
            throw new JrunException("set up " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Mounts the overlay on rootfs/: the image's layers below (topmost first; a layer that is
     * there twice only at its topmost place, which is the same file system), upper/ and work/
     * above.
     */
    void mount(Storage storage, Image image) {
        Set<String> lower = new LinkedHashSet<>();
        for (Image.Layer layer : image.layers().reversed()) {
            lower.add(storage.layerTree(layer.digest()).toString());
        }
        for (Image.Layer layer : image.layers()) {
            if (!Files.isDirectory(storage.layerTree(layer.digest()))) {
                throw new JrunException("layer " + layer.digest() + " of image " + image.name() + " is missing from "
                        + storage.layers() + ": import the image again");
            }
        }
        String data = "lowerdir=" + String.join(":", lower) + ",upperdir=" + dir.resolve("upper") + ",workdir="
                + dir.resolve("work");
        if (data.length() > MAX_MOUNT_DATA) {
            throw new JrunException("image " + image.name() + " has too many layers (" + lower.size() + ") for one overlay "
                    + "mount from " + storage.dir() + " (its options would be " + data.length() + " bytes, at most "
                    + MAX_MOUNT_DATA + "); a shorter " + Storage.ENV + " path helps");
        }
        if (Native.libc().mount("overlay", rootfs().toString(), "overlay", 0, data) != 0) {
            throw new JrunException("mount the overlay root filesystem of container " + id + " on " + rootfs() + ": "
                    + Errno.message(Native.errno()));
        }
    }

    /** Releases the lock (the directory stays, for the container). */
    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException ignored) {
            // closing releases the lock anyway
        }
    }

    /** Unmounts and removes the directory now (a container that never came to be). */
    void remove() {
        remove(dir);
    }

    /**
     * What the runtime's delete calls ({@link ContainerDirRelease}, registered in
     * META-INF/services) for a container whose config names a directory: if the directory is that
     * container's (its container.json says so), unmounts the overlay (lazily: nothing can use it
     * any more) and removes the directory. Never fails the delete: what cannot be removed is
     * reported and left for garbage collection.
     */
    public static final class Release implements ContainerDirRelease {
        @Override
        public void release(Path dir, String id) {
            Owner owner = owner(dir);
            if (owner == null || !id.equals(owner.id())) {
                log.warn("{} {} is not container {}'s image directory: left alone", Annotations.CONTAINER_DIR, dir, id);
                return;
            }
            remove(dir);
        }
    }

    private static void remove(Path dir) {
        Path rootfs = dir.resolve("rootfs");
        if (Native.libc().umount2(rootfs.toString(), MountFlags.MNT_DETACH) != 0) {
            int errno = Native.errno();
            if (errno != Errno.EINVAL && errno != Errno.ENOENT) {
                log.warn("unmount {}: {}", rootfs, Errno.message(errno));
            }
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.warn("remove {}: {}", dir, e.getMessage());
        }
    }

    private static Owner owner(Path dir) {
        try {
            return Json.read(dir.resolve(RECORD), Owner.class, RECORD);
        } catch (IOException | SpecException e) {
            return null;
        }
    }

    /**
     * Removes the directories of containers that are gone without their directory (see the
     * class comment), and returns the layers the others stack. For garbage collection, under
     * the exclusive storage lock, in a JVM that holds no container's lock (closing a channel
     * would release it).
     */
    static Set<String> sweep(Storage storage) {
        Set<String> used = new HashSet<>();
        if (!Files.isDirectory(storage.containers())) {
            return used;
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(storage.containers())) {
            ds.forEach(dirs::add);
        } catch (IOException e) {
            throw new JrunException("list " + storage.containers() + ": " + e.getMessage(), e);
        }
        for (Path dir : dirs) {
            Owner owner = owner(dir);
            if (inUse(dir) || (owner != null && Files.isDirectory(Path.of(owner.root()).resolve(owner.id())))) {
                if (owner != null) {
                    used.addAll(owner.layers());
                }
                continue;
            }
            log.debug("removing {}: its container is gone", dir);
            remove(dir);
        }
        return used;
    }

    /** Whether a `run` holds the directory's lock now. */
    private static boolean inUse(Path dir) {
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            return held == null;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            return true;
        }
    }
}
