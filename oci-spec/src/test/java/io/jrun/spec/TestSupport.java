package io.jrun.spec;

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
        return Json.parseConfig(tree.toString());
    }

    static Spec edited(Consumer<ObjectNode> edit) {
        return edited(SpecDefaults.example(), edit);
    }
}
