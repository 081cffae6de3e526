package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Fixtures shared by the tests. */
final class TestSupport {
    private TestSupport() {}

    /** Built on first use: only the tests need databind, jrun itself reads and writes with jackson-core alone. */
    private static final class Databind {
        static final ObjectMapper MAPPER = strictBuilder().addModule(new CodecModule()).build();
    }

    /**
     * A databind mapper builder as strict as the codec; {@link #mapper()} adds the codec to it, and
     * the databind oracle the records' former annotations.
     */
    static JsonMapper.Builder strictBuilder() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Go rejects these too; without them "hostname": 1 would quietly become "1".
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                // A null element in a list or map is an error with a path, never a silent null.
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    }

    /**
     * A jackson-databind mapper for JSON trees, as strict as the codec; it reads and writes the
     * spec's records through the codec ({@link CodecModule}).
     */
    static ObjectMapper mapper() {
        return Databind.MAPPER;
    }

    static String resource(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example config as a JSON tree, edited by {@code edit}, read back as a Spec. */
    static Spec edited(Spec base, Consumer<ObjectNode> edit) {
        ObjectNode tree = mapper().valueToTree(base);
        edit.accept(tree);
        return parseConfig(tree.toString());
    }

    /**
     * {@link Json#parseConfig}, checked against the former databind path: both read the same Spec,
     * or both fail with the same message ({@link CodecOracleTest} lists the deliberate differences).
     */
    static Spec parseConfig(String json) {
        Spec expected;
        try {
            expected = DatabindOracle.parse(json, Spec.class, Json.CONFIG_FILE);
        } catch (SpecException e) {
            SpecException actual = assertThrows(SpecException.class, () -> Json.parseConfig(json));
            assertEquals(e.getMessage(), actual.getMessage(), "the databind path's message");
            throw actual;
        }
        Spec actual = Json.parseConfig(json);
        assertEquals(expected, actual, "what the databind path read");
        assertEquals(DatabindOracle.toJson(actual), Json.toJson(actual), "what the databind path wrote");
        return actual;
    }

    static Spec edited(Consumer<ObjectNode> edit) {
        return edited(SpecDefaults.example(), edit);
    }
}
