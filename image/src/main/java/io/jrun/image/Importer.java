package io.jrun.image;

import io.jrun.api.FileTrees;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.sys.FileFlags;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * One `image import`: reads the source ({@link ImageSources}), unpacks each layer the store does
 * not have yet into a work directory under tmp/, checking every blob against its digest, then
 * commits: the new layers are renamed into layers/ and the image is written into images.json.
 * Until the commit nothing of the import is visible; an import that fails or is interrupted
 * leaves its work directory at most, which the next garbage collection removes (and a shutdown
 * hook removes it on SIGINT or SIGTERM).
 */
final class Importer {
    private static final Log log = Log.of(Importer.class);

    private final Storage storage;
    private final FsOps fs;
    private final ImportProgress progress;

    Importer(Storage storage, FsOps fs, ImportProgress progress) {
        this.storage = storage;
        this.fs = fs;
        this.progress = progress;
    }

    /** A layer of this import: its digest and size, and where it was unpacked (null when the store has it). */
    private record Unpacked(Image.Layer layer, Path dir) {}

    Image run(String name, Path source, String ref) {
        Path work;
        try {
            work = Files.createTempDirectory(storage.tmp(), "import-");
        } catch (IOException e) {
            throw new JrunException("create a work directory in " + storage.tmp() + ": " + e.getMessage(), e);
        }
        Thread cleanup = new Thread(() -> deleteQuietly(work), "jrun-import-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            SourcePlan plan = ImageSources.read(source, ref, work);
            List<Unpacked> layers = new ArrayList<>();
            Map<String, Unpacked> byDigest = new HashMap<>();
            int count = plan.layers().size();
            for (int i = 0; i < count; i++) {
                SourcePlan.LayerSource layer = plan.layers().get(i);
                String known = layer instanceof SourcePlan.TarLayer t ? t.diffId() : null;
                if (known != null && (byDigest.containsKey(known) || Files.isDirectory(storage.layerTree(known)))) {
                    progress.reused(i + 1, count, layer.what());
                    Unpacked u = byDigest.containsKey(known) ? byDigest.get(known)
                            : new Unpacked(new Image.Layer(known, storedSize(known)), null);
                    layers.add(new Unpacked(u.layer(), null));
                    continue;
                }
                Path dir = work.resolve("layer-" + (i + 1));
                Files.createDirectory(dir);
                Image.Layer unpacked;
                // instanceof, not a pattern switch: that bootstraps a class at run time, which
                // the AOT cache does not keep
                if (layer instanceof SourcePlan.TarLayer t) {
                    progress.layer(i + 1, count, t.what(), t.size());
                    unpacked = unpackTar(t, dir);
                } else {
                    SourcePlan.TreeLayer t = (SourcePlan.TreeLayer) layer;
                    progress.layer(i + 1, count, t.what(), -1);
                    unpacked = copyTree(t, dir);
                }
                Files.writeString(dir.resolve("size"), Long.toString(unpacked.size()));
                Unpacked u = new Unpacked(unpacked, byDigest.containsKey(unpacked.digest()) ? null : dir);
                byDigest.putIfAbsent(unpacked.digest(), u);
                layers.add(u);
            }
            String id = plan.id() != null ? plan.id() : layers.getFirst().layer().digest();
            Image image = new Image(name, id, Instant.now().toString(), source.toString(), plan.platform(),
                    layers.stream().map(Unpacked::layer).toList(), plan.settings());
            commit(layers, image);
            return image;
        } catch (IOException e) {
            throw new JrunException("import " + source + ": " + e.getMessage(), e);
        } finally {
            progress.end();
            deleteQuietly(work);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** The new layers into layers/ (a layer another import put there meanwhile is kept), then the image. */
    private void commit(List<Unpacked> layers, Image image) throws IOException {
        for (Unpacked u : layers) {
            if (u.dir() == null) {
                continue;
            }
            Path target = storage.layer(u.layer().digest());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.move(u.dir(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another import committed the same layer first: theirs is the same
            }
        }
        storage.updateImages(images -> {
            images.removeIf(i -> i.name().equals(image.name()));
            images.add(image);
            return images;
        });
    }

    private long storedSize(String digest) {
        try {
            return Long.parseLong(Files.readString(storage.layer(digest).resolve("size")).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Unpacks a layer tar into {@code dir}/diff, hashing the blob as read and the tar as
     * decompressed. When the layer cannot be read, a digest that does not match is the better
     * explanation, so the rest of the blob is hashed before the failure is reported.
     */
    private Image.Layer unpackTar(SourcePlan.TarLayer t, Path dir) throws IOException {
        Path tree = Files.createDirectory(dir.resolve("diff"));
        try (InputStream raw = t.opener().open()) {
            Digests.Hashing blob = new Digests.Hashing(new Counting(raw, progress));
            Digests.Hashing tar;
            try {
                tar = new Digests.Hashing(ImageSources.maybeGunzip(blob));
                TarReader reader = new TarReader(tar, t.what());
                LayerWriter writer = new LayerWriter(tree, fs, t.what());
                for (TarEntry e; (e = reader.next()) != null; ) {
                    writer.apply(e, reader.content());
                }
                writer.finish();
                tar.finish(); // the zero blocks after the end are part of the diff id
            } catch (JrunException | IOException e) {
                RuntimeException better = corrupt(t, blob);
                if (better != null) {
                    better.addSuppressed(e);
                    throw better;
                }
                if (e instanceof ZipException) {
                    throw new JrunException(t.what() + ": broken gzip data: " + e.getMessage(), e);
                }
                throw e;
            }
            String blobDigest = blob.finish();
            progress.read(blob.count());
            if (t.digest() != null) {
                Digests.verify(t.digest(), blobDigest, t.size(), blob.count(), t.what());
            }
            String diffId = tar.finish();
            if (t.diffId() != null && !t.diffId().equals(diffId)) {
                throw new JrunException(t.what() + " is corrupt: its uncompressed content hashes to " + diffId
                        + ", the image config says " + t.diffId());
            }
            return new Image.Layer(diffId, tar.count());
        }
    }

    /** The digest error of a blob whose reading failed half-way, if its digest is known and wrong. */
    private static RuntimeException corrupt(SourcePlan.TarLayer t, Digests.Hashing blob) {
        if (t.digest() == null) {
            return null;
        }
        try {
            Digests.verify(t.digest(), blob.finish(), t.size(), blob.count(), t.what());
            return null;
        } catch (JrunException e) {
            return e;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Copies a root filesystem directory into {@code dir}/diff through the same writer as a tar
     * (so the same rules hold), member by member in name order; the layer's digest is a sha256
     * of the members' metadata and contents. Stays on the directory's filesystem (what is
     * mounted below it, /proc of a live root say, is not copied); sockets are skipped.
     */
    private Image.Layer copyTree(SourcePlan.TreeLayer t, Path dir) throws IOException {
        Path tree = Files.createDirectory(dir.resolve("diff"));
        LayerWriter writer = new LayerWriter(tree, fs, t.what());
        MessageDigest md = Digests.sha256();
        long[] size = {0};
        Object device = Files.getAttribute(t.dir(), "unix:dev", LinkOption.NOFOLLOW_LINKS);
        copy(t, t.dir(), "", device, writer, md, new HashMap<>(), size);
        writer.finish();
        return new Image.Layer(Digests.hexDigest(md.digest()), size[0]);
    }

    private void copy(SourcePlan.TreeLayer t, Path path, String name, Object device, LayerWriter writer, MessageDigest md,
                      Map<Object, String> inodes, long[] size) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,ino,dev,nlink,size,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (int) a.get("mode");
        long rdev = (long) a.get("rdev");
        TarEntry.Type type;
        String link = "";
        switch (mode & FileFlags.S_IFMT) {
            case FileFlags.S_IFDIR -> type = TarEntry.Type.DIRECTORY;
            case FileFlags.S_IFLNK -> {
                type = TarEntry.Type.SYMLINK;
                link = Files.readSymbolicLink(path).toString();
            }
            case FileFlags.S_IFCHR -> type = TarEntry.Type.CHAR_DEVICE;
            case FileFlags.S_IFBLK -> type = TarEntry.Type.BLOCK_DEVICE;
            case FileFlags.S_IFIFO -> type = TarEntry.Type.FIFO;
            case FileFlags.S_IFREG -> {
                type = TarEntry.Type.FILE;
                List<Object> inode = List.of(a.get("dev"), a.get("ino"));
                if ((int) a.get("nlink") > 1) {
                    String first = inodes.putIfAbsent(inode, name);
                    if (first != null) {
                        type = TarEntry.Type.HARDLINK;
                        link = first;
                    }
                }
            }
            default -> {
                log.warn("{}: skipping {}: a socket", t.what(), path);
                return;
            }
        }
        long fileSize = type == TarEntry.Type.FILE ? (long) a.get("size") : 0;
        TarEntry e = new TarEntry(name.isEmpty() ? "." : name, type, mode & 07777, (int) a.get("uid"), (int) a.get("gid"),
                fileSize, ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000, link,
                (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)), (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)),
                Map.of());
        md.update((e.type() + " " + e.name() + " " + e.mode() + " " + e.uid() + " " + e.gid() + " " + e.mtimeSeconds() + " "
                + e.linkName() + " " + e.devMajor() + " " + e.devMinor() + " " + e.size() + "\n").getBytes(StandardCharsets.UTF_8));
        if (type == TarEntry.Type.FILE) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS), md)) {
                writer.apply(e, in);
            }
            size[0] += fileSize;
        } else {
            writer.apply(e, InputStream.nullInputStream());
        }
        if (type != TarEntry.Type.DIRECTORY) {
            return;
        }
        if (!device.equals(a.get("dev"))) {
            log.warn("{}: not copying {}: another filesystem is mounted there", t.what(), path);
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            ds.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String childName = child.getFileName().toString();
            copy(t, child, name.isEmpty() ? childName : name + "/" + childName, device, writer, md, inodes, size);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.debug("remove {}: {}", dir, e.getMessage());
        }
    }

    /** Counts what is read through it for the progress display, telling it every 256 KiB. */
    private static final class Counting extends FilterInputStream {
        private final ImportProgress progress;
        private long count;
        private long told;

        Counting(InputStream in, ImportProgress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count - told >= 256 * 1024) {
                told = count;
                progress.read(count);
            }
        }
    }
}
