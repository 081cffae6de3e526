package io.jrun.image;

import io.jrun.api.JrunException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a tar archive member by member from a stream: POSIX ustar headers (with the prefix
 * field), GNU long names and link names ('L', 'K'), base-256 numbers, and PAX extended headers
 * ('x': path, linkpath, size, uid, gid, mtime and {@code SCHILY.xattr.*}; global 'g' headers are
 * skipped). Sparse files and other exotic member types are refused with the member's name.
 * The stream is read strictly forward, so the archive can come straight out of a decompressor.
 *
 * <p>The archive ends at a zero block or at the end of the stream on a block boundary; what
 * follows the end (more zero blocks, padding) is left unread for the caller, who may need it
 * hashed.
 */
public final class TarReader {
    static final int BLOCK = 512;
    /** Bound for a long name or a PAX header: they are read into memory. */
    private static final int MAX_METADATA = 1 << 20;

    private final InputStream in;
    private final String archive;
    private final byte[] header = new byte[BLOCK];
    private long position;
    private long remaining;
    private long padding;
    private boolean ended;

    /**
     * @param in      the archive, uncompressed
     * @param archive what it is, for messages ("layer sha256:ab12...")
     */
    public TarReader(InputStream in, String archive) {
        this.in = in;
        this.archive = archive;
    }

    /** The next member, or null at the end of the archive. Skips what is left of the previous one's content. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        Map<String, String> pax = Map.of();
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        while (true) {
            long at = position;
            if (!readHeader()) {
                ended = true;
                return null;
            }
            if (isZero(header)) {
                ended = true;
                return null;
            }
            checkChecksum(at);
            char flag = (char) (header[156] & 0xff);
            long size = number(124, 12, "size", at);
            switch (flag) {
                case 'L' -> longName = cString(metadata(size, "GNU long name", at));
                case 'K' -> longLink = cString(metadata(size, "GNU long link name", at));
                case 'x' -> pax = pax(metadata(size, "PAX header", at), xattrs, at);
                case 'g' -> skip(size + pad(size)); // global PAX defaults: nothing jrun uses
                default -> {
                    return entry(flag, size, longName, longLink, pax, xattrs, at);
                }
            }
        }
    }

    /** The content of the member {@link #next} returned last (empty for all but regular files). */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated();
                }
                remaining -= n;
                position += n;
                return n;
            }
        };
    }

    private TarEntry entry(char flag, long headerSize, String longName, String longLink, Map<String, String> pax,
                           Map<String, byte[]> xattrs, long at) throws IOException {
        String name = pax.containsKey("path") ? pax.get("path") : longName != null ? longName : headerName();
        String link = pax.containsKey("linkpath") ? pax.get("linkpath") : longLink != null ? longLink : field(157, 100);
        long size = pax.containsKey("size") ? paxNumber(pax, "size", at) : headerSize;
        TarEntry.Type type = switch (flag) {
            case '0', '7' -> TarEntry.Type.FILE;
            case '\0' -> name.endsWith("/") ? TarEntry.Type.DIRECTORY : TarEntry.Type.FILE; // pre-POSIX tar
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            case 'S' -> throw new JrunException(archive + ": " + name + " is a sparse file, which jrun does not read");
            default -> throw new JrunException(archive + ": " + name + " has the unsupported tar member type '"
                    + printable(flag) + "' (at offset " + at + ")");
        };
        if (pax.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."))) {
            throw new JrunException(archive + ": " + name + " is a sparse file, which jrun does not read");
        }
        int mode = (int) (number(100, 8, "mode", at) & 07777);
        long uid = pax.containsKey("uid") ? paxNumber(pax, "uid", at) : number(108, 8, "uid", at);
        long gid = pax.containsKey("gid") ? paxNumber(pax, "gid", at) : number(116, 8, "gid", at);
        long mtime = pax.containsKey("mtime") ? paxSeconds(pax.get("mtime"), at) : number(136, 12, "mtime", at);
        boolean device = type == TarEntry.Type.CHAR_DEVICE || type == TarEntry.Type.BLOCK_DEVICE;
        int major = device ? (int) number(329, 8, "devmajor", at) : 0;
        int minor = device ? (int) number(337, 8, "devminor", at) : 0;
        remaining = size;
        padding = pad(size);
        return new TarEntry(name, type, mode, uid, gid, type == TarEntry.Type.FILE ? size : 0, mtime, link, major, minor,
                xattrs);
    }

    /** ustar's prefix/name; the prefix only where the magic says POSIX ustar (GNU puts other things there). */
    private String headerName() {
        String name = field(0, 100);
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (posix) {
            String prefix = field(345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private String field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal number (space or NUL terminated), or base-256 when the first byte's top bit is set (GNU). */
    private long number(int offset, int length, String what, long at) {
        if ((header[offset] & 0x80) != 0) {
            long v = header[offset] & 0x7f;
            if ((header[offset] & 0x40) != 0) {
                throw new JrunException(archive + ": negative " + what + " in the tar header at offset " + at);
            }
            for (int i = offset + 1; i < offset + length; i++) {
                if ((v >>> 55) != 0) {
                    throw new JrunException(archive + ": " + what + " too large in the tar header at offset " + at);
                }
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        int i = offset;
        int end = offset + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        long v = 0;
        for (; i < end && header[i] != ' ' && header[i] != 0; i++) {
            int d = header[i] - '0';
            if (d < 0 || d > 7 || (v >>> 60) != 0) {
                throw new JrunException(archive + ": bad " + what + " field in the tar header at offset " + at
                        + " (not a tar archive, or a damaged one)");
            }
            v = v * 8 + d;
        }
        return v;
    }

    private void checkChecksum(long at) {
        long stored = number(148, 8, "checksum", at);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        if (stored != unsigned && stored != signed) {
            throw new JrunException(archive + ": bad tar header checksum at offset " + at
                    + " (not a tar archive, or a damaged one)");
        }
    }

    /** PAX records "LEN KEY=VALUE\n"; xattrs go to {@code xattrs} as bytes, the rest are returned as text. */
    private Map<String, String> pax(byte[] data, Map<String, byte[]> xattrs, long at) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            if (data[i] == 0) {
                break; // padding some writers leave
            }
            int space = i;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new JrunException(archive + ": bad PAX record length in the tar header at offset " + at);
            }
            int end = i + length;
            if (length <= 0 || end > data.length || data[end - 1] != '\n') {
                throw new JrunException(archive + ": bad PAX record in the tar header at offset " + at);
            }
            int eq = space + 1;
            while (eq < end && data[eq] != '=') {
                eq++;
            }
            if (eq >= end) {
                throw new JrunException(archive + ": bad PAX record (no '=') in the tar header at offset " + at);
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            byte[] value = java.util.Arrays.copyOfRange(data, eq + 1, end - 1);
            if (key.startsWith("SCHILY.xattr.")) {
                xattrs.put(key.substring("SCHILY.xattr.".length()), value);
            } else {
                out.put(key, new String(value, StandardCharsets.UTF_8));
            }
            i = end;
        }
        return out;
    }

    private long paxNumber(Map<String, String> pax, String key, long at) {
        try {
            long v = Long.parseLong(pax.get(key));
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new JrunException(archive + ": bad PAX " + key + " \"" + pax.get(key) + "\" at offset " + at);
        }
    }

    private long paxSeconds(String value, long at) {
        try {
            return new java.math.BigDecimal(value).longValue();
        } catch (NumberFormatException e) {
            throw new JrunException(archive + ": bad PAX mtime \"" + value + "\" at offset " + at);
        }
    }

    private byte[] metadata(long size, String what, long at) throws IOException {
        if (size > MAX_METADATA) {
            throw new JrunException(archive + ": " + what + " of " + size + " bytes at offset " + at + " is too large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw truncated();
        }
        position += size;
        skip(pad(size));
        return data;
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** Reads a header block; false at the end of the stream right at a block boundary. */
    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw truncated();
        }
        position += BLOCK;
        return true;
    }

    private void skip(long n) throws IOException {
        long left = n;
        byte[] buf = null;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                // skip() may stop early without meaning the end: read to find out
                if (buf == null) {
                    buf = new byte[8192];
                }
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw truncated();
                }
                skipped = r;
            }
            left -= skipped;
            position += skipped;
        }
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private JrunException truncated() {
        return new JrunException(archive + ": the tar archive ends in the middle of a member (truncated?)");
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
