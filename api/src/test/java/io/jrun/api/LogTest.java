package io.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogTest {
    private final List<String> records = new ArrayList<>();
    private final Log log = Log.of(LogTest.class);

    private void record() {
        Log.use((logger, level, format, args) -> records.add(logger + " " + level + " " + format + " " + Arrays.toString(args)));
    }

    @AfterEach
    void reset() {
        Log.use(null);
        Log.setLevel(Log.Level.INFO);
    }

    @Test
    void recordsBelowTheLevelNeverReachTheBackend() {
        record();
        Log.setLevel(Log.Level.INFO);
        assertFalse(Log.isDebugEnabled());
        log.trace("t");
        log.debug("d {}", 1);
        log.info("i {}", 2);
        log.warn("w");
        log.error("e {} {}", "a", 3);
        assertEquals(List.of("io.jrun.api.LogTest INFO i {} [2]", "io.jrun.api.LogTest WARN w []",
                "io.jrun.api.LogTest ERROR e {} {} [a, 3]"), records);
    }

    @Test
    void debugLevelLetsDebugRecordsThrough() {
        record();
        Log.setLevel(Log.Level.DEBUG);
        assertTrue(Log.isDebugEnabled());
        assertFalse(Log.isTraceEnabled());
        log.trace("t");
        log.debug("d {}", 1);
        assertEquals(List.of("io.jrun.api.LogTest DEBUG d {} [1]"), records);
    }
}
