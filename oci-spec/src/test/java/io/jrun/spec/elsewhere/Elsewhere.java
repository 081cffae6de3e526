package io.jrun.spec.elsewhere;

import java.util.List;

/** A package-private record of another package, as other modules keep their documents (runtime-core's image documents). */
public final class Elsewhere {
    private Elsewhere() {}

    record Hidden(String name, int count, List<String> tags) {}

    public static Class<?> type() {
        return Hidden.class;
    }

    public static Object sample() {
        return new Hidden("n", 3, List.of("a"));
    }
}
