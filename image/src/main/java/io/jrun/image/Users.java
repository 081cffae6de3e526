package io.jrun.image;

import io.jrun.api.JrunException;
import io.jrun.spec.Quote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * "user[:group]" (names or numbers, as docker takes them) to ids, with the image's own
 * /etc/passwd and /etc/group: the primary group and home from passwd, the supplementary groups
 * that list the user in group. The files are read only where they are plain files inside the
 * root filesystem, never through a symlink.
 */
final class Users {
    private Users() {}

    /** @param home the user's home from passwd, or "/" */
    record User(long uid, long gid, List<Long> additionalGids, String home) {}

    private record Passwd(String name, long uid, long gid, String home) {}

    private record Group(String name, long gid, List<String> members) {}

    /** {@code spec} (null or empty: root) resolved in the root filesystem {@code rootfs}. */
    static User resolve(String spec, Path rootfs) {
        String user = spec == null || spec.isEmpty() ? "0" : spec;
        String userPart = user;
        String groupPart = null;
        int colon = user.indexOf(':');
        if (colon >= 0) {
            userPart = user.substring(0, colon);
            groupPart = user.substring(colon + 1);
        }
        if (userPart.isEmpty() || (groupPart != null && groupPart.isEmpty())) {
            throw new JrunException("user " + Quote.value(spec) + ": expected user[:group], by name or number");
        }
        List<Passwd> passwd = passwd(rootfs);
        Passwd entry = null;
        long uid;
        if (isNumber(userPart)) {
            uid = id(userPart, spec);
            for (Passwd p : passwd) {
                if (p.uid() == uid) {
                    entry = p;
                    break;
                }
            }
        } else {
            for (Passwd p : passwd) {
                if (p.name().equals(userPart)) {
                    entry = p;
                    break;
                }
            }
            if (entry == null) {
                throw new JrunException("user " + Quote.value(userPart) + ": no such user in the image's /etc/passwd");
            }
            uid = entry.uid();
        }
        List<Group> groups = groups(rootfs);
        long gid;
        if (groupPart == null) {
            gid = entry != null ? entry.gid() : 0;
        } else if (isNumber(groupPart)) {
            gid = id(groupPart, spec);
        } else {
            gid = groupId(groups, groupPart);
        }
        TreeSet<Long> additional = new TreeSet<>();
        if (entry != null) {
            for (Group g : groups) {
                if (g.members().contains(entry.name()) && g.gid() != gid) {
                    additional.add(g.gid());
                }
            }
        }
        return new User(uid, gid, List.copyOf(additional), entry != null && !entry.home().isEmpty() ? entry.home() : "/");
    }

    private static long groupId(List<Group> groups, String name) {
        for (Group g : groups) {
            if (g.name().equals(name)) {
                return g.gid();
            }
        }
        throw new JrunException("group " + Quote.value(name) + ": no such group in the image's /etc/group");
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static long id(String s, String spec) {
        try {
            long v = Long.parseLong(s);
            if (v <= 0xffffffffL) {
                return v;
            }
        } catch (NumberFormatException e) {
            // too long: said below
        }
        throw new JrunException("user \"" + spec + "\": " + s + " is not an id (0 to 4294967295)");
    }

    private static List<Passwd> passwd(Path rootfs) {
        List<Passwd> out = new ArrayList<>();
        for (String[] f : lines(rootfs, "passwd")) {
            if (f.length >= 4 && isNumber(f[2]) && isNumber(f[3])) {
                out.add(new Passwd(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f.length >= 6 ? f[5] : ""));
            }
        }
        return out;
    }

    private static List<Group> groups(Path rootfs) {
        List<Group> out = new ArrayList<>();
        for (String[] f : lines(rootfs, "group")) {
            if (f.length >= 3 && isNumber(f[2])) {
                List<String> members = f.length >= 4 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
                out.add(new Group(f[0], Long.parseLong(f[2]), members));
            }
        }
        return out;
    }

    /** The colon-separated fields of each line of /etc/{@code file}; none if it is missing or not a plain file. */
    private static List<String[]> lines(Path rootfs, String file) {
        Path etc = rootfs.resolve("etc");
        Path path = etc.resolve(file);
        List<String[]> out = new ArrayList<>();
        if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try {
            for (String line : new String(Files.readAllBytes(path), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(":", -1));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new JrunException("read the image's /etc/" + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
