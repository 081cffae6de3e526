package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations, sizes and integers read as runc's Go libraries read them. */
class GoParseTest {
    @Test
    void durationsAsTimeParseDuration() throws Exception {
        assertEquals(Duration.ofSeconds(5), GoParse.duration("5s"));
        assertEquals(Duration.ofMillis(1500), GoParse.duration("1.5s"));
        assertEquals(Duration.ofMillis(300), GoParse.duration("300ms"));
        assertEquals(Duration.ofMinutes(165), GoParse.duration("2h45m"));
        assertEquals(Duration.ofNanos(1500), GoParse.duration("1us500ns"));
        assertEquals(Duration.ofNanos(2000), GoParse.duration("2µs"));
        assertEquals(Duration.ofMillis(500), GoParse.duration(".5s"));
        assertEquals(Duration.ofSeconds(-1), GoParse.duration("-1s"));
        assertEquals(Duration.ZERO, GoParse.duration("0"));
        assertEquals("time: missing unit in duration \"5\"",
                assertThrows(GoParse.BadValue.class, () -> GoParse.duration("5")).getMessage());
        assertEquals("time: unknown unit \"d\" in duration \"1d\"",
                assertThrows(GoParse.BadValue.class, () -> GoParse.duration("1d")).getMessage());
        assertEquals("time: invalid duration \"\"",
                assertThrows(GoParse.BadValue.class, () -> GoParse.duration("")).getMessage());
        assertEquals("time: invalid duration \"s\"",
                assertThrows(GoParse.BadValue.class, () -> GoParse.duration("s")).getMessage());
        assertEquals("time: invalid duration \"9999999999h\"",
                assertThrows(GoParse.BadValue.class, () -> GoParse.duration("9999999999h")).getMessage());
    }

    @Test
    void sizesAsRamInBytes() throws Exception {
        assertEquals(512, GoParse.ramInBytes("512"));
        assertEquals(512, GoParse.ramInBytes("512b"));
        assertEquals(100L << 20, GoParse.ramInBytes("100M"));
        assertEquals(100L << 20, GoParse.ramInBytes("100m"));
        assertEquals(100L << 20, GoParse.ramInBytes("100MB"));
        assertEquals(64L << 20, GoParse.ramInBytes("64MiB"));
        assertEquals(10L << 10, GoParse.ramInBytes("10 kb"));
        assertEquals(3L << 29, GoParse.ramInBytes("1.5g"));
        assertEquals(2L << 40, GoParse.ramInBytes("2T"));
        assertEquals("invalid suffix: 'x'", assertThrows(GoParse.BadValue.class, () -> GoParse.ramInBytes("1x")).getMessage());
        assertEquals("invalid suffix: 'mbb'", assertThrows(GoParse.BadValue.class, () -> GoParse.ramInBytes("1mbb")).getMessage());
        assertEquals("invalid suffix: 'bb'", assertThrows(GoParse.BadValue.class, () -> GoParse.ramInBytes("1bb")).getMessage());
        assertEquals("invalid size: 'abc'", assertThrows(GoParse.BadValue.class, () -> GoParse.ramInBytes("abc")).getMessage());
        assertEquals("invalid size: '-5'", assertThrows(GoParse.BadValue.class, () -> GoParse.ramInBytes("-5")).getMessage());
    }

    @Test
    void integersAsStrconv() throws Exception {
        assertEquals(-1, GoParse.parseInt("-1"));
        assertEquals(-1L, GoParse.parseUint("18446744073709551615"));
        assertEquals("strconv.ParseUint: parsing \"-1\": invalid syntax",
                assertThrows(GoParse.BadValue.class, () -> GoParse.parseUint("-1")).getMessage());
        assertEquals("strconv.ParseUint: parsing \"18446744073709551616\": value out of range",
                assertThrows(GoParse.BadValue.class, () -> GoParse.parseUint("18446744073709551616")).getMessage());
        assertEquals("strconv.ParseInt: parsing \"9223372036854775808\": value out of range",
                assertThrows(GoParse.BadValue.class, () -> GoParse.parseInt("9223372036854775808")).getMessage());
        assertEquals("strconv.ParseInt: parsing \"1.5\": invalid syntax",
                assertThrows(GoParse.BadValue.class, () -> GoParse.parseInt("1.5")).getMessage());
    }
}
