package io.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link FsOps} without root: a device node or whiteout is an empty file standing in for it,
 * recorded with its type and numbers; extended attributes and owners are only recorded.
 */
final class FakeFs implements FsOps {
    /** path → "c 0 0", "b 8 0", "p" */
    final Map<Path, String> nodes = new LinkedHashMap<>();
    /** path → attribute name → value */
    final Map<Path, Map<String, String>> xattrs = new LinkedHashMap<>();
    /** path → "uid:gid" */
    final Map<Path, String> owners = new LinkedHashMap<>();

    @Override
    public void mknod(Path path, int type, int permissions, int major, int minor) throws IOException {
        Files.createFile(path);
        String kind = switch (type) {
            case io.jrun.sys.FileFlags.S_IFCHR -> "c " + major + " " + minor;
            case io.jrun.sys.FileFlags.S_IFBLK -> "b " + major + " " + minor;
            default -> "p";
        };
        nodes.put(path, kind);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) {
        xattrs.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(name, new String(value, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Override
    public void chown(Path path, long uid, long gid) {
        owners.put(path, uid + ":" + gid);
    }
}
