package io.jrun.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Sysctl names, in the two spellings sysctl.d(5) allows: {@code net.ipv4.conf.eth0/100.rp_filter}
 * (dots separate, a slash stands for a dot inside a name) and {@code net/ipv4/conf/eth0.100/rp_filter}
 * (the first separator is a slash: slashes separate, dots belong to names).
 */
public final class Sysctls {
    private Sysctls() {}

    /**
     * The names along the /proc/sys path of {@code key}, e.g. {@code [net, ipv4, conf, eth0.100,
     * rp_filter]}; null if the key is empty or has an empty, "." or ".." part, or a NUL byte, any
     * of which could escape /proc/sys or name nothing.
     */
    public static List<String> names(String key) {
        if (key == null || key.isEmpty() || key.indexOf('\0') >= 0) {
            return null;
        }
        int firstSeparator = indexOfAny(key);
        char separator = firstSeparator >= 0 && key.charAt(firstSeparator) == '/' ? '/' : '.';
        char inName = separator == '/' ? '.' : '/';
        List<String> names = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = key.indexOf(separator, start);
            String part = key.substring(start, end < 0 ? key.length() : end);
            String name = part.replace(inName, '.');
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return null;
            }
            names.add(name);
            if (end < 0) {
                return names;
            }
            start = end + 1;
        }
    }

    /** The path of {@code key} relative to /proc/sys, e.g. {@code net/ipv4/ip_forward}; null if invalid. */
    public static String procPath(String key) {
        List<String> names = names(key);
        return names == null ? null : String.join("/", names);
    }

    /**
     * {@code key} in the dotted spelling (the one runc compares with), e.g.
     * {@code net.ipv4.conf.eth0/100.rp_filter}; null if invalid.
     */
    public static String dotted(String key) {
        List<String> names = names(key);
        if (names == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(names.size());
        for (String name : names) {
            parts.add(name.replace('.', '/'));
        }
        return String.join(".", parts);
    }

    private static int indexOfAny(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '/') {
                return i;
            }
        }
        return -1;
    }
}
