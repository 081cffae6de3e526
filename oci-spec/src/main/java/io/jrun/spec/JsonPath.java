package io.jrun.spec;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that errors name, such as {@code process.rlimits[2].type} or
 * {@code linux.sysctl["kernel.msgmax"]}. Parse errors and validation errors use the same form so a
 * user sees one notation: object members as {@code .name}, array elements as {@code [i]}, and
 * names that are not plain identifiers (map keys with dots, slashes...) as {@code ["name"]}.
 * The root is the empty string. A name is shown as {@link Quote#value} shows values: bounded.
 */
public final class JsonPath {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPath() {}

    /** The path of member {@code name} of the object at {@code parent}. */
    public static String member(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[" + Quote.value(name) + "]";
    }

    /** The path of element {@code index} of the array at {@code parent}. */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
