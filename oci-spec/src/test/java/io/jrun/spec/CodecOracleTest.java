package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jrun.spec.elsewhere.Elsewhere;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The codec against the former jackson-databind path ({@link DatabindOracle}): on every document
 * of {@link SpecCorpus}, both read the same record or fail with the same message at the same
 * path, and both write the same bytes, compact and pretty.
 *
 * <p>Three differences are deliberate, each asserted here: databind read a string of blanks where a
 * number or bool belongs as null (Go, and so runc, reject it; so does the codec); it failed on a
 * repeated member once it had seen all of a record's members (the codec, like Go, keeps the last);
 * and where an unsigned number belongs, it called a malformed string "VALUE_STRING" (the codec
 * reports the malformed JSON, as everywhere else).
 */
class CodecOracleTest {

    /** What reading a document gives: a record, or an error message. */
    record Outcome(Object value, String error) {
        static Outcome of(SpecCorpus.Case c, boolean oracle) {
            try {
                Object value = oracle
                        ? DatabindOracle.parse(c.json(), c.type(), "doc.json")
                        : Json.parse(c.json(), c.type(), "doc.json");
                return new Outcome(value, null);
            } catch (SpecException e) {
                assertEquals(1, e.errors().size(), c.name());
                return new Outcome(null, e.getMessage());
            }
        }
    }

    private static final Pattern BLANK_REJECTED =
            Pattern.compile("doc\\.json: .*expected (a number|true or false), got \"( |\\\\u0001)\"");

    /** databind's errors for a member repeated after it had seen all of a record's members. */
    private static final Pattern REPEATED_MEMBER = Pattern.compile(
            ".*(No fallback setter/field defined for creator property|Should never call `set\\(\\)` on setterless property).*");

    @Test
    void fixturesReadAndWriteAsBefore() {
        List<SpecCorpus.Case> fixtures = SpecCorpus.fixtures();
        assertTrue(fixtures.size() >= 5);
        assertSame(fixtures);
        assertWritesSame(SpecDefaults.example(), "jrun spec");
        assertWritesSame(SpecDefaults.rootless(1000, 1000), "jrun spec --rootless");
    }

    @Test
    void everyMemberOfEveryRecordWithEveryKindOfValueReadsAsBefore() {
        assertSame(SpecCorpus.probes());
    }

    @Test
    void malformedAndTruncatedDocumentsFailAsBefore() {
        assertSame(SpecCorpus.malformed());
    }

    @Test
    void samplesOfEveryRecordWriteAsBefore() {
        for (Class<?> type : SpecCorpus.records()) {
            for (SpecCorpus.Flavour flavour : SpecCorpus.Flavour.values()) {
                Object sample = SpecCorpus.sample(type, flavour);
                String what = type.getSimpleName() + " " + flavour;
                assertWritesSame(sample, what);
                if (flavour != SpecCorpus.Flavour.EDGES) { // edges put -1 in uint32s, to write
                    assertEquals(sample, Json.parse(Json.toJson(sample), type, "doc.json"), what);
                }
            }
        }
    }

    /** The shape of runtime-core's state file record, which it writes with {@link Json#toJson}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContainerRecordLike(String id, int pid, long startTime, String bundle, String rootfs, String created,
                               String owner, Map<String, String> annotations, CgroupRefLike cgroup, boolean poststopDone) {}

    /** A record whose constructor refuses some values. */
    record CgroupRefLike(String path, int createdDepth) {
        CgroupRefLike {
            if (path != null && path.isBlank()) {
                throw new IllegalArgumentException("cgroup path must not be blank: " + Quote.value(path) + "\nsecond line");
            }
        }
    }

    /** Every other kind of component a plain record may have. */
    record PlainLike(List<String> names, Integer count, Boolean flag, Long big, List<Long> numbers,
                     List<PlainInner> inners, Map<String, PlainInner> byName, LinuxPids pids) {}

    record PlainInner(String name, long value) {}

    /** The shape of runtime-core's image documents: the documents' own keys, capitals included. */
    record ImageConfigLike(String architecture, String os, ImageSettingsLike config, RootFsLike rootfs) {}

    record ImageSettingsLike(String User, List<String> Env, List<String> Entrypoint, List<String> Cmd, String WorkingDir) {}

    record RootFsLike(String type, List<String> diff_ids) {}

    /** A compact constructor that fills in an absent list, as runtime-core's image index does. */
    record IndexLike(List<PlainInner> images) {
        IndexLike {
            images = images == null ? List.of() : images;
        }
    }

    @Test
    void otherModulesRecordsReadAndWriteAsBefore() {
        for (Class<?> type : List.of(ContainerRecordLike.class, CgroupRefLike.class, PlainLike.class, PlainInner.class,
                ImageConfigLike.class, ImageSettingsLike.class, RootFsLike.class, IndexLike.class, Elsewhere.type())) {
            for (SpecCorpus.Flavour flavour : SpecCorpus.Flavour.values()) {
                assertWritesSame(SpecCorpus.sample(type, flavour), type.getSimpleName() + " " + flavour);
            }
            assertSame(SpecCorpus.probes(type, List.of(), type));
        }
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        withNull.put("b", List.of(1.5, 2.0f, -0.0, Long.MAX_VALUE, new BigInteger("18446744073709551616"),
                new BigDecimal("1.50"), (short) 3, (byte) 4));
        for (Object value : List.of("x\n\u0001é", true, 7, List.of("a", "b"), Map.of("k", "v"), withNull,
                Set.of("s"), List.of(new LinuxNamespace("pid", null), new Root("r", true)))) {
            assertWritesSame(value, String.valueOf(value));
        }
        assertEquals("null", Json.toJson(null));
        assertEquals("{\"id\":\"c1\",\"pid\":0,\"startTime\":0,\"poststopDone\":false}",
                Json.toJson(new ContainerRecordLike("c1", 0, 0, null, null, null, null, null, null, false)));
        assertEquals("state.json: cgroup: cgroup path must not be blank: \" \"", assertThrowsSpec(() -> Json.parse(
                "{\"id\": \"c1\", \"cgroup\": {\"path\": \" \"}}", ContainerRecordLike.class, "state.json")));
    }

    @Test
    void blankStringsForNumbersAndBoolsAreRejectedWhereDatabindReadNull() {
        String json = "{\"process\": {\"terminal\": \" \", \"oomScoreAdj\": \"\\t\"}}";
        assertNull(DatabindOracle.parse(json, Spec.class, "config.json").process().oomScoreAdj());
        assertEquals("config.json: process.terminal: expected true or false, got \" \"",
                assertThrowsSpec(() -> Json.parseConfig(json)));
        assertEquals("config.json: process.oomScoreAdj: expected a number, got \"\\t\"",
                assertThrowsSpec(() -> Json.parseConfig("{\"process\": {\"oomScoreAdj\": \"\\t\"}}")));
        assertEquals("config.json: process.user.additionalGids[0]: expected a number, got \" \"",
                assertThrowsSpec(() -> Json.parseConfig("{\"process\": {\"user\": {\"additionalGids\": [\" \"]}}}")));
    }

    @Test
    void aRepeatedMemberTakesTheLastValueWhereDatabindFailedOnceItHadSeenAll() {
        String json = "{\"linux\": {\"namespaces\": [{\"type\": \"pid\", \"path\": \"/a\", \"type\": \"net\"}]}}";
        assertTrue(REPEATED_MEMBER.matcher(assertThrowsSpec(() -> DatabindOracle.parse(json, Spec.class, "config.json"))).matches());
        assertEquals(new LinuxNamespace("net", "/a"), Json.parseConfig(json).linux().namespaces().getFirst());
        // Before all members were seen, databind kept the last value too.
        assertEquals(new LinuxNamespace("net", null),
                DatabindOracle.parse("{\"linux\": {\"namespaces\": [{\"type\": \"pid\", \"type\": \"net\"}]}}",
                        Spec.class, "config.json").linux().namespaces().getFirst());
    }

    @Test
    void aMalformedStringForAnUnsignedNumberIsReportedAsMalformed() {
        String json = "{\"process\": {\"rlimits\": [{\"hard\": \"1\n\"}]}}";
        assertEquals("config.json: process.rlimits[0].hard: expected a number, got VALUE_STRING",
                assertThrowsSpec(() -> DatabindOracle.parse(json, Spec.class, "config.json")));
        assertEquals("config.json: process.rlimits[0].hard: malformed JSON at line 1, column 37: Illegal unquoted character"
                        + " ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value",
                assertThrowsSpec(() -> Json.parseConfig(json)));
    }

    private static String assertThrowsSpec(org.junit.jupiter.api.function.Executable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, call).getMessage();
    }

    /** Reads every case both ways and compares; writes every record read both ways and compares. */
    private static void assertSame(List<SpecCorpus.Case> cases) {
        List<String> differences = new ArrayList<>();
        int read = 0;
        for (SpecCorpus.Case c : cases) {
            Outcome codec = Outcome.of(c, false);
            Outcome oracle = Outcome.of(c, true);
            if (codec.equals(oracle)) {
                if (codec.value() != null) {
                    read++;
                    assertWritesSame(codec.value(), c.name());
                }
            } else if (!deliberate(codec, oracle)) {
                differences.add(c.name() + "\n    " + abbreviated(c.json()) + "\n    codec:  " + abbreviated(codec.toString())
                        + "\n    oracle: " + abbreviated(oracle.toString()));
            }
        }
        assertEquals(List.of(), differences.stream().limit(8).toList(), differences.size() + " differences");
        assertFalse(read == 0 && cases.size() > 100, "nothing was read at all");
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 150) + " ... " + text.substring(text.length() - 150);
    }

    private static boolean deliberate(Outcome codec, Outcome oracle) {
        boolean blank = codec.error() != null && BLANK_REJECTED.matcher(codec.error()).matches()
                && (oracle.value() != null || oracle.error().endsWith("null is not allowed here"));
        boolean repeated = codec.value() != null && oracle.error() != null && REPEATED_MEMBER.matcher(oracle.error()).matches();
        boolean malformedString = codec.error() != null && codec.error().contains(": malformed JSON at line ")
                && oracle.error() != null && oracle.error().endsWith(": expected a number, got VALUE_STRING");
        return blank || repeated || malformedString;
    }

    private static void assertWritesSame(Object value, String what) {
        assertNotNull(value);
        assertEquals(DatabindOracle.toJson(value), Json.toJson(value), what);
        for (Json.Indent indent : Json.Indent.values()) {
            assertEquals(DatabindOracle.toPrettyJson(value, indent), Json.toPrettyJson(value, indent), what + " " + indent);
        }
    }
}
