package io.jrun.spec;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that errors name, such as {@code process.rlimits[2].type} or
 * {@code linux.sysctl["kernel.msgmax"]}. Parse errors and validation errors use the same form so a
 * user sees one notation: object members as {@code .name}, array elements as {@code [i]}, and
 * names that are not plain identifiers (map keys with dots, slashes...) as {@code ["name"]}.
 * The root is the empty string.
 */
public final class JsonPath {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPath() {}

    /** The path of member {@code name} of the object at {@code parent}. */
    public static String member(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[" + quote(name) + "]";
    }

    /** The path of element {@code index} of the array at {@code parent}. */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** {@code text} as a JSON string literal, the way values are shown in messages. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
