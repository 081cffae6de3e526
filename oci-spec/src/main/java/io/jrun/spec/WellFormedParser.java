package io.jrun.spec;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.json.JsonReadContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A parser of well-formed JSON in UTF-8, for {@link Json}'s common case: on such a document it
 * gives what jackson-core's own parser gives (the same tokens, texts, number types and contexts),
 * and at anything else it stops with {@link Irregular}: malformed JSON, a byte-order mark or
 * another encoding, UTF-8 that is not well-formed, input near jackson's default limits. Json then
 * reads the document again with jackson's parser, whose errors (their words, line and column)
 * are the reference, and which decides whatever this one does not.
 *
 * <p>Why not jackson's parser always: the static initialiser of its base class makes
 * {@code BigDecimal} constants, and JDK 25's {@code BigDecimal} computes 5^65536 as it loads,
 * 13 to 25 ms of CPU in every jrun command that reads a config or a state.
 */
final class WellFormedParser extends JsonParser {
    /** Not a document this parser reads: jackson's is to judge it. No stack trace: it is control flow. */
    static final class Irregular extends RuntimeException {
        private Irregular() {
            super("not well-formed JSON for the quick parser", null, false, false);
        }
    }

    private static final Irregular IRREGULAR = new Irregular();

    /** Well inside jackson's default StreamReadConstraints (nesting 1000, numbers 1000 chars, strings 20M). */
    private static final int MAX_DEPTH = 200;
    private static final int MAX_NUMBER_LENGTH = 900;
    private static final int MAX_STRING_LENGTH = 10_000_000;
    private static final int MAX_NAME_LENGTH = 40_000;

    private final byte[] in;
    private int pos;
    private JsonReadContext context = JsonReadContext.createRootContext(null);
    private int depth;
    private JsonToken current;
    private JsonToken lastCleared;
    /** A string's or a name's value, or a number's or a literal's text. */
    private String text;
    private NumberType numberType;
    private long longValue;
    private boolean closed;

    WellFormedParser(byte[] json) {
        this.in = json;
        // a byte-order mark, or UTF-16/32 (a NUL among the first bytes): jackson's to detect
        for (int i = 0; i < Math.min(4, json.length); i++) {
            if (json[i] == 0) {
                throw IRREGULAR;
            }
        }
        if (json.length >= 3 && (json[0] & 0xff) == 0xef && (json[1] & 0xff) == 0xbb && (json[2] & 0xff) == 0xbf) {
            throw IRREGULAR;
        }
    }

    // --- tokens ----------------------------------------------------------------------------------

    @Override
    public JsonToken nextToken() throws IOException {
        numberType = null;
        if (current == JsonToken.FIELD_NAME) {
            // the name's colon is behind us
            return current = value(peek());
        }
        int c = peek();
        if (c < 0) {
            if (!context.inRoot()) {
                throw IRREGULAR; // a document that ends inside an array or object
            }
            return current = null;
        }
        if (c == ']' || c == '}') {
            if (c == ']' ? !context.inArray() : !context.inObject()) {
                throw IRREGULAR;
            }
            pos++;
            context = context.clearAndGetParent();
            depth--;
            return current = c == ']' ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
        }
        if (context.expectComma()) {
            if (c != ',') {
                throw IRREGULAR;
            }
            pos++;
            c = peek();
        }
        if (context.inObject()) {
            if (c != '"') {
                throw IRREGULAR; // a name, and not after a trailing comma either
            }
            pos++;
            String name = string();
            if (name.length() > MAX_NAME_LENGTH) {
                throw IRREGULAR;
            }
            context.setCurrentName(name);
            if (peek() != ':') {
                throw IRREGULAR;
            }
            pos++;
            text = name;
            return current = JsonToken.FIELD_NAME;
        }
        return current = value(c);
    }

    /** The value that starts with {@code c}, at {@link #pos}. */
    private JsonToken value(int c) {
        switch (c) {
            case '{' -> {
                pos++;
                enter();
                context = context.createChildObjectContext(0, 0);
                return JsonToken.START_OBJECT;
            }
            case '[' -> {
                pos++;
                enter();
                context = context.createChildArrayContext(0, 0);
                return JsonToken.START_ARRAY;
            }
            case '"' -> {
                pos++;
                text = string();
                return JsonToken.VALUE_STRING;
            }
            case 't' -> {
                return literal("true", JsonToken.VALUE_TRUE);
            }
            case 'f' -> {
                return literal("false", JsonToken.VALUE_FALSE);
            }
            case 'n' -> {
                return literal("null", JsonToken.VALUE_NULL);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw IRREGULAR;
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw IRREGULAR;
        }
    }

    private JsonToken literal(String word, JsonToken token) {
        int n = word.length();
        if (pos + n > in.length) {
            throw IRREGULAR;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw IRREGULAR;
            }
        }
        pos += n;
        delimited();
        text = word;
        return token;
    }

    /** What follows a literal or a number must end it: whitespace, a separator, or the end. */
    private void delimited() {
        if (pos < in.length) {
            int c = in[pos];
            if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}')) {
                throw IRREGULAR;
            }
        }
    }

    private JsonToken number() {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
        }
        int digitsStart = pos;
        if (pos >= in.length) {
            throw IRREGULAR;
        }
        if (in[pos] == '0') {
            pos++;
            if (pos < in.length && digit(in[pos])) {
                throw IRREGULAR; // a leading zero
            }
        } else if (digit(in[pos])) {
            while (pos < in.length && digit(in[pos])) {
                pos++;
            }
        } else {
            throw IRREGULAR;
        }
        int digits = pos - digitsStart;
        boolean fraction = false;
        if (pos < in.length && in[pos] == '.') {
            fraction = true;
            pos++;
            digitsAtLeastOne();
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            fraction = true;
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            digitsAtLeastOne();
        }
        delimited();
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw IRREGULAR;
        }
        text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        if (fraction) {
            numberType = NumberType.DOUBLE;
            return JsonToken.VALUE_NUMBER_FLOAT;
        }
        // as jackson: an int where it fits, else a long where it fits, else a BigInteger
        if (digits <= 18) {
            longValue = Long.parseLong(text);
            numberType = longValue == (int) longValue ? NumberType.INT : NumberType.LONG;
        } else {
            BigInteger big = new BigInteger(text);
            if (big.bitLength() < 64) {
                longValue = big.longValue();
                numberType = NumberType.LONG;
            } else {
                numberType = NumberType.BIG_INTEGER;
            }
        }
        return JsonToken.VALUE_NUMBER_INT;
    }

    private void digitsAtLeastOne() {
        if (pos >= in.length || !digit(in[pos])) {
            throw IRREGULAR;
        }
        while (pos < in.length && digit(in[pos])) {
            pos++;
        }
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The rest of a string whose opening quote is behind {@link #pos}, decoded; {@link #pos} after its closing quote. */
    private String string() {
        int start = pos;
        // the common case: printable ASCII without escapes
        while (pos < in.length) {
            int b = in[pos];
            if (b == '"') {
                String s = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
                pos++;
                return s;
            }
            if (b < 0x20 || b == '\\') { // a control character, an escape, or (negative) a non-ASCII byte
                break;
            }
            pos++;
        }
        StringBuilder s = new StringBuilder(pos - start + 16);
        s.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
        while (true) {
            if (pos >= in.length || s.length() > MAX_STRING_LENGTH) {
                throw IRREGULAR;
            }
            int b = in[pos++] & 0xff;
            if (b == '"') {
                return s.toString();
            }
            if (b == '\\') {
                escape(s);
            } else if (b < 0x20) {
                throw IRREGULAR; // a raw control character
            } else if (b < 0x80) {
                s.append((char) b);
            } else {
                utf8(s, b);
            }
        }
    }

    private void escape(StringBuilder s) {
        if (pos >= in.length) {
            throw IRREGULAR;
        }
        int e = in[pos++];
        switch (e) {
            case '"', '\\', '/' -> s.append((char) e);
            case 'b' -> s.append('\b');
            case 'f' -> s.append('\f');
            case 'n' -> s.append('\n');
            case 'r' -> s.append('\r');
            case 't' -> s.append('\t');
            case 'u' -> {
                if (pos + 4 > in.length) {
                    throw IRREGULAR;
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(in[pos++], 16);
                    if (d < 0) {
                        throw IRREGULAR;
                    }
                    v = v << 4 | d;
                }
                s.append((char) v);
            }
            default -> throw IRREGULAR;
        }
    }

    /** A UTF-8 sequence led by {@code lead}: well-formed only (no overlong form, surrogate or value past U+10FFFF). */
    private void utf8(StringBuilder s, int lead) {
        int n;
        int cp;
        int min;
        if (lead >= 0xc2 && lead <= 0xdf) {
            n = 1;
            cp = lead & 0x1f;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 2;
            cp = lead & 0x0f;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 3;
            cp = lead & 0x07;
            min = 0x10000;
        } else {
            throw IRREGULAR;
        }
        if (pos + n > in.length) {
            throw IRREGULAR;
        }
        for (int i = 0; i < n; i++) {
            int b = in[pos++] & 0xff;
            if ((b & 0xc0) != 0x80) {
                throw IRREGULAR;
            }
            cp = cp << 6 | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw IRREGULAR;
        }
        s.appendCodePoint(cp);
    }

    /** The next byte that is not JSON whitespace, not taken; -1 at the end. */
    private int peek() {
        while (pos < in.length) {
            int c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c & 0xff;
            }
            pos++;
        }
        return -1;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            JsonToken t = nextToken();
            if (t == null) {
                throw IRREGULAR;
            }
            if (t.isStructStart()) {
                open++;
            } else if (t.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    // --- the current token -----------------------------------------------------------------------

    @Override
    public JsonToken getCurrentToken() {
        return current;
    }

    @Override
    public int getCurrentTokenId() {
        return current == null ? JsonTokenId.ID_NO_TOKEN : current.id();
    }

    @Override
    public boolean hasCurrentToken() {
        return current != null;
    }

    @Override
    public boolean hasTokenId(int id) {
        return getCurrentTokenId() == id;
    }

    @Override
    public boolean hasToken(JsonToken t) {
        return current == t;
    }

    @Override
    public void clearCurrentToken() {
        if (current != null) {
            lastCleared = current;
            current = null;
        }
    }

    @Override
    public JsonToken getLastClearedToken() {
        return lastCleared;
    }

    @Override
    public JsonStreamContext getParsingContext() {
        return context;
    }

    @Override
    public String getCurrentName() throws IOException {
        if (current == JsonToken.START_OBJECT || current == JsonToken.START_ARRAY) {
            JsonReadContext parent = context.getParent();
            return parent == null ? null : parent.getCurrentName();
        }
        return context.getCurrentName();
    }

    @Override
    public void overrideCurrentName(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getText() throws IOException {
        if (current == null) {
            return null;
        }
        return switch (current) {
            case FIELD_NAME, VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> text;
            default -> current.asString();
        };
    }

    @Override
    public char[] getTextCharacters() throws IOException {
        String t = getText();
        return t == null ? null : t.toCharArray();
    }

    @Override
    public int getTextLength() throws IOException {
        String t = getText();
        return t == null ? 0 : t.length();
    }

    @Override
    public int getTextOffset() {
        return 0;
    }

    @Override
    public boolean hasTextCharacters() {
        return false;
    }

    @Override
    public String getValueAsString(String defaultValue) throws IOException {
        if (current == JsonToken.VALUE_STRING || current == JsonToken.FIELD_NAME) {
            return text;
        }
        if (current == null || current == JsonToken.VALUE_NULL || !current.isScalarValue()) {
            return defaultValue;
        }
        return getText();
    }

    // --- numbers ---------------------------------------------------------------------------------

    private void numeric() {
        if (numberType == null) {
            throw new IllegalStateException("current token (" + current + ") is not numeric");
        }
    }

    @Override
    public NumberType getNumberType() {
        return current == JsonToken.VALUE_NUMBER_INT || current == JsonToken.VALUE_NUMBER_FLOAT ? numberType : null;
    }

    @Override
    public Number getNumberValue() {
        numeric();
        return switch (numberType) {
            case INT -> (int) longValue;
            case LONG -> longValue;
            case BIG_INTEGER -> new BigInteger(text);
            default -> Double.parseDouble(text);
        };
    }

    @Override
    public int getIntValue() {
        numeric();
        if (numberType != NumberType.INT) {
            throw IRREGULAR; // jackson's to report the overflow
        }
        return (int) longValue;
    }

    @Override
    public long getLongValue() {
        numeric();
        if (numberType != NumberType.INT && numberType != NumberType.LONG) {
            throw IRREGULAR;
        }
        return longValue;
    }

    @Override
    public BigInteger getBigIntegerValue() {
        numeric();
        if (numberType == NumberType.DOUBLE) {
            throw IRREGULAR;
        }
        return numberType == NumberType.BIG_INTEGER ? new BigInteger(text) : BigInteger.valueOf(longValue);
    }

    @Override
    public float getFloatValue() {
        return (float) getDoubleValue();
    }

    @Override
    public double getDoubleValue() {
        numeric();
        return Double.parseDouble(text);
    }

    @Override
    public BigDecimal getDecimalValue() {
        throw IRREGULAR; // jrun reads no decimals; and BigDecimal is what this parser avoids
    }

    @Override
    public byte[] getBinaryValue(Base64Variant variant) {
        throw new UnsupportedOperationException();
    }

    // --- the rest of JsonParser --------------------------------------------------------------------

    @Override
    public JsonLocation getCurrentLocation() {
        return JsonLocation.NA; // errors are jackson's parser's to place
    }

    @Override
    public JsonLocation getTokenLocation() {
        return JsonLocation.NA;
    }

    @Override
    public ObjectCodec getCodec() {
        return null;
    }

    @Override
    public void setCodec(ObjectCodec codec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
