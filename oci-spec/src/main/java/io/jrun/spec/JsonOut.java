package io.jrun.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes members the way runc writes them: an absent (null) value is left out, and so is a Go
 * {@code omitempty} number or bool at its zero value ({@code ...OmitEmpty}); {@code uint64} bit
 * patterns are written as the unsigned numbers they stand for. The caller writes the members in
 * the spec's order, which is the output order.
 */
final class JsonOut {
    /** Writes one value. */
    @FunctionalInterface
    interface Writer<T> {
        void write(JsonOut out, T value) throws IOException;
    }

    private final JsonGenerator g;

    JsonOut(JsonGenerator generator) {
        this.g = generator;
    }

    JsonGenerator generator() {
        return g;
    }

    void startObject() throws IOException {
        g.writeStartObject();
    }

    void endObject() throws IOException {
        g.writeEndObject();
    }

    void string(String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    void bool(String name, boolean value) throws IOException {
        g.writeBooleanField(name, value);
    }

    void bool(String name, Boolean value) throws IOException {
        if (value != null) {
            g.writeBooleanField(name, value);
        }
    }

    void boolOmitEmpty(String name, boolean value) throws IOException {
        if (value) {
            g.writeBooleanField(name, true);
        }
    }

    void number(String name, long value) throws IOException {
        g.writeNumberField(name, value);
    }

    void number(String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }

    void number(String name, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.intValue());
        }
    }

    void numberOmitEmpty(String name, long value) throws IOException {
        if (value != 0) {
            g.writeNumberField(name, value);
        }
    }

    void uint64(String name, long value) throws IOException {
        g.writeFieldName(name);
        uint64(value);
    }

    void uint64(String name, Long value) throws IOException {
        if (value != null) {
            uint64(name, value.longValue());
        }
    }

    void uint64OmitEmpty(String name, long value) throws IOException {
        if (value != 0) {
            uint64(name, value);
        }
    }

    private void uint64(long value) throws IOException {
        if (value >= 0) {
            g.writeNumber(value);
        } else {
            g.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    <T> void object(String name, T value, Writer<T> writer) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            writer.write(this, value);
        }
    }

    <T> void list(String name, List<T> list, Writer<T> element) throws IOException {
        if (list != null) {
            g.writeFieldName(name);
            g.writeStartArray();
            for (T value : list) {
                element.write(this, value);
            }
            g.writeEndArray();
        }
    }

    void strings(String name, List<String> list) throws IOException {
        if (list != null) {
            g.writeFieldName(name);
            g.writeStartArray();
            for (String value : list) {
                g.writeString(value);
            }
            g.writeEndArray();
        }
    }

    void numbers(String name, List<Long> list) throws IOException {
        if (list != null) {
            g.writeFieldName(name);
            g.writeStartArray();
            for (Long value : list) {
                g.writeNumber(value.longValue());
            }
            g.writeEndArray();
        }
    }

    /** A map in its own order; entries with a null value are left out. */
    <T> void map(String name, Map<String, T> map, Writer<T> value) throws IOException {
        if (map != null) {
            g.writeFieldName(name);
            g.writeStartObject();
            for (Map.Entry<String, T> e : map.entrySet()) {
                if (e.getValue() != null) {
                    g.writeFieldName(e.getKey());
                    value.write(this, e.getValue());
                }
            }
            g.writeEndObject();
        }
    }

    void stringMap(String name, Map<String, String> map) throws IOException {
        if (map != null) {
            g.writeFieldName(name);
            g.writeStartObject();
            for (Map.Entry<String, String> e : map.entrySet()) {
                if (e.getValue() != null) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        }
    }
}
