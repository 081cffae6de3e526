package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging starts with the first record: a command that logs nothing loads neither slf4j nor
 * logback. Each command runs in a JVM of its own (io.jrun.cli.Main, the real runtime), which
 * lists the classes it loads.
 */
class LoggingStartTest {
    @TempDir
    Path dir;

    private record Run(int status, String err, List<String> loggingClasses) {}

    private Run jrun(String... args) throws IOException, InterruptedException {
        Path classes = dir.resolve("classes-" + System.nanoTime() + ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xlog:class+load=info:file=" + classes,
                "-cp", System.getProperty("java.class.path"), "io.jrun.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        for (String v : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH")) {
            pb.environment().remove(v);
        }
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        List<String> logging = Files.readAllLines(classes).stream()
                .filter(line -> line.contains(" org.slf4j.") || line.contains(" ch.qos.logback."))
                .collect(Collectors.toList());
        return new Run(status, err, logging);
    }

    private void assertNoLogging(Run r) {
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.loggingClasses().isEmpty(), () -> r.loggingClasses().size()
                + " classes of slf4j and logback loaded, the first: " + r.loggingClasses().getFirst());
    }

    @Test
    void versionLoadsNoLogging() throws Exception {
        assertNoLogging(jrun("--version"));
    }

    @Test
    void specLoadsNoLogging() throws Exception {
        assertNoLogging(jrun("spec"));
        assertTrue(Files.exists(dir.resolve("config.json")));
    }

    @Test
    void aCommandOfTheRuntimeThatLogsNothingLoadsNoLogging() throws Exception {
        // list goes through runtime-core's Lifecycle, which has a logger
        Path root = Files.createDirectories(dir.resolve("root"));
        assertNoLogging(jrun("--root", root.toString(), "list"));
        assertNoLogging(jrun("--root", root.toString(), "--log", dir.resolve("log.json").toString(),
                "--log-format", "json", "--debug", "list"));
        assertEquals("", Files.readString(dir.resolve("log.json")));
    }

    @Test
    void theFirstRecordStartsLogback() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Run r = jrun("--root", root.toString(), "state", "missing");
        assertEquals(1, r.status());
        assertTrue(r.err().matches("time=\"[^\"]+\" level=error msg=\"container missing does not exist\"\n"), r.err());
        assertTrue(r.loggingClasses().stream().anyMatch(c -> c.contains(" ch.qos.logback.classic.LoggerContext ")),
                String.join("\n", r.loggingClasses()));
    }
}
