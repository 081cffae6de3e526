package io.jrun.cli;

import io.jrun.spec.Quote;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Values read as runc's Go libraries read them, with their error texts: durations
 * (time.ParseDuration, for --interval), sizes (go-units' RAMInBytes, for update's --memory) and
 * integers (strconv).
 */
final class GoParse {
    private GoParse() {}

    /** A value that does not parse; the message is the Go library's. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message);
        }
    }

    /** time.ParseDuration: "300ms", "-1.5h", "2h45m"; units ns, us (µs), ms, s, m, h. */
    static Duration duration(String s) throws BadValue {
        String orig = s;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new BadValue("time: invalid duration " + quote(orig));
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            boolean pre = i > start;
            boolean post = false;
            if (i < s.length() && s.charAt(i) == '.') {
                int fraction = ++i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
                post = i > fraction;
            }
            if (!pre && !post) {
                throw new BadValue("time: invalid duration " + quote(orig));
            }
            BigDecimal number = new BigDecimal(s.substring(start, i).equals(".") ? "0" : s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
                i++;
            }
            if (i == unitStart) {
                throw new BadValue("time: missing unit in duration " + quote(orig));
            }
            String unit = s.substring(unitStart, i);
            long nanos = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new BadValue("time: unknown unit " + quote(unit) + " in duration " + quote(orig));
            };
            total = total.add(number.multiply(BigDecimal.valueOf(nanos)));
        }
        BigInteger n = total.toBigInteger();
        if (n.bitLength() > 63) {
            throw new BadValue("time: invalid duration " + quote(orig));
        }
        return Duration.ofNanos(negative ? -n.longValueExact() : n.longValueExact());
    }

    /**
     * go-units' RAMInBytes: a number (fractions allowed) with an optional binary unit, case
     * insensitive: "512", "100m", "1.5G", "64MiB", "10 kb" (k, m, g, t, p are powers of 1024).
     */
    static long ramInBytes(String s) throws BadValue {
        int sep = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == ' ') {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            throw new BadValue("invalid size: '" + Quote.bare(s) + "'");
        }
        String number = s.charAt(sep) == ' ' ? s.substring(0, sep) : s.substring(0, sep + 1);
        String suffix = s.substring(sep + 1);
        double size;
        try {
            if (number.isEmpty() || number.chars().anyMatch(Character::isWhitespace)) {
                throw new NumberFormatException();
            }
            size = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new BadValue("strconv.ParseFloat: parsing " + quote(number) + ": invalid syntax");
        }
        if (size < 0 || Double.isNaN(size)) {
            throw new BadValue("invalid size: '" + Quote.bare(s) + "'");
        }
        String sfx = suffix.toLowerCase(java.util.Locale.ROOT);
        if (!sfx.isEmpty()) {
            if (sfx.length() > 3 || (sfx.charAt(0) == 'b' && sfx.length() > 1)) {
                throw new BadValue("invalid suffix: '" + Quote.bare(sfx) + "'");
            }
            if (sfx.charAt(0) != 'b') {
                int power = "kmgtp".indexOf(sfx.charAt(0));
                if (power < 0 || (sfx.length() == 2 && sfx.charAt(1) != 'b')
                        || (sfx.length() == 3 && !sfx.substring(1).equals("ib"))) {
                    throw new BadValue("invalid suffix: '" + sfx + "'");
                }
                size *= Math.pow(1024, power + 1);
            }
        }
        return size >= 0x1p63 ? Long.MAX_VALUE : (long) size;
    }

    /** strconv.ParseUint(s, 10, 64), as the bit pattern of a long. */
    static long parseUint(String s) throws BadValue {
        if (s.isEmpty() || s.charAt(0) == '+' || s.charAt(0) == '-') {
            throw new BadValue("strconv.ParseUint: parsing " + quote(s) + ": invalid syntax");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new BadValue("strconv.ParseUint: parsing " + quote(s) + ": "
                    + (s.chars().allMatch(c -> c >= '0' && c <= '9') ? "value out of range" : "invalid syntax"));
        }
    }

    /** strconv.ParseInt(s, 10, 64). */
    static long parseInt(String s) throws BadValue {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            String digits = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
            boolean range = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
            throw new BadValue("strconv.ParseInt: parsing " + quote(s) + ": " + (range ? "value out of range" : "invalid syntax"));
        }
    }

    /** As Go's %q for what these parse (digits, units), bounded: the value comes from the command line. */
    private static String quote(String s) {
        return Quote.value(s);
    }
}
