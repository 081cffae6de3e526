package io.jrun.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON values off a streaming parser as strictly as Go's encoding/json, which runc uses: no
 * coercion between strings, numbers and booleans, integers only where integers belong, unsigned
 * ranges checked, {@code null} inside a list or map refused. {@code null} for a field reads as
 * its zero value (null, 0 or false), as an absent field does.
 *
 * <p>Every read method starts with the parser on the first token of the value and leaves it on the
 * value's last token. A bad value throws a {@link SpecException} naming the JSON path, which is
 * taken from the parser's own context, so a path costs nothing until there is an error.
 *
 * <p>The "got ..." part of the messages is worded as jrun's former jackson-databind mapping worded
 * it (the tests compare both), which is why numbers are shown as parsed in some places and as
 * written in others.
 */
final class JsonIn {
    /** Reads one value, the parser on its first token. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonIn in) throws IOException;
    }

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final JsonParser p;
    private final String source;

    JsonIn(JsonParser parser, String source) {
        this.p = parser;
        this.source = source;
    }

    // --- objects ---------------------------------------------------------------------------------

    /** True at an object, to be read with {@link #member()}; false at null; an error otherwise. */
    boolean object() throws IOException {
        int id = p.currentTokenId();
        if (id == JsonTokenId.ID_START_OBJECT) {
            return true;
        }
        if (id == JsonTokenId.ID_NULL) {
            return false;
        }
        throw mismatch("an object", structureGot());
    }

    /** The next member's name, with the parser moved on to its value; null at the object's end. */
    String member() throws IOException {
        JsonStreamContext object = p.getParsingContext();
        try {
            String name = p.nextFieldName();
            if (name != null) {
                p.nextToken();
            }
            return name;
        } catch (JsonProcessingException e) {
            throw malformed(e, brokenPath(object, false));
        }
    }

    /** Skips an unknown member's value: the spec requires unknown properties to be ignored. */
    void skip() throws IOException {
        JsonStreamContext object = valueContext();
        try {
            p.skipChildren();
        } catch (JsonProcessingException e) {
            throw malformed(e, brokenPath(object, false));
        }
    }

    // --- strings and booleans --------------------------------------------------------------------

    String string() throws IOException {
        return switch (p.currentTokenId()) {
            case JsonTokenId.ID_STRING -> p.getText();
            case JsonTokenId.ID_NULL -> null;
            case JsonTokenId.ID_NUMBER_INT, JsonTokenId.ID_NUMBER_FLOAT -> throw mismatch("a string", parsedNumber());
            default -> throw mismatch("a string", token());
        };
    }

    /** A Go {@code bool}: null reads as false. */
    boolean bool() throws IOException {
        Boolean value = boolOrNull();
        return value != null && value;
    }

    /** A Go {@code *bool}. */
    Boolean boolOrNull() throws IOException {
        return switch (p.currentTokenId()) {
            case JsonTokenId.ID_TRUE -> Boolean.TRUE;
            case JsonTokenId.ID_FALSE -> Boolean.FALSE;
            case JsonTokenId.ID_NULL -> null;
            case JsonTokenId.ID_NUMBER_INT -> throw mismatch("true or false", parsedNumber());
            default -> throw mismatch("true or false", token());
        };
    }

    // --- signed integers -------------------------------------------------------------------------

    /** A Go {@code int}/{@code int32}: null reads as 0. */
    int int32() throws IOException {
        Integer value = int32OrNull();
        return value == null ? 0 : value;
    }

    Integer int32OrNull() throws IOException {
        if (!integer()) {
            return null;
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw error("number out of range for a 32-bit integer, got " + Quote.bare(p.getText()));
        }
        return p.getIntValue();
    }

    /** A Go {@code int64}: null reads as 0. */
    long int64() throws IOException {
        Long value = int64OrNull();
        return value == null ? 0 : value;
    }

    Long int64OrNull() throws IOException {
        if (!integer()) {
            return null;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw error("number out of range for a 64-bit integer, got " + Quote.bare(p.getText()));
        }
        return p.getLongValue();
    }

    /** True at an integer, false at null; an error for anything else. */
    private boolean integer() throws IOException {
        return switch (p.currentTokenId()) {
            case JsonTokenId.ID_NUMBER_INT -> true;
            case JsonTokenId.ID_NULL -> false;
            case JsonTokenId.ID_NUMBER_FLOAT -> throw mismatch("a number", parsedNumber());
            default -> throw mismatch("a number", token());
        };
    }

    // --- unsigned integers -----------------------------------------------------------------------

    /** A Go {@code uint16} held in an Integer. */
    Integer uint16OrNull() throws IOException {
        return unsignedInteger() ? (int) unsigned(16) : null;
    }

    /** A Go {@code uint32} held in a long: null reads as 0. */
    long uint32() throws IOException {
        return unsignedInteger() ? unsigned(32) : 0;
    }

    Long uint32OrNull() throws IOException {
        return unsignedInteger() ? unsigned(32) : null;
    }

    /** A Go {@code uint64} as its two's-complement bit pattern (RLIM_INFINITY is -1): null reads as 0. */
    long uint64() throws IOException {
        return unsignedInteger() ? unsigned(64) : 0;
    }

    Long uint64OrNull() throws IOException {
        return unsignedInteger() ? unsigned(64) : null;
    }

    private boolean unsignedInteger() throws IOException {
        return switch (p.currentTokenId()) {
            case JsonTokenId.ID_NUMBER_INT -> true;
            case JsonTokenId.ID_NULL -> false;
            default -> throw mismatch("a number", token());
        };
    }

    private long unsigned(int bits) throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger big = p.getBigIntegerValue();
            if (bits == 64 && big.signum() >= 0 && big.compareTo(UINT64_MAX) <= 0) {
                return big.longValue();
            }
        } else {
            long value = p.getLongValue();
            if (value >= 0 && (bits == 64 || value < 1L << bits)) {
                return value;
            }
        }
        String max = bits == 64 ? UINT64_MAX.toString() : Long.toString((1L << bits) - 1);
        throw error("expected an unsigned " + bits + "-bit number (0 to " + max + "), got " + Quote.bare(p.getText()));
    }

    // --- lists and maps --------------------------------------------------------------------------

    /** A list (null when the value is null) whose elements may not be null. */
    <T> List<T> list(Reader<T> element) throws IOException {
        return list(element, false);
    }

    List<String> strings() throws IOException {
        return list(JsonIn::string, true);
    }

    /**
     * @param strings whether this is a list of strings, which databind read with code of its own:
     *                JSON broken between elements is reported at the next element's index, and a
     *                blank string in place of the list shows as ""
     */
    private <T> List<T> list(Reader<T> element, boolean strings) throws IOException {
        int id = p.currentTokenId();
        if (id == JsonTokenId.ID_NULL) {
            return null;
        }
        if (id != JsonTokenId.ID_START_ARRAY) {
            throw mismatch("an array", strings ? structureGot() : token());
        }
        JsonStreamContext array = p.getParsingContext();
        List<T> list = new ArrayList<>();
        while (true) {
            try {
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    return list;
                }
            } catch (JsonProcessingException e) {
                String path = brokenPath(array, false);
                throw malformed(e, strings ? JsonPath.element(path, list.size()) : path);
            }
            list.add(element.read(notNull()));
        }
    }

    /** A map in document order (null when the value is null) whose values may not be null. */
    <T> Map<String, T> map(Reader<T> value) throws IOException {
        if (!object()) {
            return null;
        }
        p.assignCurrentValue(MAP);
        Map<String, T> map = new LinkedHashMap<>();
        for (String key; (key = member()) != null; ) {
            // A repeated key keeps its first place and takes the last value, as it always did.
            map.put(key, value.read(notNull()));
        }
        return map;
    }

    Map<String, String> stringMap() throws IOException {
        return map(JsonIn::string);
    }

    private JsonIn notNull() {
        if (p.currentTokenId() == JsonTokenId.ID_NULL) {
            throw error("null is not allowed here");
        }
        return this;
    }

    // --- errors ----------------------------------------------------------------------------------

    /**
     * Malformed JSON, or JSON beyond the parser's limits (nesting depth, number length...), at
     * {@code path} ({@link #brokenPath}).
     */
    SpecException malformed(JsonProcessingException e, String path) {
        String message = firstLine(e.getOriginalMessage());
        if (e instanceof StreamReadException) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // Jackson adds where an unclosed object began, in a form meant for developers.
            int startMarker = message.indexOf(" (start marker at");
            message = "malformed JSON" + where + ": " + (startMarker < 0 ? message : message.substring(0, startMarker));
        }
        return error(path, message, e);
    }

    /**
     * Marks the parser contexts of maps. When JSON broke inside a map entry's value, databind named
     * the entry only if something inside had already named its own part; records and lists named
     * what they were reading in any case.
     */
    private static final Object MAP = new Object();

    /**
     * The path databind gave malformed JSON: the chain of values it was reading, from
     * {@code innermost} (the context of the object, list or map whose reading broke, which counts
     * only if the break was {@code inside} its current value) out to the document; where nothing
     * had been named, the parser's own position.
     */
    private String brokenPath(JsonStreamContext innermost, boolean inside) {
        Deque<JsonStreamContext> named = new ArrayDeque<>();
        for (JsonStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
            boolean counts = c != innermost || inside;
            if (counts && (c.getCurrentValue() != MAP || !named.isEmpty())) {
                named.push(c);
            }
        }
        return named.isEmpty() ? path(p.getParsingContext()) : path(named);
    }

    /** Malformed JSON found while reading a single value (a string's escapes, a number's digits...). */
    SpecException malformed(JsonProcessingException e) {
        return malformed(e, brokenPath(p.getParsingContext(), true));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private SpecException mismatch(String expected, String got) {
        return error("expected " + expected + ", got " + got);
    }

    /**
     * The value the parser is on, as written, for "got ..." (strings quoted, containers by kind).
     * A string still to be decoded may turn out malformed here, which is that error.
     */
    private String token() throws IOException {
        return switch (p.currentTokenId()) {
            case JsonTokenId.ID_START_OBJECT -> "an object";
            case JsonTokenId.ID_START_ARRAY -> "an array";
            case JsonTokenId.ID_STRING -> Quote.value(p.getText());
            default -> Quote.bare(p.getText());
        };
    }

    /** A number as the parser read it: {@code -0} shows as 0, {@code 1.50} as 1.5. */
    private String parsedNumber() throws IOException {
        return Quote.bare(String.valueOf(p.getNumberValue()));
    }

    /**
     * What stands where an object, a map or a list of strings belongs. A string of nothing but
     * spaces and control characters shows as "" (databind trimmed it before complaining).
     */
    private String structureGot() throws IOException {
        if (p.currentTokenId() == JsonTokenId.ID_STRING && blank(p.getText())) {
            return "\"\"";
        }
        return token();
    }

    private static boolean blank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > ' ') {
                return false;
            }
        }
        return true;
    }

    /** An error about the value the parser is on. */
    SpecException error(String message) {
        return error(path(valueContext()), message, null);
    }

    /** The context that names the value the parser is on: the value's own has no name yet. */
    private JsonStreamContext valueContext() {
        JsonStreamContext context = p.getParsingContext();
        int id = p.currentTokenId();
        return id == JsonTokenId.ID_START_OBJECT || id == JsonTokenId.ID_START_ARRAY ? context.getParent() : context;
    }

    SpecException error(String path, String message, Throwable cause) {
        return new SpecException(source, List.of(new ValidationError(path, message)), cause);
    }

    /** The JSON path of the parser's position, e.g. {@code process.rlimits[2].soft}. */
    static String path(JsonStreamContext context) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        return path(chain);
    }

    /** The path through {@code chain}, outermost first: each array's index, each object's current member. */
    private static String path(Iterable<JsonStreamContext> chain) {
        String path = "";
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path = JsonPath.element(path, c.getCurrentIndex());
            } else if (c.getCurrentName() != null) {
                path = JsonPath.member(path, c.getCurrentName());
            }
        }
        return path;
    }
}
