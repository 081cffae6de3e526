package io.jrun.core.state;

import io.jrun.api.FileTrees;
import io.jrun.api.ContainerId;
import io.jrun.api.JrunException;
import io.jrun.spec.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The state directory: one directory per container under the root (runc's --root), holding
 * state.json, config.json, the exec fifo and a lock file. Every command that changes a
 * container holds the container's lock, so concurrent jrun commands on it take turns.
 *
 * <p>Everything here is root's alone, as runc keeps it: the directories 0700, the files 0600.
 * config.json holds the container's environment, secrets included. (The exec fifo is 0622:
 * the container's process, as its own user, opens it through /proc/self/fd, which needs no
 * search permission on the directories.)
 */
public final class StateStore {
    public static final String STATE = "state.json";
    public static final String CONFIG = "config.json";
    public static final String EXEC_FIFO = "exec.fifo";
    private static final String LOCK = ".lock";
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path root;

    public StateStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path dir(String id) {
        return root.resolve(ContainerId.check(id));
    }

    /**
     * A container directory, locked (from {@link #create} and {@link #open}) or not (from
     * {@link #peek}, for reading); closing it releases the lock.
     */
    public final class Handle implements AutoCloseable {
        private final String id;
        private final Path dir;
        private final FileChannel channel;
        private final FileLock lock;

        private Handle(String id, Path dir, FileChannel channel, FileLock lock) {
            this.id = id;
            this.dir = dir;
            this.channel = channel;
            this.lock = lock;
        }

        public String id() {
            return id;
        }

        public Path dir() {
            return dir;
        }

        public Path file(String name) {
            return dir.resolve(name);
        }

        public ContainerRecord read() {
            try {
                return Json.read(dir.resolve(STATE), ContainerRecord.class, STATE);
            } catch (io.jrun.spec.SpecException e) {
                throw new JrunException("read " + dir.resolve(STATE) + ": " + e.getMessage(), e);
            } catch (NoSuchFileException e) {
                throw new JrunException("container " + id + " is still being created (no " + dir.resolve(STATE) + " yet)");
            } catch (IOException e) {
                throw new JrunException("read " + dir.resolve(STATE) + ": " + e.getMessage(), e);
            }
        }

        /** Replaces state.json atomically: a reader sees the old or the new one, never half. */
        public void write(ContainerRecord record) {
            writeAtomically(dir.resolve(STATE), Json.toJson(record).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Removes the directory, still holding the lock (a waiting command then finds it gone). */
        public void delete() {
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                throw new JrunException("remove the state directory " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (lock == null) {
                return;
            }
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel's close releases it too
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Makes the container's directory (a container with the id must not exist) and locks it. */
    public Handle create(String id) {
        Path dir = dir(id);
        try {
            Files.createDirectories(root, DIR_MODE);
            Files.createDirectory(dir, DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            throw new JrunException("container with id " + id + " already exists");
        } catch (IOException e) {
            throw new JrunException("create the state directory " + dir + ": " + e.getMessage(), e);
        }
        return lock(id, dir);
    }

    /** Locks an existing container's directory. */
    public Handle open(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            throw new JrunException("container " + id + " does not exist");
        }
        Handle h = lock(id, dir);
        if (!Files.isDirectory(dir)) {
            h.close(); // deleted while we waited for the lock
            throw new JrunException("container " + id + " does not exist");
        }
        return h;
    }

    /**
     * An existing container's directory, not locked: for reading its state, which is replaced
     * atomically, without waiting for a long command (a create running hooks) on it.
     */
    public Handle peek(String id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            throw new JrunException("container " + id + " does not exist");
        }
        return new Handle(id, dir, null, null);
    }

    private Handle lock(String id, Path dir) {
        try {
            FileChannel ch = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    FILE_MODE);
            return new Handle(id, dir, ch, ch.lock());
        } catch (NoSuchFileException e) {
            throw new JrunException("container " + id + " does not exist");
        } catch (IOException e) {
            throw new JrunException("lock the state of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** The ids of every container, sorted; none if the root does not exist. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path p : ds) {
                ids.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new JrunException("list " + root + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Replaces {@code file} atomically (a temporary file renamed over it): readers see old or
     * new, never half. The file is root's only (0600), from its first byte.
     */
    public static void writeAtomically(Path file, byte[] content) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp); // a crashed writer's, with whatever mode it has
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    FILE_MODE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new JrunException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
