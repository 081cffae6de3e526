package io.jrun.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Text as runc's Go libraries write it, so that what reads runc's output reads jrun's: JSON
 * strings as encoding/json escapes them, strings as strconv.Quote ({@code %q}) quotes them, and
 * times in RFC 3339. Hand-written rather than Jackson's because the log layouts and {@code state}
 * run in every fresh JVM: loading a JSON library for one line would be most of their cost.
 */
final class GoFormat {
    private GoFormat() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * Appends {@code s} as a JSON string the way Go's encoding/json writes it (HTML escaping on,
     * as json.Marshal and json.Encoder have it): {@code <>&}, U+2028 and U+2029 as {@code \\uXXXX},
     * control characters as {@code \\n}, {@code \\r}, {@code \\t} or {@code \\u00XX}.
     */
    static StringBuilder appendJsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> appendUnicodeEscape(b, c);
                default -> {
                    if (c < 0x20) {
                        appendUnicodeEscape(b, c);
                    } else if (Character.isSurrogate(c)) {
                        // A pair is one character; a lone half is invalid text, which Go replaces.
                        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            b.append(c).append(s.charAt(++i));
                        } else {
                            b.append("\\ufffd");
                        }
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder b, char c) {
        b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }

    /**
     * Appends {@code s} quoted as Go's strconv.Quote does: printable characters as they are,
     * {@code \\a \\b \\f \\n \\r \\t \\v}, other ASCII controls as {@code \\xHH}, other unprintable
     * characters as {@code \\uHHHH} or {@code \\UHHHHHHHH}.
     */
    static StringBuilder appendQuoted(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '"' || cp == '\\') {
                b.append('\\').append((char) cp);
            } else if (isPrint(cp)) {
                b.appendCodePoint(cp);
            } else {
                switch (cp) {
                    case 0x07 -> b.append("\\a");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case 0x0b -> b.append("\\v");
                    default -> {
                        if (cp < ' ' || cp == 0x7f) {
                            b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
                        } else if (Character.isSurrogate((char) cp)) {
                            b.append("\\ufffd");
                        } else if (cp < 0x10000) {
                            appendUnicodeEscape(b, (char) cp);
                        } else {
                            b.append("\\U");
                            for (int shift = 28; shift >= 0; shift -= 4) {
                                b.append(HEX[cp >> shift & 0xf]);
                            }
                        }
                    }
                }
            }
        }
        return b.append('"');
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7f;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Go's time.RFC3339Nano in UTC: {@code 2006-01-02T15:04:05.999999999Z}, trailing zeros dropped. */
    static String rfc3339Nano(Instant instant) {
        StringBuilder b = appendDateTime(new StringBuilder(30), LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(digits, 0, end);
        }
        return b.append('Z').toString();
    }

    /** Go's time.RFC3339 in {@code zone}, as logrus stamps its records: {@code 2006-01-02T15:04:05Z07:00}. */
    static String rfc3339(Instant instant, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        StringBuilder b = appendDateTime(new StringBuilder(25), LocalDateTime.ofInstant(instant, offset));
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return b.append('Z').toString();
        }
        int minutes = Math.abs(seconds) / 60;
        b.append(seconds < 0 ? '-' : '+');
        pad2(b, minutes / 60).append(':');
        return pad2(b, minutes % 60).toString();
    }

    private static StringBuilder appendDateTime(StringBuilder b, LocalDateTime t) {
        String year = Integer.toString(t.getYear());
        b.append("0".repeat(Math.max(0, 4 - year.length()))).append(year).append('-');
        pad2(b, t.getMonthValue()).append('-');
        pad2(b, t.getDayOfMonth()).append('T');
        pad2(b, t.getHour()).append(':');
        pad2(b, t.getMinute()).append(':');
        return pad2(b, t.getSecond());
    }

    private static StringBuilder pad2(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
