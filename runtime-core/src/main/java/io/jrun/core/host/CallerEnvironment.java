package io.jrun.core.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment jrun's caller gave it, for what jrun passes on (a {@code -e KEY} of the image
 * form, the environment of {@code ps}). The launcher (bin/jrun) changes a few variables for the
 * JVM: it clears the JVM option variables, which are not jrun's to obey, sets LD_LIBRARY_PATH
 * to the JDK's libraries and may set LC_CTYPE; it keeps the caller's value of each as
 * {@code JRUN_CALLER_<name>}, absent when the caller had none. In a JVM the launcher started
 * ({@code -Djrun.launcher=1}) this undoes that; in any other JVM it is {@link System#getenv()}.
 */
public final class CallerEnvironment {
    private CallerEnvironment() {}

    /** The variables the launcher changes: the same list as runtime-cli/src/main/c/jrun.c's. */
    static final List<String> SAVED = List.of("LD_LIBRARY_PATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS", "JDK_AOT_VM_OPTIONS", "CLASSPATH", "_JAVA_LAUNCHER_DEBUG", "LC_CTYPE");

    static final String PREFIX = "JRUN_CALLER_";

    /** The caller's environment, unmodifiable. */
    public static Map<String, String> get() {
        return of(System.getenv(), "1".equals(System.getProperty("jrun.launcher")));
    }

    /** {@code env} as the caller had it, where {@code launched} says that the launcher changed it. */
    static Map<String, String> of(Map<String, String> env, boolean launched) {
        if (!launched) {
            return env;
        }
        Map<String, String> caller = new HashMap<>(env);
        for (String name : SAVED) {
            caller.remove(name);
            String value = caller.remove(PREFIX + name);
            if (value != null) {
                caller.put(name, value);
            }
        }
        return Map.copyOf(caller);
    }
}
