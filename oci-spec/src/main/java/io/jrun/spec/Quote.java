package io.jrun.spec;

/**
 * How a value from a config, a process document or the command line is shown in a message (an
 * error, a log line, a child's step name): at most {@value #MAX} characters of it, then how
 * much was left out, as {@code "abc"…(10485560 more bytes)}; and with control characters
 * visible, so that a value can neither flood a log nor forge lines in it: a newline shows as
 * {@code \n}, a NUL as <code>&#92;u0000</code>.
 *
 * <p>The cost is that of the part shown plus, for a long value, one pass over the rest to count
 * its UTF-8 bytes; build a message from a value once, not once per use, where the value may be
 * large.
 */
public final class Quote {
    /** The most characters of a value a message shows (escapes count as what they print). */
    public static final int MAX = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Quote() {}

    /**
     * {@code value} as a JSON string literal (quotes, {@code \"}, {@code \\}, {@code \n}, <code>&#92;u0000</code>...),
     * bounded: {@code "abc"} or {@code "ab"…(N more bytes)}; {@code null} for null.
     */
    public static String value(String value) {
        return value == null ? "null" : append(new StringBuilder(Math.min(value.length(), MAX) + 2), value, true).toString();
    }

    /**
     * {@code value} bounded and with control characters escaped as {@link #value} does, without
     * the quotes and with {@code "} as it is: for values that messages embed bare, such as the
     * paths in "mount /a on /b".
     */
    public static String bare(String value) {
        return value == null ? "null" : append(new StringBuilder(Math.min(value.length(), MAX)), value, false).toString();
    }

    /** Appends {@link #value} or, if not {@code quoted}, {@link #bare} of {@code value} to {@code out}. */
    public static StringBuilder append(StringBuilder out, String value, boolean quoted) {
        if (quoted) {
            out.append('"');
        }
        int start = out.length();
        int n = value.length();
        int i = 0;
        while (i < n && out.length() - start < MAX) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = value.codePointAt(i);
                if (visible(cp)) {
                    out.append(c).append(value.charAt(i + 1));
                } else {
                    unicodeEscape(out, c);
                    unicodeEscape(out, value.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            switch (c) {
                case '"' -> out.append(quoted ? "\\\"" : "\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isSurrogate(c) || !visible(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
            i++;
        }
        if (quoted) {
            out.append('"');
        }
        if (i < n) {
            out.append("…(").append(utf8Length(value, i)).append(" more bytes)");
        }
        return out;
    }

    /**
     * Not a control character (C0, DEL, C1), a format character (bidi overrides, zero-width
     * ones...), or a line or paragraph separator: what could hide text or break a line.
     */
    private static boolean visible(int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> false;
            default -> true;
        };
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    /** The length of {@code s} from {@code from} on as {@code getBytes(UTF_8)} encodes it. */
    static long utf8Length(String s, int from) {
        long bytes = 0;
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // String.getBytes(UTF_8) writes '?' for a lone surrogate
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
