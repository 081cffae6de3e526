package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoFormatTest {
    @Test
    void rfc3339NanoDropsTrailingZeros() {
        assertEquals("2026-11-26T09:48:37.123456789Z", GoFormat.rfc3339Nano(Instant.parse("2026-11-26T09:48:37.123456789Z")));
        assertEquals("2026-11-26T09:48:37.1Z", GoFormat.rfc3339Nano(Instant.parse("2026-11-26T09:48:37.100Z")));
        assertEquals("2026-11-26T09:48:37.00000001Z", GoFormat.rfc3339Nano(Instant.parse("2026-11-26T09:48:37.000000010Z")));
        assertEquals("2026-11-26T09:48:37Z", GoFormat.rfc3339Nano(Instant.parse("2026-11-26T09:48:37Z")));
        assertEquals("0001-01-01T00:00:00Z", GoFormat.rfc3339Nano(Instant.parse("0001-01-01T00:00:00Z")));
    }

    private static String quote(String s) {
        return GoFormat.appendQuoted(new StringBuilder(), s).toString();
    }

    private static String json(String s) {
        return GoFormat.appendJsonString(new StringBuilder(), s).toString();
    }

    @Test
    void quoteIsStrconvQuote() {
        assertEquals("\"\"", quote(""));
        assertEquals("\"plain text: 1/2\"", quote("plain text: 1/2"));
        assertEquals("\"\\\"\\\\\\a\\b\\f\\n\\r\\t\\v\"", quote("\"\\\u0007\b\f\n\r\t\u000b"));
        assertEquals("\"\\x00\\x1b\\x7f\"", quote("\u0000\u001b\u007f"));
        assertEquals("\"日本語 ü €\"", quote("日本語 ü €"));
        assertEquals("\"\\u00a0\\u200b\\ufeff\"", quote("\u00a0\u200b\ufeff"));
        assertEquals("\"😀\\U000e0001\"", quote("😀\udb40\udc01"));
        assertEquals("\"\\ufffd\"", quote("\ud800"));
    }

    @Test
    void jsonStringIsEncodingJson() {
        assertEquals("\"\"", json(""));
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\"", json("a\"b\\c\nd\re\tf"));
        assertEquals("\"\\u0000\\u0008\\u000c\\u001f\u007f\"", json("\u0000\b\f\u001f\u007f"));
        assertEquals("\"\\u003c\\u003e\\u0026\"", json("<>&"));
        assertEquals("\"\\u2028\\u2029 é 😀\"", json("\u2028\u2029 é 😀"));
        assertEquals("\"\\ufffd\\ufffd\"", json("\ud800\udc00".substring(1) + "\ud800"));
    }
}
