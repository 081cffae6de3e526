package io.jrun.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about processes and the host read from /proc. */
public final class Procfs {
    private Procfs() {}

    /**
     * {@code pid} as its innermost pid namespace sees it: the last NSpid of /proc/PID/status
     * (1 for a container's init in its own pid namespace).
     */
    public static int innermostPid(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Integer.parseInt(f[f.length - 1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: the host's view is all there is
        }
        return pid;
    }

    /** A process's state letter and start time (fields 3 and 22 of /proc/PID/stat), or null if it is gone. */
    public record Stat(char state, long startTime) {
        public boolean zombie() {
            return state == 'Z' || state == 'X';
        }
    }

    public static Stat stat(int pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count from its end
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            return new Stat(f[0].charAt(0), Long.parseLong(f[19]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads a /proc/sys file in one read(2). Files.readString does not do for these: seeing a
     * size of 0 it reads one byte, and a sysctl handler answers a read at offset 1 with nothing
     * (so "40" came back as "4").
     */
    public static String readSysctl(Path file) throws IOException {
        try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
            byte[] buf = new byte[8192];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The highest capability number the kernel knows. */
    public static int capLastCap() {
        try {
            return Integer.parseInt(readSysctl(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
        } catch (IOException | NumberFormatException e) {
            return 40;
        }
    }

    /** One line of /proc/self/mountinfo: the fields jrun uses. */
    public record MountInfo(int id, int parent, String root, Path mountPoint, String options, String optional,
                            String fstype, String source, String superOptions) {}

    public static List<MountInfo> mountinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(Procfs::parseMountInfo).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static MountInfo parseMountInfo(String line) {
        String[] f = line.split(" ");
        int dash = 6;
        while (!f[dash].equals("-")) {
            dash++;
        }
        StringBuilder optional = new StringBuilder();
        for (int i = 6; i < dash; i++) {
            optional.append(i > 6 ? " " : "").append(f[i]);
        }
        return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]), unescape(f[3]), Path.of(unescape(f[4])), f[5],
                optional.toString(), f[dash + 1], unescape(f[dash + 2]), f.length > dash + 3 ? f[dash + 3] : "");
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
