package io.jrun.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caller's environment, undoing what the launcher changed for the JVM. */
class CallerEnvironmentTest {
    @Test
    void restoresTheCallersValues() {
        Map<String, String> env = Map.of("PATH", "/bin", "LD_LIBRARY_PATH", "/jdk/lib",
                "JRUN_CALLER_LD_LIBRARY_PATH", "/opt/lib", "JRUN_CALLER_JAVA_TOOL_OPTIONS", "-Xmx1g",
                "LC_CTYPE", "C.UTF-8", "JRUN_CALLER_LC_CTYPE", "de_DE.UTF-8");
        assertEquals(Map.of("PATH", "/bin", "LD_LIBRARY_PATH", "/opt/lib", "JAVA_TOOL_OPTIONS", "-Xmx1g",
                "LC_CTYPE", "de_DE.UTF-8"), CallerEnvironment.of(env, true));
    }

    @Test
    void removesWhatTheCallerDidNotHave() {
        Map<String, String> env = Map.of("PATH", "/bin", "LD_LIBRARY_PATH", "/jdk/lib", "LC_CTYPE", "C.UTF-8");
        assertEquals(Map.of("PATH", "/bin"), CallerEnvironment.of(env, true));
    }

    @Test
    void keepsOtherVariablesOfTheSameForm() {
        Map<String, String> env = Map.of("JRUN_CALLER_OTHER", "x");
        assertEquals(env, CallerEnvironment.of(env, true));
    }

    @Test
    void withoutTheLauncherTheEnvironmentIsAsItIs() {
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", "/jdk/lib", "JRUN_CALLER_LD_LIBRARY_PATH", "/opt/lib");
        assertSame(env, CallerEnvironment.of(env, false));
    }
}
