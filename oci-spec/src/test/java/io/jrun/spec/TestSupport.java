package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Fixtures shared by the tests. */
final class TestSupport {
    private TestSupport() {}

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
        ObjectNode tree = Json.mapper().valueToTree(base);
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
