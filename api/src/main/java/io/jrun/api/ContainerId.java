package io.jrun.api;

import io.jrun.spec.Quote;

import java.util.regex.Pattern;

/** Container IDs as runc accepts them: letters, digits, "_", "+", "-", "."; not "." or "..". */
public final class ContainerId {
    private ContainerId() {}

    /** One path component: the ID names the state directory and, by default, the cgroup. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern VALID = Pattern.compile("[\\w+.-]+");

    public static String check(String id) {
        if (id == null || id.isEmpty()) {
            throw new JrunException("container id cannot be empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new JrunException("invalid container id: it is " + id.length() + " characters long, at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (id.equals(".") || id.equals("..") || !VALID.matcher(id).matches()) {
            throw new JrunException("invalid container id " + Quote.value(id) + ": use only letters, digits, '_', '+', '-' "
                    + "and '.', and not \".\" or \"..\"");
        }
        return id;
    }
}
