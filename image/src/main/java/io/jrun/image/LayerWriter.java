package io.jrun.image;

import io.jrun.api.FileTrees;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.sys.FileFlags;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the members of one layer into the layer's own directory, which becomes one lower
 * directory of the containers' overlay mounts:
 * <ul>
 *   <li>a whiteout {@code .wh.NAME} becomes what overlayfs reads as one, a character device 0/0
 *       named NAME (unless NAME is also in this layer: a whiteout applies to lower layers only);</li>
 *   <li>an opaque marker {@code .wh..wh..opq} sets {@code trusted.overlay.opaque=y} on its
 *       directory, hiding what lower layers have in it; other {@code .wh..wh.} names are AUFS
 *       bookkeeping and are skipped;</li>
 *   <li>a member may not leave the layer: absolute paths, ".." components and hard links to
 *       such paths are refused, and so is any member whose path goes through a symlink (a link
 *       to "/etc" followed by "link/passwd" would write the host's /etc/passwd). Symlinks
 *       themselves may point anywhere: they are resolved inside the container.</li>
 * </ul>
 * Owners, permissions (setuid and sticky bits included), extended attributes (but any
 * {@code trusted.overlay.*} the archive brings, which only jrun may set) and modification times
 * are kept.
 */
final class LayerWriter {
    private static final Log log = Log.of(LayerWriter.class);

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final String OVERLAY_XATTRS = "trusted.overlay.";

    private final Path root;
    private final FsOps fs;
    private final String layer;
    /** Directory times, set at the end: writing into a directory changes its time. */
    private final Map<Path, FileTime> directoryTimes = new LinkedHashMap<>();

    /**
     * @param root  the layer's directory, existing and empty
     * @param layer what the layer is, for messages ("layer 2 of 3 (sha256:ab12...)")
     */
    LayerWriter(Path root, FsOps fs, String layer) {
        this.root = root;
        this.fs = fs;
        this.layer = layer;
    }

    /** Writes one member; {@code content} is its data (regular files). */
    void apply(TarEntry e, InputStream content) throws IOException {
        try {
            write(e, content);
        } catch (InvalidPathException x) {
            throw new JrunException(layer + ": the name \"" + e.name() + "\" cannot be a file name here ("
                    + x.getReason() + "); jrun needs a UTF-8 locale for such names (LANG=C.UTF-8)", x);
        }
    }

    /** Sets the directories' modification times; call after the last member. */
    void finish() throws IOException {
        for (Map.Entry<Path, FileTime> d : directoryTimes.entrySet()) {
            setTime(d.getKey(), d.getValue());
        }
    }

    private void write(TarEntry e, InputStream content) throws IOException {
        List<String> parts = components(e.name(), "member");
        if (parts.isEmpty()) {
            if (e.type() != TarEntry.Type.DIRECTORY) {
                throw new JrunException(layer + ": member \"" + e.name() + "\" names the root directory but is not a directory");
            }
            attributes(root, e);
            return;
        }
        Path parent = parentOf(parts, e.name());
        String base = parts.getLast();
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(parent, base, e);
            return;
        }
        Path target = parent.resolve(base);
        BasicFileAttributes existing = lstat(target);
        if (existing != null && !(existing.isDirectory() && e.type() == TarEntry.Type.DIRECTORY)) {
            FileTrees.delete(target); // a later member replaces an earlier one of the same name
        }
        switch (e.type()) {
            case DIRECTORY -> {
                if (existing == null || !existing.isDirectory()) {
                    Files.createDirectory(target);
                }
            }
            case FILE -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    content.transferTo(out);
                }
            }
            case SYMLINK -> Files.createSymbolicLink(target, target.getFileSystem().getPath(e.linkName()));
            case HARDLINK -> {
                Files.createLink(target, linkTarget(e));
                return; // the same inode: its attributes are the target's
            }
            case CHAR_DEVICE -> fs.mknod(target, FileFlags.S_IFCHR, e.mode() & 0777, e.devMajor(), e.devMinor());
            case BLOCK_DEVICE -> fs.mknod(target, FileFlags.S_IFBLK, e.mode() & 0777, e.devMajor(), e.devMinor());
            case FIFO -> fs.mknod(target, FileFlags.S_IFIFO, e.mode() & 0777, 0, 0);
        }
        attributes(target, e);
    }

    /**
     * The cleaned components of an archive path: "./a//b/" is [a, b]. Absolute paths and ".."
     * are refused: a layer describes the root filesystem from inside.
     */
    List<String> components(String name, String what) {
        if (name.startsWith("/")) {
            throw new JrunException(layer + ": " + what + " \"" + name + "\" is an absolute path, which would escape "
                    + "the root filesystem (layer paths are relative to it); refusing the layer");
        }
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new JrunException(layer + ": " + what + " \"" + name + "\" has a \"..\" component, which would "
                        + "escape the root filesystem; refusing the layer");
            }
            out.add(c);
        }
        return out;
    }

    /**
     * The directory {@code parts} (but the last) name, made if missing (0755, root's, as tar
     * makes them), checked to be real directories all the way: never a symlink.
     */
    private Path parentOf(List<String> parts, String name) throws IOException {
        Path dir = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            Path next = dir.resolve(parts.get(i));
            BasicFileAttributes a = lstat(next);
            if (a == null) {
                Files.createDirectory(next);
                Files.setAttribute(next, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
            } else if (a.isSymbolicLink()) {
                throw new JrunException(layer + ": member \"" + name + "\" goes through the symlink \""
                        + String.join("/", parts.subList(0, i + 1)) + "\" -> \"" + Files.readSymbolicLink(next)
                        + "\": writing through a symlink could escape the root filesystem; refusing the layer");
            } else if (!a.isDirectory()) {
                throw new JrunException(layer + ": member \"" + name + "\": \"" + String.join("/", parts.subList(0, i + 1))
                        + "\" is not a directory");
            }
            dir = next;
        }
        return dir;
    }

    /** A hard link's target: a member written earlier, inside the layer, not a directory. */
    private Path linkTarget(TarEntry e) throws IOException {
        List<String> parts = components(e.linkName(), "hard link target of \"" + e.name() + "\":");
        if (parts.isEmpty()) {
            throw new JrunException(layer + ": member \"" + e.name() + "\" is a hard link to the root directory");
        }
        Path target = parentOf(parts, e.linkName()).resolve(parts.getLast());
        BasicFileAttributes a = lstat(target);
        if (a == null || a.isDirectory()) {
            throw new JrunException(layer + ": member \"" + e.name() + "\" is a hard link to \"" + e.linkName() + "\", "
                    + (a == null ? "which is not in the layer before it" : "a directory"));
        }
        return target;
    }

    private void whiteout(Path parent, String base, TarEntry e) throws IOException {
        if (base.equals(OPAQUE_MARKER)) {
            fs.setXattr(parent, OPAQUE_XATTR, new byte[] {'y'});
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): nothing for overlayfs
        }
        String hidden = base.substring(WHITEOUT_PREFIX.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw new JrunException(layer + ": member \"" + e.name() + "\" is a whiteout of nothing");
        }
        Path target = parent.resolve(hidden);
        if (lstat(target) != null) {
            return; // the layer has the name itself: that hides the lower ones already
        }
        fs.mknod(target, FileFlags.S_IFCHR, 0, 0, 0);
    }

    private void attributes(Path path, TarEntry e) throws IOException {
        fs.chown(path, e.uid(), e.gid());
        boolean symlink = e.type() == TarEntry.Type.SYMLINK;
        if (!symlink) {
            // after chown, which clears setuid and setgid
            Files.setAttribute(path, "unix:mode", e.mode(), LinkOption.NOFOLLOW_LINKS);
        }
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            if (x.getKey().startsWith(OVERLAY_XATTRS)) {
                log.warn("{}: {}: ignoring the extended attribute {} (overlayfs's own)", layer, e.name(), x.getKey());
                continue;
            }
            try {
                fs.setXattr(path, x.getKey(), x.getValue());
            } catch (IOException failed) {
                log.warn("{}: {}: {}", layer, e.name(), failed.getMessage());
            }
        }
        FileTime time = FileTime.fromMillis(e.mtimeSeconds() * 1000);
        if (e.type() == TarEntry.Type.DIRECTORY) {
            directoryTimes.put(path, time);
        } else {
            setTime(path, time);
        }
    }

    private static void setTime(Path path, FileTime time) {
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
        } catch (IOException | UnsupportedOperationException e) {
            // a symlink's time on a filesystem that cannot set it: nothing depends on it
        }
    }

    private static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
