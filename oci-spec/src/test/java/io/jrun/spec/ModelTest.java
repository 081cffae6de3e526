package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards the model as a whole: every record maps to exactly its components, in their order. */
class ModelTest {

    /** Every record of the package, found on the test class path (so new ones are covered too). */
    private static List<Class<?>> records() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Spec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/jrun/spec"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name);
                if (type.isRecord() && type != ValidationError.class) {
                    records.add(type);
                }
            }
        }
        return records;
    }

    private static List<String> jsonNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(ModelTest::jsonName).toList();
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null ? renamed.value() : component.getName();
    }

    @Test
    void everyRecordSerialisesExactlyItsComponentsInOrder() throws Exception {
        List<Class<?>> records = records();
        assertFalse(records.size() < 40, "found only " + records);
        for (Class<?> type : records) {
            JavaType javaType = Json.mapper().constructType(type);
            List<String> written = Json.mapper().getSerializationConfig().introspect(javaType).findProperties().stream()
                    .map(BeanPropertyDefinition::getName).toList();
            assertEquals(jsonNames(type), written, type.getSimpleName());
        }
    }

    @Test
    void everyRecordReadsItsComponentsFromJsonNames() throws Exception {
        for (Class<?> type : records()) {
            JavaType javaType = Json.mapper().constructType(type);
            List<String> read = Json.mapper().getDeserializationConfig().introspect(javaType).findProperties().stream()
                    .map(BeanPropertyDefinition::getName).sorted().toList();
            assertEquals(jsonNames(type).stream().sorted().toList(), read, type.getSimpleName());
        }
    }

    @Test
    void spec13FieldNamesAreSpelledAsInTheSpec() {
        assertEquals(List.of("containerID", "hostID", "size"), jsonNames(LinuxIdMapping.class));
        assertEquals(List.of("initial", "final"), jsonNames(ExecCPUAffinity.class));
        assertEquals(List.of("class", "priority"), jsonNames(LinuxIOPriority.class));
        assertEquals(List.of("terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd", "capabilities",
                "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj", "scheduler", "selinuxLabel",
                "ioPriority", "execCPUAffinity"), jsonNames(Process.class));
        assertEquals(List.of("uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath", "namespaces",
                "devices", "netDevices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths", "mountLabel",
                "intelRdt", "memoryPolicy", "personality", "timeOffsets"), jsonNames(Linux.class));
    }
}
