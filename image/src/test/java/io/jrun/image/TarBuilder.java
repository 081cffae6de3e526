package io.jrun.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes tar archives for tests: ustar members, GNU long names, PAX headers, as tools write them. */
final class TarBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long mtime = 1_700_000_000L;

    TarBuilder dir(String name) {
        return add(name, '5', 0755, 0, 0, new byte[0], "", 0, 0);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644, 0, 0);
    }

    TarBuilder file(String name, String content, int mode, int uid, int gid) {
        return add(name, '0', mode, uid, gid, content.getBytes(StandardCharsets.UTF_8), "", 0, 0);
    }

    TarBuilder symlink(String name, String target) {
        return add(name, '2', 0777, 0, 0, new byte[0], target, 0, 0);
    }

    TarBuilder hardlink(String name, String target) {
        return add(name, '1', 0644, 0, 0, new byte[0], target, 0, 0);
    }

    TarBuilder charDevice(String name, int major, int minor) {
        return add(name, '3', 0666, 0, 0, new byte[0], "", major, minor);
    }

    TarBuilder fifo(String name) {
        return add(name, '6', 0644, 0, 0, new byte[0], "", 0, 0);
    }

    /** A member of any type flag, for what the other methods do not write. */
    TarBuilder raw(String name, char type, String content) {
        return add(name, type, 0644, 0, 0, content.getBytes(StandardCharsets.UTF_8), "", 0, 0);
    }

    /** A file whose name comes in a GNU 'L' member first (the header keeps a truncated one). */
    TarBuilder gnuLongName(String name, String content) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        add("././@LongLink", 'L', 0644, 0, 0, n, "", 0, 0);
        return add(name.substring(0, Math.min(99, name.length())), '0', 0644, 0, 0,
                content.getBytes(StandardCharsets.UTF_8), "", 0, 0);
    }

    /** A symlink whose target comes in a GNU 'K' member first. */
    TarBuilder gnuLongLink(String name, String target) {
        byte[] t = (target + "\0").getBytes(StandardCharsets.UTF_8);
        add("././@LongLink", 'K', 0644, 0, 0, t, "", 0, 0);
        return add(name, '2', 0777, 0, 0, new byte[0], target.substring(0, Math.min(99, target.length())), 0, 0);
    }

    /** A file preceded by a PAX 'x' header with {@code records} (values as UTF-8, or raw bytes). */
    TarBuilder pax(String headerName, String content, Map<String, ?> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, ?> r : records.entrySet()) {
            byte[] value = r.getValue() instanceof byte[] b ? b : r.getValue().toString().getBytes(StandardCharsets.UTF_8);
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            int body = 1 + key.length + 1 + value.length + 1; // " key=value\n"
            int length = body + Integer.toString(body).length();
            if (Integer.toString(length).length() != Integer.toString(body).length()) {
                length++;
            }
            data.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            data.writeBytes(key);
            data.write('=');
            data.writeBytes(value);
            data.write('\n');
        }
        add("PaxHeaders/" + headerName, 'x', 0644, 0, 0, data.toByteArray(), "", 0, 0);
        return add(headerName, '0', 0644, 0, 0, content.getBytes(StandardCharsets.UTF_8), "", 0, 0);
    }

    /** A file whose uid is written in GNU's base-256 (too large for 7 octal digits). */
    TarBuilder bigUid(String name, long uid) {
        add(name, '0', 0644, 0, 0, new byte[0], "", 0, 0);
        byte[] all = out.toByteArray();
        int header = all.length - 512;
        all[header + 108] = (byte) 0x80;
        for (int i = 0; i < 7; i++) {
            all[header + 108 + 7 - i] = (byte) (uid >>> (8 * i));
        }
        checksum(all, header);
        out.reset();
        out.writeBytes(all);
        return this;
    }

    TarBuilder add(String name, char type, int mode, int uid, int gid, byte[] content, String link, int major, int minor) {
        byte[] h = new byte[512];
        String prefix = "";
        String n = name;
        if (n.getBytes(StandardCharsets.UTF_8).length > 100) {
            int slash = n.lastIndexOf('/', n.length() - 2);
            prefix = n.substring(0, slash);
            n = n.substring(slash + 1);
        }
        put(h, 0, 100, n);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, content.length);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        octal(h, 329, 8, major);
        octal(h, 337, 8, minor);
        put(h, 345, 155, prefix);
        checksum(h, 0);
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    private static void checksum(byte[] buf, int header) {
        for (int i = 148; i < 156; i++) {
            buf[header + i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += buf[header + i] & 0xff;
        }
        byte[] c = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(c, 0, buf, header + 148, 6);
        buf[header + 154] = 0;
        buf[header + 155] = ' ';
    }

    private static void put(byte[] h, int offset, int length, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = String.format("%0" + (length - 1) + "o", value);
        put(h, offset, length - 1, s);
    }

    /** The archive with its end (two zero blocks). */
    byte[] bytes() {
        ByteArrayOutputStream done = new ByteArrayOutputStream();
        done.writeBytes(out.toByteArray());
        done.writeBytes(new byte[1024]);
        return done.toByteArray();
    }

    /** The archive without its end, as some writers leave it. */
    byte[] bytesWithoutEnd() {
        return out.toByteArray();
    }

    byte[] gzip() {
        return gzip(bytes());
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
