package io.jrun.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Reading and writing the spec's JSON documents with a hand-written streaming codec on
 * jackson-core's parser and generator ({@link SpecCodec}, {@link ProcessCodec}, {@link LinuxCodec},
 * {@link ResourcesCodec}, {@link FeaturesCodec}): no reflection, no annotations, no databind. Every
 * jrun command is a fresh JVM, and databind's introspection of the records (a proxy class generated
 * per annotation type among them) cost it hundreds of milliseconds.
 *
 * <p>Reading is as strict about types as Go's encoding/json, which runc uses: a string where a
 * number belongs, a number where a string belongs, a fraction for an integer, {@code null} inside
 * a list or map, and data after the document are all errors. Unknown properties are ignored, as
 * the spec requires. Every content error becomes a {@link SpecException} naming the document and
 * the JSON path, e.g. {@code config.json: process.rlimits[2].soft: expected a number, got "abc"};
 * I/O errors stay {@link IOException}s (so a missing state file can be told from a broken one).
 *
 * <p>Writing leaves out null (absent) values and keeps the spec's field order.
 *
 * <p>Other modules' own records, made of strings, numbers, booleans, lists and maps, go through the
 * same entry points ({@link PlainCodec}).
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

    /** jackson-core alone: its parsers and generators need none of databind's introspection. */
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Reads {@code config.json} from the bundle directory. */
    public static Spec readConfig(Path bundleDir) throws IOException {
        return parse(Files.readAllBytes(bundleDir.resolve(CONFIG_FILE)), SpecCodec::spec, CONFIG_FILE);
    }

    /** Parses a configuration; errors name {@code config.json}. */
    public static Spec parseConfig(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8), SpecCodec::spec, CONFIG_FILE);
    }

    /** Reads a state document (the runtime's own state file, or one given to a hook). */
    public static State readState(Path file) throws IOException {
        return parse(Files.readAllBytes(file), SpecCodec::state, file.getFileName().toString());
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
        return parse(Files.readAllBytes(file), ProcessCodec::process, file.getFileName().toString());
    }

    /**
     * Reads a document of any of this package's record types from a file, or of a record type of
     * another package made of strings, numbers, booleans, lists, maps and records ({@link PlainCodec}).
     */
    public static <T> T read(Path file, Class<T> type, String source) throws IOException {
        return parse(Files.readAllBytes(file), readerOf(type), source);
    }

    /** Parses a document of a type {@link #read} accepts. */
    public static <T> T parse(String json, Class<T> type, String source) {
        return parse(json.getBytes(StandardCharsets.UTF_8), readerOf(type), source);
    }

    /**
     * Parses a JSON array of {@code element}s (records as {@link #parse} takes them, strings,
     * Integers, Longs, Booleans); {@code null}, as Go encodes an empty slice, is an empty list.
     */
    public static <T> List<T> parseList(String json, Class<T> element, String source) {
        if (json.strip().equals("null")) {
            return List.of();
        }
        return parse(json.getBytes(StandardCharsets.UTF_8), PlainCodec.listReader(element), source);
    }

    @SuppressWarnings("unchecked")
    private static <T> JsonIn.Reader<T> readerOf(Class<T> type) {
        JsonIn.Reader<?> model = ModelCodecs.reader(type);
        return model != null ? (JsonIn.Reader<T>) model : PlainCodec.reader(type);
    }

    private static <T> T parse(byte[] json, JsonIn.Reader<T> reader, String source) {
        try {
            return parse(new WellFormedParser(json), reader, source);
        } catch (RuntimeException e) {
            // Not well-formed (WellFormedParser.Irregular), or not what the reader takes (a
            // SpecException): jackson's parser reads it again, and what it says (the error's
            // words, line and column) is what is reported.
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parse(parser, reader, source);
        } catch (IOException e) {
            // Only close() is left here, on an in-memory buffer.
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(JsonParser parser, JsonIn.Reader<T> reader, String source) {
        JsonIn in = new JsonIn(parser, source);
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw in.error("", "expected an object, got an empty document", null);
            }
            T value = first == JsonToken.VALUE_NULL ? null : reader.read(in);
            // Go's json.Unmarshal rejects data after the document; so does jrun.
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw in.error("", "unexpected data after the document at line " + at.getLineNr()
                        + ", column " + at.getColumnNr(), null);
            }
            if (value == null) {
                throw in.error("", "expected an object, got null", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw in.malformed(e);
        } catch (IOException e) {
            // no I/O: the parsers read an in-memory buffer
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compact JSON, as runc writes its state file, of a record of this package, a record of another
     * package ({@link PlainCodec}), or a string, number, boolean, list or map of those.
     *
     * @throws IllegalArgumentException for any other kind of object
     */
    public static String toJson(Object value) {
        return write(value, null);
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
        return write(value, new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter));
    }

    private static String write(Object value, PrettyPrinter printer) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            if (printer != null) {
                generator.setPrettyPrinter(printer);
            }
            PlainCodec.write(new JsonOut(generator), value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + (value == null ? "null" : value.getClass().getSimpleName()), e);
        }
        return text.toString();
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
