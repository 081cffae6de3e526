package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link WellFormedParser} against jackson-core's parser, the reference: wherever the quick parser
 * reads a document to its end, jackson's reads the same tokens, texts, numbers and paths; the
 * documents it gives up on are left to jackson's parser by {@link Json}.
 */
class WellFormedParserTest {
    private static final JsonFactory JACKSON = new JsonFactory();

    /** Each token as a line: the token, its text, its number type and value, its path. */
    private static List<String> tokens(JsonParser p) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonToken t; (t = p.nextToken()) != null; ) {
            StringBuilder line = new StringBuilder().append(t).append(' ').append(p.getText());
            if (t == JsonToken.VALUE_NUMBER_INT) {
                line.append(' ').append(p.getNumberType()).append(' ').append(p.getBigIntegerValue());
                if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    line.append(' ').append(p.getLongValue());
                }
            }
            line.append(' ').append(p.currentName()).append(' ').append(JsonIn.path(p.getParsingContext()));
            JsonStreamContext c = p.getParsingContext();
            line.append(' ').append(c.inArray() ? "array " + c.getCurrentIndex() : c.inObject() ? "object" : "root");
            out.add(line.toString());
        }
        return out;
    }

    /** The quick parser's tokens of {@code json}, or null where it gives up. */
    private static List<String> quick(byte[] json) throws IOException {
        try {
            return tokens(new WellFormedParser(json));
        } catch (WellFormedParser.Irregular e) {
            return null;
        }
    }

    /** True if the quick parser read {@code json}, the same as jackson's parser. */
    private static boolean assertAsJackson(String name, byte[] json) throws IOException {
        List<String> quick = quick(json);
        if (quick == null) {
            return false; // jackson's parser reads it, as before
        }
        List<String> reference;
        try (JsonParser p = JACKSON.createParser(json)) {
            reference = tokens(p);
        } catch (IOException e) {
            throw new AssertionError(name + ": the quick parser read what jackson's refuses (" + e.getMessage() + ")");
        }
        assertEquals(reference, quick, name);
        return true;
    }

    @Test
    void readsTheSpecsDocumentsAsJacksonDoes() throws IOException {
        // every fixture, a seventh of the probes and of the malformed documents (all of them: 30 s)
        List<SpecCorpus.Case> cases = Stream.of(SpecCorpus.fixtures(), everyNth(SpecCorpus.probes(), 7),
                everyNth(SpecCorpus.malformed(), 7)).flatMap(List::stream).toList();
        int read = 0;
        for (SpecCorpus.Case c : cases) {
            read += assertAsJackson(c.name(), c.json().getBytes(StandardCharsets.UTF_8)) ? 1 : 0;
        }
        assertTrue(read > cases.size() / 3, "the quick parser read only " + read + " of " + cases.size());
    }

    private static <T> List<T> everyNth(List<T> all, int n) {
        List<T> some = new ArrayList<>();
        for (int i = 0; i < all.size(); i += n) {
            some.add(all.get(i));
        }
        return some;
    }

    @Test
    void stringsNumbersAndLiteralsAsJackson() throws IOException {
        List<String> documents = List.of(
                "{\"a\": \"plain\", \"b\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\\ud800\", \"c\": \"\u00e9\u4e2d\uD83D\uDE00\"}",
                "[0, -0, 1, -1, 2147483647, 2147483648, -2147483648, -2147483649, 9223372036854775807,"
                        + " 9223372036854775808, -9223372036854775808, -9223372036854775809, 1234567890123456789012345,"
                        + " 000, 1.5, -0.0, 1e5, 1E+5, 1e-5, 01, 1., .5, -, 1e]",
                "[true, false, null, [], {}, [[[]]], {\"\": {\"x\": [1, {\"y\": null}]}}]",
                "{\"dup\": 1, \"dup\": 2}",
                "  \n\t\r{ \"a\" : [ 1 , 2 ] }  \n",
                "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "[tru]", "[truex]", "[nul]", "[\"unterminated]",
                "[\"raw\u0001control\"]", "[\"bad \\x escape\"]", "[\"\\u12\"]", "// comment\n{}", "[1] [2]", "", "   ",
                "\"just a string\"", "42", "{\"a\":1}}", "[[]", "{\"a\":");
        for (String d : documents) {
            assertAsJackson(d, d.getBytes(StandardCharsets.UTF_8));
        }
        // bytes that are not well-formed UTF-8, a byte-order mark, UTF-16: jackson's to judge
        List<byte[]> raw = List.of(new byte[] {'[', '"', (byte) 0xc3, '"', ']'},
                new byte[] {'[', '"', (byte) 0xc0, (byte) 0x80, '"', ']'},
                new byte[] {'[', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ']'},
                new byte[] {'[', '"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', ']'},
                new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
                new byte[] {'{', 0, '}', 0});
        for (byte[] d : raw) {
            assertEquals(null, quick(d), () -> "the quick parser read " + new String(d, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void deepNestingAndLongNumbersAreLeftToJackson() {
        String deep = "[".repeat(300) + "]".repeat(300);
        assertThrows(WellFormedParser.Irregular.class, () -> tokens(new WellFormedParser(deep.getBytes(StandardCharsets.UTF_8))));
        String longNumber = "[" + "9".repeat(950) + "]";
        assertThrows(WellFormedParser.Irregular.class,
                () -> tokens(new WellFormedParser(longNumber.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aMalformedDocumentStillGetsJacksonsError() {
        SpecException e = assertThrows(SpecException.class, () -> Json.parseConfig("{\"ociVersion\": \"1.0.0\",}"));
        assertTrue(e.getMessage().contains("malformed JSON at line 1, column 24"), e.getMessage());
    }
}
