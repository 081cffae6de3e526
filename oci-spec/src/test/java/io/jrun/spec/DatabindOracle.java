package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jrun's former jackson-databind path, kept in the tests as the oracle the codec is compared with:
 * the same mapper configuration, the same error translation ({@link JsonErrors}), the same
 * unsigned (de)serializers ({@link UnsignedCodec}), and the Jackson annotations the model's
 * records carried, given here by an annotation introspector instead (the records no longer carry
 * them). Only tests load this class.
 */
final class DatabindOracle {
    private DatabindOracle() {}

    private static final ObjectMapper MAPPER = TestSupport.strictBuilder()
            .annotationIntrospector(new FormerAnnotations())
            .build();

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The former {@code Json.parse}. */
    static <T> T parse(String json, Class<T> type, String source) {
        try (JsonParser parser = MAPPER.createParser(json.getBytes(StandardCharsets.UTF_8))) {
            T value;
            try {
                value = MAPPER.readValue(parser, type);
                if (parser.nextToken() != null) {
                    throw error(source, "unexpected data after the document at line "
                            + parser.currentTokenLocation().getLineNr() + ", column "
                            + parser.currentTokenLocation().getColumnNr());
                }
            } catch (JacksonException e) {
                throw JsonErrors.toSpecException(source, e, parser);
            }
            if (value == null) {
                throw error(source, "expected an object, got null");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SpecException error(String source, String message) {
        return new SpecException(source, List.of(new ValidationError("", message)));
    }

    /** The former {@code Json.toJson}. */
    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The former {@code Json.toPrettyJson}. */
    static String toPrettyJson(Object value, Json.Indent indent) {
        String unit = switch (indent) {
            case TAB -> "\t";
            case TWO_SPACES -> "  ";
            case FOUR_SPACES -> "    ";
        };
        DefaultIndenter indenter = new DefaultIndenter(unit, "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The annotations the records carried for databind: {@code @JsonProperty} on two components
     * named after Java keywords, {@code @JsonInclude(NON_DEFAULT)} on Go's omitempty primitives,
     * and the unsigned markers, which then bundled {@code @JsonSerialize}/{@code @JsonDeserialize}
     * with {@link UnsignedCodec}'s classes.
     */
    private static final class FormerAnnotations extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        private static final Map<String, String> RENAMED = Map.of(
                "io.jrun.spec.ExecCPUAffinity#finalAffinity", "final",
                "io.jrun.spec.LinuxIOPriority#ioClass", "class");

        private static final Set<String> NON_DEFAULT = Set.of(
                "io.jrun.spec.Process#terminal", "io.jrun.spec.Process#noNewPrivileges",
                "io.jrun.spec.State#pid",
                "io.jrun.spec.Root#readonly",
                "io.jrun.spec.Scheduler#nice", "io.jrun.spec.Scheduler#priority", "io.jrun.spec.Scheduler#runtime",
                "io.jrun.spec.Scheduler#deadline", "io.jrun.spec.Scheduler#period",
                "io.jrun.spec.LinuxIntelRdt#enableMonitoring",
                "io.jrun.spec.LinuxSeccompArg#valueTwo",
                "io.jrun.spec.LinuxTimeOffset#secs", "io.jrun.spec.LinuxTimeOffset#nanosecs");

        /** The record component {@code a} stands for (its field, accessor or constructor parameter). */
        private static RecordComponent component(Annotated a) {
            Class<?> owner;
            String name;
            switch (a) {
                case AnnotatedField f -> {
                    owner = f.getDeclaringClass();
                    name = f.getName();
                }
                case AnnotatedMethod m when m.getParameterCount() == 0 -> {
                    owner = m.getDeclaringClass();
                    name = m.getName();
                }
                case AnnotatedParameter p -> {
                    owner = p.getDeclaringClass();
                    RecordComponent[] components = owner.getRecordComponents();
                    return components != null && p.getIndex() < components.length ? components[p.getIndex()] : null;
                }
                default -> {
                    return null;
                }
            }
            RecordComponent[] components = owner.getRecordComponents();
            if (components == null || !owner.getPackageName().equals("io.jrun.spec")) {
                return null;
            }
            for (RecordComponent c : components) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
            return null;
        }

        private static String key(RecordComponent c) {
            return c.getDeclaringRecord().getName() + "#" + c.getName();
        }

        private static PropertyName renamed(Annotated a) {
            RecordComponent c = component(a);
            String name = c == null ? null : RENAMED.get(key(c));
            return name == null ? null : PropertyName.construct(name);
        }

        @Override
        public PropertyName findNameForSerialization(Annotated a) {
            PropertyName name = renamed(a);
            return name != null ? name : super.findNameForSerialization(a);
        }

        @Override
        public PropertyName findNameForDeserialization(Annotated a) {
            PropertyName name = renamed(a);
            return name != null ? name : super.findNameForDeserialization(a);
        }

        @Override
        public JsonInclude.Value findPropertyInclusion(Annotated a) {
            RecordComponent c = component(a);
            if (c != null && NON_DEFAULT.contains(key(c))) {
                return JsonInclude.Value.construct(JsonInclude.Include.NON_DEFAULT, JsonInclude.Include.ALWAYS);
            }
            return super.findPropertyInclusion(a);
        }

        @Override
        public Object findSerializer(Annotated a) {
            RecordComponent c = component(a);
            if (c != null && c.isAnnotationPresent(Uint64.class)) {
                return UnsignedCodec.Uint64Serializer.class;
            }
            return super.findSerializer(a);
        }

        @Override
        public Object findDeserializer(Annotated a) {
            RecordComponent c = component(a);
            if (c != null && c.isAnnotationPresent(Uint64.class)) {
                return UnsignedCodec.Uint64Deserializer.class;
            }
            if (c != null && c.isAnnotationPresent(Uint32.class)) {
                return UnsignedCodec.Uint32Deserializer.class;
            }
            if (c != null && c.isAnnotationPresent(Uint16.class)) {
                return UnsignedCodec.Uint16Deserializer.class;
            }
            return super.findDeserializer(a);
        }
    }
}
