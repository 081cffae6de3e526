package io.jrun.core.cgroups;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading cgroup interface files: whole values, flat-keyed files, "max". */
final class CgroupFiles {
    private CgroupFiles() {}

    /** "max" (no limit) as an unsigned 64-bit value: math.MaxUint64 in runc's stats. */
    static final long MAX = -1L;

    /** The file's text; throws naming the file and what was being done. */
    static String read(Path file, String doing) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CgroupException(doing + ": read " + file + ": " + Messages.of(e), e);
        }
    }

    /** The file's text, or null if it does not exist (a controller not enabled, an old kernel, a cgroup being removed). */
    static String readIfExists(Path file, String doing) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            if (gone(e)) {
                return null;
            }
            throw new CgroupException(doing + ": read " + file + ": " + Messages.of(e), e);
        }
    }

    /**
     * Whether a failed read means the file is gone: it does not exist, or its cgroup is being
     * removed. Once rmdir has begun, kernfs answers ENODEV, before the directory goes, to the open
     * (a FileSystemException) and to a read of a file opened earlier (a plain IOException); that
     * is `events` watching a container that `run` deletes.
     */
    static boolean gone(IOException e) {
        if (e instanceof NoSuchFileException) {
            return true;
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return ENODEV.equals(reason);
    }

    /** strerror(ENODEV), as the JDK reports it. */
    private static final String ENODEV = "No such device";

    /**
     * A flat-keyed file ("populated 1\nfrozen 0\n", memory.events, cpu.stat) as key → value,
     * "max" as {@link #MAX}.
     */
    static Map<String, Long> keyValues(String text, Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            if (sp < 0) {
                throw new CgroupException("parse " + file + ": line \"" + l + "\" is not \"key value\"");
            }
            out.put(l.substring(0, sp), parseUint(l.substring(sp + 1).strip(), file));
        }
        return out;
    }

    /** An unsigned decimal or "max". */
    static long parseUint(String s, Path file) {
        if (s.equals("max")) {
            return MAX;
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new CgroupException("parse " + file + ": \"" + s + "\" is not a number", e);
        }
    }

    /** A single-value file holding a number or "max"; 0 if the file does not exist. */
    static long uintOrZero(Path file, String doing) {
        String s = readIfExists(file, doing);
        return s == null ? 0 : parseUint(s.strip(), file);
    }

    /** One key of a flat-keyed file, or {@code missing} if the file or the key is absent. */
    static long key(Path file, String key, long missing, String doing) {
        String s = readIfExists(file, doing);
        if (s == null) {
            return missing;
        }
        return keyValues(s, file).getOrDefault(key, missing);
    }
}
