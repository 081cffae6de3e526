package io.jrun.core.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jrun.api.JrunException;
import io.jrun.core.state.StateStore;
import io.jrun.spec.Json;
import io.jrun.spec.LinuxResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container's own copy of its config (config.json in its state directory, which every
 * command after create reads), where `update` keeps the resources it applied: later commands
 * and later updates start from them.
 *
 * <p>Only {@code linux.resources} is replaced; everything else is copied token by token, so that
 * members jrun does not model (extensions, newer spec fields) survive the rewrite.
 */
final class StoredConfig {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StoredConfig() {}

    /** Replaces {@code linux.resources} in the stored config.json, atomically. */
    static void replaceResources(StateStore.Handle h, LinuxResources resources) {
        Path file = h.file(StateStore.CONFIG);
        byte[] updated;
        try {
            updated = withResources(Files.readAllBytes(file), Json.toJson(resources));
        } catch (IOException e) {
            throw new JrunException("store the updated resources in " + file + ": " + e.getMessage(), e);
        }
        StateStore.writeAtomically(file, updated);
    }

    /** {@code config} with {@code linux.resources} set to the JSON {@code resources}. */
    static byte[] withResources(byte[] config, String resources) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(config.length + resources.length());
        try (JsonParser p = FACTORY.createParser(config); JsonGenerator g = FACTORY.createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the config is not a JSON object");
            }
            g.writeStartObject();
            boolean linuxSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!name.equals("linux")) {
                    g.copyCurrentStructure(p); // the name and its value
                    continue;
                }
                linuxSeen = true;
                g.writeFieldName(name);
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    // "linux": null
                    writeLinux(g, resources);
                    continue;
                }
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    if (p.currentName().equals("resources")) {
                        p.nextToken();
                        p.skipChildren();
                    } else {
                        g.copyCurrentStructure(p);
                    }
                }
                g.writeFieldName("resources");
                g.writeRawValue(resources);
                g.writeEndObject();
            }
            if (!linuxSeen) {
                g.writeFieldName("linux");
                writeLinux(g, resources);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeLinux(JsonGenerator g, String resources) throws IOException {
        g.writeStartObject();
        g.writeFieldName("resources");
        g.writeRawValue(resources);
        g.writeEndObject();
    }
}
