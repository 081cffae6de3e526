package io.jrun.image;

import java.util.Map;

/**
 * One member of a tar archive, as {@link TarReader} reads it: the long-name and PAX extensions
 * already applied.
 *
 * @param name     the member's path as written in the archive (not cleaned)
 * @param type     what it is
 * @param mode     permission bits with setuid, setgid and sticky (the low 12 bits)
 * @param size     the length of its content (regular files only; 0 for the others)
 * @param linkName the target of a symlink, or the archive path of a hard link's target
 * @param xattrs   extended attributes from PAX {@code SCHILY.xattr.*} records
 */
public record TarEntry(String name, Type type, int mode, long uid, long gid, long size, long mtimeSeconds,
                       String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {

    public enum Type { FILE, HARDLINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO }

    public TarEntry {
        xattrs = Map.copyOf(xattrs);
    }
}
