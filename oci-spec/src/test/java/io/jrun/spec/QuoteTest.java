package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuoteTest {
    @Test
    void aShortValueIsShownWhole() {
        assertEquals("\"/bin/sh\"", Quote.value("/bin/sh"));
        assertEquals("/bin/sh", Quote.bare("/bin/sh"));
        assertEquals("\"\"", Quote.value(""));
        assertEquals("null", Quote.value(null));
        assertEquals("null", Quote.bare(null));
        assertEquals("\"日本語 ü € 😀\"", Quote.value("日本語 ü € 😀"));
        String exactly = "x".repeat(Quote.MAX);
        assertEquals("\"" + exactly + "\"", Quote.value(exactly));
    }

    @Test
    void controlCharactersAreVisible() {
        assertEquals("\"a\\nb\\r\\tc\\u0000d\\u001be\\u007ff\\u0085g\"", Quote.value("a\nb\r\tc\0d\u001be\u007ff\u0085g"));
        // bidi override, zero-width space, line separator: they hide or move text
        assertEquals("\"\\u202eabc\\u200b\\u2028\"", Quote.value("\u202eabc\u200b\u2028"));
        assertEquals("\"\\ud800x\"", Quote.value("\ud800x"), "a lone surrogate");
        assertEquals("\"q\\\"b\\\\s\"", Quote.value("q\"b\\s"));
        assertEquals("q\"b\\\\s\\n", Quote.bare("q\"b\\s\n"), "bare: quotes as they are");
    }

    @Test
    void aForgedLogLineStaysOnOneLine() {
        String forged = "x\ntime=\"2024-01-01T00:00:00Z\" level=info msg=\"all is well\"";
        assertTrue(Quote.value(forged).lines().count() == 1);
        assertTrue(Quote.bare(forged).lines().count() == 1);
    }

    @Test
    void aLongValueIsCutWithTheCountOfWhatIsLeftOut() {
        String value = "a".repeat(10 * 1024 * 1024);
        String shown = Quote.value(value);
        assertEquals("\"" + "a".repeat(Quote.MAX) + "\"…(" + (value.length() - Quote.MAX) + " more bytes)", shown);
        assertEquals("a".repeat(Quote.MAX) + "…(" + (value.length() - Quote.MAX) + " more bytes)", Quote.bare(value));
    }

    @Test
    void whatIsLeftOutIsCountedInUtf8Bytes() {
        String rest = "é€😀\ud800";
        String value = "a".repeat(Quote.MAX) + rest;
        int bytes = rest.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(2 + 3 + 4 + 1, bytes);
        assertTrue(Quote.value(value).endsWith("\"…(" + bytes + " more bytes)"), Quote.value(value));
    }

    @Test
    void escapesCountTowardsTheBound() {
        String value = "\0".repeat(1000);
        String shown = Quote.bare(value);
        assertTrue(shown.length() < Quote.MAX + 30, shown);
        int escapes = (Quote.MAX + 5) / 6;
        assertEquals("\\u0000".repeat(escapes) + "…(" + (1000 - escapes) + " more bytes)", shown);
    }

    @Test
    void aSurrogatePairIsNotSplit() {
        String value = "a".repeat(Quote.MAX - 1) + "😀" + "b";
        assertEquals("\"" + "a".repeat(Quote.MAX - 1) + "😀\"…(1 more bytes)", Quote.value(value));
    }
}
