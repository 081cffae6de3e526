package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parse errors name the file, the JSON path and the bad value. */
class JsonErrorsTest {

    /** The message of {@link Json#parseConfig}'s error, the same as the former databind path's. */
    private static String parseError(String json) {
        return assertThrows(SpecException.class, () -> TestSupport.parseConfig(json)).getMessage();
    }

    private static final String RLIMITS = """
            {"ociVersion": "1.3.0", "process": {"cwd": "/", "args": ["sh"], "rlimits": [
              {"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1},
              {"type": "RLIMIT_CORE", "hard": 1, "soft": 1},
              {"type": "RLIMIT_NPROC", "hard": 1, "soft": %s}]}}""";

    @Test
    void stringForAnUnsignedNumberNamesPathAndValue() {
        assertEquals("config.json: process.rlimits[2].soft: expected a number, got \"abc\"",
                parseError(RLIMITS.formatted("\"abc\"")));
    }

    @Test
    void negativeUnsignedNumberIsRejected() {
        assertEquals("config.json: process.rlimits[2].soft: expected an unsigned 64-bit number"
                        + " (0 to 18446744073709551615), got -1",
                parseError(RLIMITS.formatted("-1")));
    }

    @Test
    void unsignedNumberAboveTwoToThe64IsRejected() {
        assertEquals("config.json: process.rlimits[2].soft: expected an unsigned 64-bit number"
                        + " (0 to 18446744073709551615), got 18446744073709551616",
                parseError(RLIMITS.formatted("18446744073709551616")));
    }

    @Test
    void uint32OutOfRangeIsRejected() {
        assertEquals("config.json: process.user.uid: expected an unsigned 32-bit number (0 to 4294967295), got 4294967296",
                parseError("{\"process\": {\"user\": {\"uid\": 4294967296}}}"));
        assertEquals("config.json: linux.uidMappings[0].hostID: expected an unsigned 32-bit number (0 to 4294967295), got -5",
                parseError("{\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": -5, \"size\": 1}]}}"));
    }

    @Test
    void uint16OutOfRangeIsRejected() {
        assertEquals("config.json: linux.resources.blockIO.weightDevice[0].weight: expected an unsigned 16-bit number"
                        + " (0 to 65535), got 70000",
                parseError("{\"linux\": {\"resources\": {\"blockIO\": {\"weightDevice\":"
                        + " [{\"major\": 8, \"minor\": 0, \"weight\": 70000}]}}}}"));
    }

    @Test
    void fractionForAnUnsignedNumberIsRejected() {
        assertEquals("config.json: process.rlimits[2].soft: expected a number, got 1.5",
                parseError(RLIMITS.formatted("1.5")));
    }

    @Test
    void wrongTypesForSignedNumbersNameThePath() {
        assertEquals("config.json: process.oomScoreAdj: expected a number, got \"100\"",
                parseError("{\"process\": {\"oomScoreAdj\": \"100\"}}"));
        assertEquals("config.json: linux.resources.memory.limit: expected a number, got 1.5",
                parseError("{\"linux\": {\"resources\": {\"memory\": {\"limit\": 1.5}}}}"));
        assertEquals("config.json: linux.resources.memory.limit: number out of range for a 64-bit integer,"
                        + " got 99999999999999999999",
                parseError("{\"linux\": {\"resources\": {\"memory\": {\"limit\": 99999999999999999999}}}}"));
    }

    @Test
    void numberForAStringIsRejected() {
        assertEquals("config.json: hostname: expected a string, got 42", parseError("{\"hostname\": 42}"));
        assertEquals("config.json: process.args[1]: expected a string, got true",
                parseError("{\"process\": {\"args\": [\"sh\", true]}}"));
        assertEquals("config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string, got 1",
                parseError("{\"linux\": {\"sysctl\": {\"net.ipv4.ip_forward\": 1}}}"));
    }

    @Test
    void wrongTypeForABooleanIsRejected() {
        assertEquals("config.json: process.terminal: expected true or false, got \"yes\"",
                parseError("{\"process\": {\"terminal\": \"yes\"}}"));
        assertEquals("config.json: root.readonly: expected true or false, got 1",
                parseError("{\"root\": {\"path\": \"r\", \"readonly\": 1}}"));
    }

    @Test
    void wrongContainerTypesAreRejected() {
        assertEquals("config.json: process: expected an object, got \"sh\"", parseError("{\"process\": \"sh\"}"));
        assertEquals("config.json: process.args: expected an array, got \"sh -c true\"",
                parseError("{\"process\": {\"args\": \"sh -c true\"}}"));
        assertEquals("config.json: mounts[1]: expected an object, got an array",
                parseError("{\"mounts\": [{\"destination\": \"/a\"}, []]}"));
        assertEquals("config.json: annotations: expected an object, got an array",
                parseError("{\"annotations\": [\"a=b\"]}"));
    }

    @Test
    void nullInsideAListIsRejected() {
        assertEquals("config.json: process.env[1]: null is not allowed here",
                parseError("{\"process\": {\"env\": [\"A=1\", null]}}"));
    }

    @Test
    void malformedJsonNamesLineColumnAndPlace() {
        String message = parseError("{\n  \"process\": {\n    \"args\": [\"sh\"\n    \"cwd\": \"/\"\n  }\n}");
        assertEquals("config.json: process.args[1]: malformed JSON at line 4, column 5: Unexpected character ('\"' (code 34)):"
                + " was expecting comma to separate Array entries", message);
    }

    @Test
    void truncatedAndEmptyDocumentsAreRejected() {
        assertEquals("config.json: process: malformed JSON at line 1, column 24: Unexpected end-of-input:"
                + " expected close marker for Object",
                parseError("{\"process\": {\"cwd\": \"/\""));
        assertEquals("config.json: expected an object, got an empty document", parseError(""));
        assertEquals("config.json: expected an object, got null", parseError("null"));
        assertEquals("config.json: expected an object, got [1]".replace("[1]", "an array"), parseError("[1]"));
    }

    @Test
    void trailingDataIsRejected() {
        assertEquals("config.json: unexpected data after the document at line 1, column 25",
                parseError("{\"ociVersion\": \"1.3.0\"} {}"));
        assertEquals("config.json: malformed JSON at line 1, column 25: Unrecognized token 'garbage': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                parseError("{\"ociVersion\": \"1.3.0\"} garbage"));
    }

    @Test
    void errorsCarryStructuredPathAndSource() {
        SpecException e = assertThrows(SpecException.class, () -> Json.parseConfig(RLIMITS.formatted("\"abc\"")));
        assertEquals("config.json", e.source());
        assertEquals(1, e.errors().size());
        assertEquals("process.rlimits[2].soft", e.errors().getFirst().jsonPath());
    }

    @Test
    void processAndStateFilesAreNamedInErrors(@TempDir Path dir) throws Exception {
        Path process = dir.resolve("proc.json");
        Files.writeString(process, "{\"args\": \"ls\"}");
        assertEquals("proc.json: args: expected an array, got \"ls\"",
                assertThrows(SpecException.class, () -> Json.readProcess(process)).getMessage());

        Path state = dir.resolve("state.json");
        Files.writeString(state, "{\"id\": \"c1\", \"pid\": \"12\"}");
        assertEquals("state.json: pid: expected a number, got \"12\"",
                assertThrows(SpecException.class, () -> Json.readState(state)).getMessage());
    }

    @Test
    void missingFilesStayIoErrors(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> Json.readConfig(dir));
        assertThrows(NoSuchFileException.class, () -> Json.readState(dir.resolve("state.json")));
    }
}
