package io.jrun.core.child;

/**
 * Checks that this JVM runs the child's code the way the child needs it: interpreted only, with
 * no compiler requests. bin/jrun passes the flags and says so with {@code -Djrun.launcher=1};
 * any other JVM (a test suite using jrun as a library) must pass them itself.
 */
final class ChildJvm {
    private ChildJvm() {}

    static final String FLAGS = "-XX:CompileCommandFile=<jrun>/bin/jrun.compilecommands "
            + "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";

    static void check() {
        if ("1".equals(System.getProperty("jrun.launcher"))) {
            return;
        }
        boolean ok = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:CompileCommandFile=") && a.endsWith("jrun.compilecommands"));
        if (!ok) {
            throw new IllegalStateException("jrun cannot clone container processes from this JVM: it was started "
                    + "without jrun's compiler commands, so a child could hang or crash. Start the JVM with " + FLAGS);
        }
    }
}
