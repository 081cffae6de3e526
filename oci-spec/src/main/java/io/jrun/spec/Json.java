package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Reading and writing the spec's JSON documents with one shared, lazily built {@link ObjectMapper}
 * (plain jackson-databind: no modules, no classpath scanning, so a fresh JVM pays little for it).
 *
 * <p>Reading is as strict about types as Go's encoding/json, which runc uses: a string where a
 * number belongs, a number where a string belongs, a fraction for an integer, {@code null} inside
 * a list or map, and data after the document are all errors. Unknown properties are ignored, as
 * the spec requires. Every content error becomes a {@link SpecException} naming the document and
 * the JSON path, e.g. {@code config.json: process.rlimits[2].soft: expected a number, got "abc"};
 * I/O errors stay {@link IOException}s (so a missing state file can be told from a broken one).
 *
 * <p>Writing leaves out null (absent) values and keeps the spec's field order.
 */
public final class Json {
    /** The configuration's file name inside a bundle. */
    public static final String CONFIG_FILE = "config.json";

    /** Indentation for pretty output. runc's {@code spec} uses tabs, its {@code state} two spaces. */
    public enum Indent {
        TAB("\t"),
        TWO_SPACES("  "),
        FOUR_SPACES("    ");

        private final String unit;

        Indent(String unit) {
            this.unit = unit;
        }
    }

    private Json() {}

    /** Built on first use: commands that never touch JSON never pay for it. */
    private static final class Holder {
        static final ObjectMapper MAPPER = createMapper();
    }

    /** The shared mapper; configured once, safe to use from any thread. */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static ObjectMapper createMapper() {
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
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** Reads {@code config.json} from the bundle directory. */
    public static Spec readConfig(Path bundleDir) throws IOException {
        return read(bundleDir.resolve(CONFIG_FILE), Spec.class, CONFIG_FILE);
    }

    /** Parses a configuration; errors name {@code config.json}. */
    public static Spec parseConfig(String json) {
        return parse(json, Spec.class, CONFIG_FILE);
    }

    /** Reads a state document (the runtime's own state file, or one given to a hook). */
    public static State readState(Path file) throws IOException {
        return read(file, State.class, file.getFileName().toString());
    }

    /**
     * Writes a state document atomically: to a temporary file in the same directory, then renamed
     * over {@code file}, so a concurrent reader sees the old state or the new one, never half.
     */
    public static void writeState(Path file, State state) throws IOException {
        byte[] bytes = toJson(state).getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a process document ({@code exec --process FILE}); errors name the file. */
    public static Process readProcess(Path file) throws IOException {
        return read(file, Process.class, file.getFileName().toString());
    }

    /** Reads a document of any of this package's types from a file. */
    public static <T> T read(Path file, Class<T> type, String source) throws IOException {
        return parse(Files.readAllBytes(file), type, source);
    }

    /** Parses a document of any of this package's types. */
    public static <T> T parse(String json, Class<T> type, String source) {
        return parse(json.getBytes(StandardCharsets.UTF_8), type, source);
    }

    private static <T> T parse(byte[] json, Class<T> type, String source) {
        ObjectMapper mapper = mapper();
        // Our own parser, caught while still open: the error message quotes the offending token,
        // which a closed parser has already thrown away.
        try (JsonParser parser = mapper.createParser(json)) {
            T value;
            try {
                value = mapper.readValue(parser, type);
                // Go's json.Unmarshal rejects data after the document; so does jrun.
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
            // Only close() is left here, on an in-memory buffer.
            throw new UncheckedIOException(e);
        }
    }

    private static SpecException error(String source, String message) {
        return new SpecException(source, List.of(new ValidationError("", message)));
    }

    /** Compact JSON, as runc writes its state file. */
    public static String toJson(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Indented JSON laid out like Go's {@code json.MarshalIndent}: {@code "key": value}, one
     * element per line, {@code []}/{@code {}} for empty containers, no trailing newline.
     */
    public static String toPrettyJson(Object value, Indent indent) {
        DefaultIndenter indenter = new DefaultIndenter(indent.unit, "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        try {
            return mapper().writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes {@link #toPrettyJson} output to {@code file}. Pass
     * {@link java.nio.file.StandardOpenOption#CREATE_NEW} to refuse to overwrite, as
     * {@code runc spec} does.
     */
    public static void writePretty(Path file, Object value, Indent indent, OpenOption... options) throws IOException {
        Files.writeString(file, toPrettyJson(value, indent), StandardCharsets.UTF_8, options);
    }
}
