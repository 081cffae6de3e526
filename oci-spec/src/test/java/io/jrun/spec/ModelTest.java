package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards the model as a whole against the hand-written codec: every record is written as exactly
 * its components, in their order, under the spec's names, and read back from them; the unsigned
 * markers say what the codec checks; and no record carries annotations for a mapper to read.
 */
class ModelTest {

    /** The only components not named as their JSON member: Java keywords. */
    private static final Map<String, String> RENAMED = Map.of("finalAffinity", "final", "ioClass", "class");

    private static List<String> jsonNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> RENAMED.getOrDefault(c.getName(), c.getName())).toList();
    }

    /** The member names the codec writes for a sample with every component set. */
    private static List<String> written(Class<?> type) {
        return List.copyOf(SpecCorpus.members(SpecCorpus.sample(type, SpecCorpus.Flavour.FULL)).keySet());
    }

    @Test
    void everyRecordIsWrittenAsExactlyItsComponentsInOrder() {
        List<Class<?>> records = SpecCorpus.records();
        assertFalse(records.size() < 49, "found only " + records);
        for (Class<?> type : records) {
            assertEquals(jsonNames(type), written(type), type.getName());
        }
    }

    @Test
    void everyRecordReadsBackEveryComponent() {
        for (Class<?> type : SpecCorpus.records()) {
            for (SpecCorpus.Flavour flavour : List.of(SpecCorpus.Flavour.FULL, SpecCorpus.Flavour.EMPTY)) {
                Object sample = SpecCorpus.sample(type, flavour);
                assertEquals(sample, Json.parse(Json.toJson(sample), type, "doc.json"), type.getName() + " " + flavour);
            }
        }
    }

    @Test
    void spec13FieldNamesAreSpelledAsInTheSpec() {
        assertEquals(List.of("containerID", "hostID", "size"), written(LinuxIdMapping.class));
        assertEquals(List.of("initial", "final"), written(ExecCPUAffinity.class));
        assertEquals(List.of("class", "priority"), written(LinuxIOPriority.class));
        assertEquals(List.of("terminal", "consoleSize", "user", "args", "commandLine", "env", "cwd", "capabilities",
                "rlimits", "noNewPrivileges", "apparmorProfile", "oomScoreAdj", "scheduler", "selinuxLabel",
                "ioPriority", "execCPUAffinity"), written(Process.class));
        assertEquals(List.of("uidMappings", "gidMappings", "sysctl", "resources", "cgroupsPath", "namespaces",
                "devices", "netDevices", "seccomp", "rootfsPropagation", "maskedPaths", "readonlyPaths", "mountLabel",
                "intelRdt", "memoryPolicy", "personality", "timeOffsets"), written(Linux.class));
    }

    /** The markers document the model; this holds the codec to them, number by number. */
    @Test
    void unsignedMarkersSayWhatTheCodecChecks() {
        int marked = 0;
        for (Class<?> type : SpecCorpus.records()) {
            Map<String, String> sample = SpecCorpus.members(SpecCorpus.sample(type, SpecCorpus.Flavour.FULL));
            RecordComponent[] components = type.getRecordComponents();
            List<String> names = jsonNames(type);
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                Class<?> t = c.getType();
                if (t != long.class && t != Long.class && t != int.class && t != Integer.class) {
                    continue;
                }
                int bits = c.isAnnotationPresent(Uint64.class) ? 64 : c.isAnnotationPresent(Uint32.class) ? 32
                        : c.isAnnotationPresent(Uint16.class) ? 16 : 0;
                String what = type.getSimpleName() + "." + c.getName();
                String name = names.get(i);
                String negative = with(sample, name, "-1");
                if (bits == 0) {
                    Json.parse(negative, type, "doc.json"); // signed: accepted
                    continue;
                }
                marked++;
                String max = bits == 64 ? "18446744073709551615" : Long.toString((1L << bits) - 1);
                String aboveMax = bits == 64 ? "18446744073709551616" : Long.toString(1L << bits);
                Json.parse(with(sample, name, max), type, "doc.json");
                for (String bad : List.of("-1", aboveMax)) {
                    String message = assertThrows(SpecException.class,
                            () -> Json.parse(with(sample, name, bad), type, "doc.json"), what).getMessage();
                    assertEquals("doc.json: " + name + ": expected an unsigned " + bits + "-bit number (0 to "
                            + max + "), got " + bad, message, what);
                }
            }
        }
        assertEquals(37, marked, "unsigned components");
    }

    private static String with(Map<String, String> members, String name, String json) {
        StringBuilder b = new StringBuilder("{");
        members.forEach((n, v) -> b.append(b.length() > 1 ? "," : "").append(Quote.value(n)).append(':')
                .append(n.equals(name) ? json : v));
        return b.append('}').toString();
    }

    /** Reading an annotation at run time generates a proxy class per annotation type: start-up time. */
    @Test
    void noRecordCarriesJacksonAnnotations() {
        List<String> found = new ArrayList<>();
        for (Class<?> type : SpecCorpus.records()) {
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
            for (RecordComponent c : type.getRecordComponents()) {
                elements.add(c);
                elements.add(c.getAccessor());
            }
            elements.addAll(Arrays.asList(type.getDeclaredFields()));
            elements.addAll(Arrays.asList(type.getDeclaredConstructors()));
            for (AnnotatedElement e : elements) {
                for (Annotation a : e.getDeclaredAnnotations()) {
                    if (a.annotationType().getPackageName().startsWith("com.fasterxml")) {
                        found.add(e + ": " + a);
                    }
                }
            }
            for (var constructor : type.getDeclaredConstructors()) {
                for (Annotation[] parameter : constructor.getParameterAnnotations()) {
                    for (Annotation a : parameter) {
                        if (a.annotationType().getPackageName().startsWith("com.fasterxml")) {
                            found.add(constructor + ": " + a);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
