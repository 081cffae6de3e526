package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every jrun command is a fresh JVM, so what reading a config and writing a state loads is its
 * latency. Seen from a fresh JVM's class loading log: no jackson-databind (hundreds of
 * milliseconds to load and introspect) and no annotation proxies (a class generated per
 * annotation type).
 */
class JsonClassLoadingTest {

    @Test
    void readingAConfigAndWritingAStateLoadNeitherDatabindNorProxies() throws Exception {
        Path config = Path.of(TestSupport.class.getResource("runc-spec-default.json").toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.lang.Process jvm = new ProcessBuilder(java, "-Xlog:class+load", "-cp", System.getProperty("java.class.path"),
                JsonStartupBench.class.getName(), config.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jvm.waitFor(), log);

        List<String> loaded = log.lines().filter(l -> l.contains("[class,load]")).map(l -> l.split(" ")[1]).toList();
        assertTrue(log.contains("readConfig="), log);
        assertTrue(loaded.contains("io.jrun.spec.SpecCodec"), "the log lists the codec");
        assertTrue(loaded.contains("com.fasterxml.jackson.core.JsonFactory"), "the log lists jackson-core");
        List<String> unwanted = loaded.stream()
                .filter(c -> c.startsWith("com.fasterxml.jackson.databind.") || c.startsWith("com.fasterxml.jackson.annotation.")
                        || c.equals("java.lang.reflect.Proxy") || c.contains("$Proxy")
                        || c.startsWith("java.lang.runtime.SwitchBootstraps"))
                .toList();
        assertEquals(List.of(), unwanted);
    }
}
