package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test (at least) per rule: each asserts the exact JSON path and that the message names the
 * bad value. Every config starts from the valid example and changes one thing.
 */
class SpecValidatorTest {
    @TempDir
    Path bundle;

    @BeforeEach
    void createRootfs() throws IOException {
        Files.createDirectory(bundle.resolve("rootfs"));
    }

    // --- helpers -----------------------------------------------------------------------------

    private static JsonNode node(String json) {
        try {
            return TestSupport.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static Spec edit(Consumer<ObjectNode> edit) {
        return TestSupport.edited(edit);
    }

    private List<ValidationError> errors(Spec spec) {
        return SpecValidator.validate(spec, bundle);
    }

    /** Asserts that {@code spec} has exactly one error, at {@code path}, whose message has each fragment. */
    private ValidationError assertOnlyError(Spec spec, String path, String... fragments) {
        List<ValidationError> errors = errors(spec);
        assertEquals(1, errors.size(), errors::toString);
        ValidationError error = errors.getFirst();
        assertEquals(path, error.jsonPath(), error::toString);
        for (String fragment : fragments) {
            assertTrue(error.message().contains(fragment), () -> "'" + error.message() + "' lacks '" + fragment + "'");
        }
        return error;
    }

    private static void linux(ObjectNode spec, String field, String json) {
        spec.withObject("/linux").set(field, node(json));
    }

    private static void process(ObjectNode spec, String field, String json) {
        spec.withObject("/process").set(field, node(json));
    }

    // --- valid configs ------------------------------------------------------------------------

    @Test
    void defaultAndRootlessExamplesAreValid() {
        assertEquals(List.of(), errors(SpecDefaults.example()));
        assertEquals(List.of(), errors(SpecDefaults.rootless(1000, 1000)));
    }

    @Test
    void dockerStyleConfigIsValid() {
        Spec docker = TestSupport.edited(Json.parseConfig(TestSupport.resource("docker-config.json")),
                s -> s.withObject("/root").put("path", bundle.resolve("rootfs").toString()));
        assertEquals(List.of(), errors(docker));
    }

    // --- ociVersion ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.0.2-dev", "1.1.0", "1.2.0-rc.1", "1.2.1", "1.3.0", "1.3.7", "1.2.0+dev"})
    void supportedVersionsAreAccepted(String version) {
        assertEquals(List.of(), errors(edit(s -> s.put("ociVersion", version))));
    }

    @Test
    void missingVersionIsRejected() {
        assertOnlyError(edit(s -> s.remove("ociVersion")), "ociVersion", "missing", "1.3.0");
    }

    @Test
    void nonSemVerVersionIsRejected() {
        assertOnlyError(edit(s -> s.put("ociVersion", "1.0")), "ociVersion", "not a SemVer version", "\"1.0\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.9.0", "1.4.0", "2.0.0"})
    void unsupportedVersionIsRejected(String version) {
        assertOnlyError(edit(s -> s.put("ociVersion", version)), "ociVersion", "unsupported version",
                "\"" + version + "\"", "1.0.0 to 1.3.x");
    }

    // --- root ---------------------------------------------------------------------------------

    @Test
    void missingRootIsRejected() {
        assertOnlyError(edit(s -> s.remove("root")), "root", "missing");
        assertOnlyError(edit(s -> s.withObject("/root").remove("path")), "root.path", "missing");
    }

    @Test
    void rootThatDoesNotExistIsRejected() {
        ValidationError error = assertOnlyError(edit(s -> s.withObject("/root").put("path", "nope")), "root.path",
                "does not exist", "\"nope\"");
        assertTrue(error.message().contains(bundle.resolve("nope").toString()), error::message);
    }

    @Test
    void rootThatIsAFileIsRejected() throws IOException {
        Files.writeString(bundle.resolve("file"), "");
        assertOnlyError(edit(s -> s.withObject("/root").put("path", "file")), "root.path", "not a directory", "\"file\"");
    }

    @Test
    void absoluteRootIsTakenAsIs() {
        assertEquals(List.of(), errors(edit(s -> s.withObject("/root").put("path", bundle.resolve("rootfs").toString()))));
        assertOnlyError(edit(s -> s.withObject("/root").put("path", "/no/such/rootfs")), "root.path",
                "does not exist", "\"/no/such/rootfs\"");
    }

    // --- process ------------------------------------------------------------------------------

    @Test
    void missingProcessIsRejected() {
        assertOnlyError(edit(s -> s.remove("process")), "process", "missing");
    }

    @Test
    void missingOrEmptyArgsAreRejected() {
        assertOnlyError(edit(s -> s.withObject("/process").remove("args")), "process.args", "missing");
        assertOnlyError(edit(s -> process(s, "args", "[]")), "process.args", "must not be empty", "[]");
    }

    @Test
    void cwdMustBePresentAndAbsolute() {
        assertOnlyError(edit(s -> s.withObject("/process").remove("cwd")), "process.cwd", "missing");
        assertOnlyError(edit(s -> process(s, "cwd", "\"tmp\"")), "process.cwd", "must be an absolute path", "\"tmp\"");
    }

    @Test
    void envEntriesMustBeKeyEqualsValue() {
        assertOnlyError(edit(s -> process(s, "env", "[\"A=1\", \"FOO\"]")), "process.env[1]",
                "not of the form KEY=VALUE", "\"FOO\"");
        assertOnlyError(edit(s -> process(s, "env", "[\"=x\"]")), "process.env[0]", "empty variable name", "\"=x\"");
        assertOnlyError(edit(s -> process(s, "env", "[\"A=1\", \"B=2\", \"C=a\\u0000b\"]")), "process.env[2]",
                "NUL byte", "\"C=a\\u0000b\"");
    }

    @Test
    void unknownCapabilityIsRejectedWithItsSetAndIndex() {
        assertOnlyError(edit(s -> process(s, "capabilities",
                        "{\"bounding\": [\"CAP_KILL\", \"CAP_CHOWN\", \"CAP_BPF\", \"CAP_SYS_ADMN\"]}")),
                "process.capabilities.bounding[3]", "unknown capability", "\"CAP_SYS_ADMN\"");
        assertOnlyError(edit(s -> process(s, "capabilities", "{\"ambient\": [\"cap_kill\"]}")),
                "process.capabilities.ambient[0]", "unknown capability", "\"cap_kill\"");
    }

    @Test
    void everyCapabilityUpToCheckpointRestoreIsKnown() {
        String all = Json.toJson(LinuxCapabilities.KNOWN);
        assertEquals(List.of(), errors(edit(s -> process(s, "capabilities",
                "{\"bounding\": %s, \"effective\": %s, \"inheritable\": %s, \"permitted\": %s, \"ambient\": %s}"
                        .formatted(all, all, all, all, all)))));
        assertEquals(40, LinuxCapabilities.number("CAP_CHECKPOINT_RESTORE"));
        assertEquals(21, LinuxCapabilities.number("CAP_SYS_ADMIN"));
    }

    @Test
    void unknownRlimitTypeIsRejected() {
        assertOnlyError(edit(s -> process(s, "rlimits", """
                        [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1}, {"type": "RLIMIT_CPU", "hard": 1, "soft": 1},
                         {"type": "RLIMIT_FOO", "hard": 1, "soft": 1}]""")),
                "process.rlimits[2].type", "unknown rlimit type", "\"RLIMIT_FOO\"");
    }

    @Test
    void duplicateRlimitTypeIsRejected() {
        assertOnlyError(edit(s -> process(s, "rlimits", """
                        [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 1}, {"type": "RLIMIT_NOFILE", "hard": 2, "soft": 2}]""")),
                "process.rlimits[1].type", "duplicate rlimit type", "\"RLIMIT_NOFILE\"", "process.rlimits[0]");
    }

    @Test
    void softAboveHardIsRejectedComparingUnsigned() {
        assertOnlyError(edit(s -> process(s, "rlimits", "[{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 2048}]")),
                "process.rlimits[0].soft", "above the hard limit", "2048 > 1024");
        assertOnlyError(edit(s -> process(s, "rlimits",
                        "[{\"type\": \"RLIMIT_CORE\", \"hard\": 1024, \"soft\": 18446744073709551615}]")),
                "process.rlimits[0].soft", "above the hard limit", "18446744073709551615 > 1024");
        assertEquals(List.of(), errors(edit(s -> process(s, "rlimits",
                "[{\"type\": \"RLIMIT_CORE\", \"hard\": 18446744073709551615, \"soft\": 1024}]"))));
    }

    @Test
    void negativeAdditionalGidIsRejected() {
        assertOnlyError(edit(s -> process(s, "user", "{\"uid\": 0, \"gid\": 0, \"additionalGids\": [1, -2]}")),
                "process.user.additionalGids[1]", "unsigned 32-bit", "-2");
    }

    // --- hostname, domainname -----------------------------------------------------------------

    @Test
    void hostnameAndDomainnameNeedAUtsNamespace() {
        String noUts = "[{\"type\": \"pid\"}, {\"type\": \"mount\"}]";
        assertOnlyError(edit(s -> linux(s, "namespaces", noUts)), "hostname", "UTS namespace", "\"runc\"");
        assertOnlyError(edit(s -> {
            s.remove("hostname");
            s.put("domainname", "example.org");
            linux(s, "namespaces", noUts);
        }), "domainname", "UTS namespace", "\"example.org\"");
    }

    // --- mounts -------------------------------------------------------------------------------

    @Test
    void mountWithoutDestinationIsRejected() {
        assertOnlyError(edit(s -> ((ObjectNode) s.withArray("/mounts").get(4))
                .remove("destination")), "mounts[4].destination", "missing");
    }

    @Test
    void relativeMountDestinationIsADeprecationWarningNotAnError() {
        Spec spec = edit(s -> ((ObjectNode) s.withArray("/mounts").get(4)).put("destination", "dev/mqueue"));
        assertEquals(List.of(), errors(spec));
        List<ValidationError> warnings = SpecValidator.warnings(spec);
        assertEquals(1, warnings.size());
        assertEquals("mounts[4].destination", warnings.getFirst().jsonPath());
        assertTrue(warnings.getFirst().message().contains("\"dev/mqueue\""), warnings::toString);
        assertTrue(warnings.getFirst().message().contains("\"/dev/mqueue\""), warnings::toString);
        assertEquals(List.of(), SpecValidator.warnings(SpecDefaults.example()));
    }

    // --- hooks --------------------------------------------------------------------------------

    @Test
    void hookPathMustBeAbsolute() {
        assertOnlyError(edit(s -> s.set("hooks", node("{\"prestart\": [{\"path\": \"hook.sh\"}]}"))),
                "hooks.prestart[0].path", "must be an absolute path", "\"hook.sh\"");
        assertOnlyError(edit(s -> s.set("hooks", node("{\"createRuntime\": [{\"args\": [\"x\"]}]}"))),
                "hooks.createRuntime[0].path", "missing");
    }

    @Test
    void hookTimeoutMustBePositive() {
        assertOnlyError(edit(s -> s.set("hooks", node(
                        "{\"poststop\": [{\"path\": \"/bin/true\", \"timeout\": 5}, {\"path\": \"/bin/true\", \"timeout\": 0}]}"))),
                "hooks.poststop[1].timeout", "must be greater than 0", "0");
        assertOnlyError(edit(s -> s.set("hooks", node("{\"startContainer\": [{\"path\": \"/x\", \"timeout\": -3}]}"))),
                "hooks.startContainer[0].timeout", "must be greater than 0", "-3");
    }

    // --- namespaces ---------------------------------------------------------------------------

    @Test
    void unknownNamespaceTypeIsRejected() {
        assertOnlyError(edit(s -> linux(s, "namespaces",
                        "[{\"type\": \"pid\"}, {\"type\": \"net\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}]")),
                "linux.namespaces[1].type", "unknown namespace type", "\"net\"");
    }

    @Test
    void duplicateNamespaceTypeIsRejected() {
        assertOnlyError(edit(s -> linux(s, "namespaces",
                        "[{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"pid\", \"path\": \"/proc/1/ns/pid\"}]")),
                "linux.namespaces[3].type", "duplicate namespace type", "\"pid\"", "linux.namespaces[0]");
    }

    @Test
    void namespacePathMustBeAbsolute() {
        assertOnlyError(edit(s -> linux(s, "namespaces",
                        "[{\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"network\", \"path\": \"run/netns/x\"}]")),
                "linux.namespaces[2].path", "must be an absolute path", "\"run/netns/x\"");
    }

    @Test
    void newUserNamespaceNeedsBothMappings() {
        Spec spec = edit(s -> s.withArray("/linux/namespaces").add(node("{\"type\": \"user\"}")));
        List<ValidationError> errors = errors(spec);
        assertEquals(List.of("linux.uidMappings", "linux.gidMappings"),
                errors.stream().map(ValidationError::jsonPath).toList());
        assertTrue(errors.getFirst().message().contains("linux.namespaces[5]"), errors::toString);

        assertOnlyError(edit(s -> {
            s.withArray("/linux/namespaces").add(node("{\"type\": \"user\"}"));
            linux(s, "uidMappings", "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]");
        }), "linux.gidMappings", "missing");
    }

    @Test
    void joinedUserNamespaceNeedsNoMappings() {
        assertEquals(List.of(), errors(edit(s -> s.withArray("/linux/namespaces")
                .add(node("{\"type\": \"user\", \"path\": \"/proc/1/ns/user\"}")))));
    }

    @Test
    void mappingsWithoutUserNamespaceAreRejected() {
        assertOnlyError(edit(s -> linux(s, "uidMappings", "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]")),
                "linux.uidMappings", "no user namespace", "\"type\": \"user\"");
    }

    @Test
    void emptyMappingRangeIsRejected() {
        Spec rootless = SpecDefaults.rootless(1000, 1000);
        assertOnlyError(TestSupport.edited(rootless, s -> ((ObjectNode) s.withArray("/linux/gidMappings").get(0))
                .put("size", 0)), "linux.gidMappings[0].size", "greater than 0", "0");
    }

    @Test
    void timeOffsetsNeedATimeNamespace() {
        assertOnlyError(edit(s -> linux(s, "timeOffsets", "{\"monotonic\": {\"secs\": 10}}")),
                "linux.timeOffsets", "no time namespace", "\"type\": \"time\"");
        assertEquals(List.of(), errors(edit(s -> {
            linux(s, "timeOffsets", "{\"monotonic\": {\"secs\": 10}, \"boottime\": {\"nanosecs\": 5}}");
            s.withArray("/linux/namespaces").add(node("{\"type\": \"time\"}"));
        })));
    }

    @Test
    void timeOffsetClocksAreMonotonicAndBoottimeOnly() {
        assertOnlyError(edit(s -> {
            linux(s, "timeOffsets", "{\"monotonic\": {\"secs\": 10}, \"realtime\": {\"secs\": 1}}");
            s.withArray("/linux/namespaces").add(node("{\"type\": \"time\"}"));
        }), "linux.timeOffsets.realtime", "unknown clock", "\"realtime\"");
    }

    @Test
    void timeOffsetsCannotApplyToAJoinedTimeNamespace() {
        assertOnlyError(edit(s -> {
            linux(s, "timeOffsets", "{\"boottime\": {\"secs\": 10}}");
            s.withArray("/linux/namespaces").add(node("{\"type\": \"time\", \"path\": \"/proc/1/ns/time\"}"));
        }), "linux.timeOffsets", "joined", "linux.namespaces[5]");
    }

    // --- devices, propagation, masked paths ---------------------------------------------------

    @Test
    void devicePathMustBeAbsolute() {
        assertOnlyError(edit(s -> linux(s, "devices", "[{\"path\": \"fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229}]")),
                "linux.devices[0].path", "must be an absolute path", "\"fuse\"");
    }

    @Test
    void deviceTypeMustBeKnown() {
        assertOnlyError(edit(s -> linux(s, "devices", """
                        [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229},
                         {"path": "/dev/x", "type": "x", "major": 1, "minor": 1}]""")),
                "linux.devices[1].type", "unknown device type", "\"x\"");
    }

    @Test
    void majorAndMinorAreRequiredExceptForFifos() {
        assertOnlyError(edit(s -> linux(s, "devices", "[{\"path\": \"/dev/sda\", \"type\": \"b\", \"minor\": 0}]")),
                "linux.devices[0].major", "missing", "\"b\"");
        assertOnlyError(edit(s -> linux(s, "devices", "[{\"path\": \"/dev/u\", \"type\": \"u\", \"major\": 4}]")),
                "linux.devices[0].minor", "missing", "\"u\"");
        assertEquals(List.of(), errors(edit(s -> linux(s, "devices", "[{\"path\": \"/dev/fifo\", \"type\": \"p\"}]"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"private", "rprivate", "slave", "rslave", "shared", "rshared", "unbindable", "runbindable"})
    void knownRootfsPropagationIsAccepted(String mode) {
        assertEquals(List.of(), errors(edit(s -> s.withObject("/linux").put("rootfsPropagation", mode))));
    }

    @Test
    void unknownRootfsPropagationIsRejected() {
        assertOnlyError(edit(s -> s.withObject("/linux").put("rootfsPropagation", "recursive")),
                "linux.rootfsPropagation", "unknown propagation mode", "\"recursive\"");
    }

    @Test
    void maskedAndReadonlyPathsNeedAMountNamespace() {
        String noMount = "[{\"type\": \"pid\"}, {\"type\": \"uts\"}]";
        List<ValidationError> errors = errors(edit(s -> linux(s, "namespaces", noMount)));
        assertEquals(List.of("linux.maskedPaths", "linux.readonlyPaths"),
                errors.stream().map(ValidationError::jsonPath).toList());
    }

    // --- sysctl -------------------------------------------------------------------------------

    @Test
    void namespacedSysctlsInEitherSpellingAreAccepted() {
        assertEquals(List.of(), errors(edit(s -> linux(s, "sysctl", """
                {"kernel.msgmax": "8192", "fs.mqueue.msg_max": "10", "net.ipv4.ip_forward": "1",
                 "net/ipv4/conf/eth0.100/rp_filter": "1", "net.ipv4.conf.eth0/100.forwarding": "1",
                 "kernel.domainname": "example.org"}"""))));
    }

    @Test
    void sysctlThatEscapesProcSysIsRejected() {
        assertOnlyError(edit(s -> linux(s, "sysctl", "{\"net.ipv4.ip_forward\": \"1\", \"net/../../etc/x\": \"1\"}")),
                "linux.sysctl[\"net/../../etc/x\"]", "not a valid sysctl name", "\"net/../../etc/x\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel..msgmax", ".kernel.msgmax", "kernel.msgmax.", "/net/ipv4", "net.//.x"})
    void sysctlWithEmptyOrDotPartsIsRejected(String key) {
        assertOnlyError(edit(s -> linux(s, "sysctl", Json.toJson(java.util.Map.of(key, "1")))),
                JsonPath.member("linux.sysctl", key), "not a valid sysctl name", Quote.value(key));
    }

    @Test
    void emptySysctlNameIsRejected() {
        assertOnlyError(edit(s -> linux(s, "sysctl", "{\"\": \"1\"}")), "linux.sysctl[\"\"]", "empty sysctl name");
    }

    @Test
    void sysctlOfANamespaceTheContainerLacksIsRejected() {
        assertOnlyError(edit(s -> {
            linux(s, "namespaces", "[{\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"ipc\"}]");
            linux(s, "sysctl", "{\"net.ipv4.ip_forward\": \"1\"}");
        }), "linux.sysctl[\"net.ipv4.ip_forward\"]", "network namespace", "\"net.ipv4.ip_forward\"");
        assertOnlyError(edit(s -> {
            linux(s, "namespaces", "[{\"type\": \"mount\"}, {\"type\": \"uts\"}]");
            linux(s, "sysctl", "{\"kernel.shmmax\": \"1\"}");
        }), "linux.sysctl[\"kernel.shmmax\"]", "IPC namespace", "\"kernel.shmmax\"");
    }

    @Test
    void hostOnlySysctlIsRejected() {
        assertOnlyError(edit(s -> linux(s, "sysctl", "{\"vm.swappiness\": \"10\"}")),
                "linux.sysctl[\"vm.swappiness\"]", "not namespaced", "\"vm.swappiness\"");
    }

    @Test
    void kernelHostnameSysctlConflictsWithHostnameField() {
        assertOnlyError(edit(s -> linux(s, "sysctl", "{\"kernel.hostname\": \"x\"}")),
                "linux.sysctl[\"kernel.hostname\"]", "hostname field", "\"kernel.hostname\"");
    }

    @Test
    void sysctlNamesMapToProcSysPaths() {
        assertEquals("net/ipv4/conf/eth0.100/rp_filter", Sysctls.procPath("net/ipv4/conf/eth0.100/rp_filter"));
        assertEquals("net/ipv4/conf/eth0.100/rp_filter", Sysctls.procPath("net.ipv4.conf.eth0/100.rp_filter"));
        assertEquals("kernel/msgmax", Sysctls.procPath("kernel.msgmax"));
        assertEquals("net.ipv4.conf.eth0/100.rp_filter", Sysctls.dotted("net/ipv4/conf/eth0.100/rp_filter"));
        assertEquals(null, Sysctls.procPath("net/../x"));
    }

    // --- NUL bytes ----------------------------------------------------------------------------

    private static final String NUL = "contains a NUL byte (\\u0000), which a C string cannot hold";

    private static ObjectNode element(ObjectNode spec, String pointer, int index) {
        return (ObjectNode) spec.withArray(pointer).get(index);
    }

    private static void setElement(ObjectNode spec, String pointer, int index, String value) {
        spec.withArray(pointer).set(index, spec.textNode(value));
    }

    /** Each field that reaches a syscall as a C string: a NUL byte in it is an error at its path. */
    static List<org.junit.jupiter.params.provider.Arguments> cStringFields() {
        record Field(String path, Consumer<ObjectNode> edit) {}
        List<Field> fields = List.of(
                new Field("process.args[1]", s -> process(s, "args", "[\"sh\", \"a\\u0000b\"]")),
                new Field("process.args[0]", s -> process(s, "args", "[\"sh\\u0000zzz\"]")),
                new Field("process.env[1]", s -> setElement(s, "/process/env", 1, "TERM=x\u0000y")),
                new Field("process.env[2]", s -> s.withArray("/process/env").add("NOEQUALS\u0000")),
                new Field("process.cwd", s -> s.withObject("/process").put("cwd", "/tmp\u0000/etc")),
                new Field("process.cwd", s -> s.withObject("/process").put("cwd", "tmp\u0000")),
                new Field("process.apparmorProfile", s -> s.withObject("/process").put("apparmorProfile", "p\u0000x")),
                new Field("process.user.username", s -> s.withObject("/process/user").put("username", "root\u0000x")),
                new Field("hostname", s -> s.put("hostname", "h\u0000x")),
                new Field("domainname", s -> s.put("domainname", "d\u0000x")),
                new Field("root.path", s -> s.withObject("/root").put("path", "rootfs\u0000x")),
                new Field("mounts[2].source", s -> element(s, "/mounts", 2).put("source", "/tmp\u0000x")),
                new Field("mounts[3].destination", s -> element(s, "/mounts", 3).put("destination", "/mnt\u0000x")),
                new Field("mounts[3].type", s -> element(s, "/mounts", 3).put("type", "tmpfs\u0000x")),
                new Field("mounts[1].options[3]", s -> setElement(element(s, "/mounts", 1), "/options", 3, "size=1m\u0000x")),
                new Field("hooks.createRuntime[0].path", s -> s.set("hooks", node(
                        "{\"createRuntime\": [{\"path\": \"/bin/true\\u0000x\"}]}"))),
                new Field("hooks.poststop[1].args[1]", s -> s.set("hooks", node(
                        "{\"poststop\": [{\"path\": \"/x\"}, {\"path\": \"/x\", \"args\": [\"x\", \"a\\u0000\"]}]}"))),
                new Field("hooks.prestart[0].env[0]", s -> s.set("hooks", node(
                        "{\"prestart\": [{\"path\": \"/x\", \"env\": [\"A=\\u0000\"]}]}"))),
                new Field("linux.namespaces[1].path", s -> element(s, "/linux/namespaces", 1).put("path", "/proc/1/ns/net\u0000x")),
                new Field("linux.maskedPaths[2]", s -> setElement(s, "/linux/maskedPaths", 2, "/proc/kcore\u0000x")),
                new Field("linux.readonlyPaths[0]", s -> setElement(s, "/linux/readonlyPaths", 0, "/proc\u0000/bus")),
                new Field("linux.sysctl[\"net.ipv4.ip_forward\\u0000x\"]",
                        s -> s.withObject("/linux/sysctl").put("net.ipv4.ip_forward\u0000x", "1")),
                new Field("linux.sysctl[\"net.ipv4.ip_forward\"]",
                        s -> s.withObject("/linux/sysctl").put("net.ipv4.ip_forward", "1\u0000x")),
                new Field("linux.devices[0].path", s -> linux(s, "devices",
                        "[{\"path\": \"/dev/fuse\\u0000x\", \"type\": \"c\", \"major\": 10, \"minor\": 229}]")),
                new Field("linux.cgroupsPath", s -> s.withObject("/linux").put("cgroupsPath", "/a\u0000b")));
        return fields.stream().map(f -> org.junit.jupiter.params.provider.Arguments.of(f.path(), f.edit())).toList();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("cStringFields")
    void aNulByteInACStringFieldIsRejectedAtItsPath(String path, Consumer<ObjectNode> edit) {
        ValidationError error = assertOnlyError(edit(edit), path, NUL, "\\u0000");
        assertTrue(error.message().startsWith(NUL + ": \""), error::message);
    }

    @Test
    void theNulByteErrorReads() {
        assertEquals(List.of(new ValidationError("process.args[1]", NUL + ": \"a\\u0000b\"")),
                errors(edit(s -> process(s, "args", "[\"sh\", \"a\\u0000b\"]"))));
        assertEquals(null, SpecValidator.nulByte("--env", "A=b"));
        assertEquals(null, SpecValidator.nulByte("--cwd", null));
        assertEquals(new ValidationError("--env", NUL + ": \"A=\\u0000\""), SpecValidator.nulByte("--env", "A=\0"));
    }

    @Test
    void aNulByteInAnExecProcessDocumentIsRejected() {
        Process process = Json.parse("""
                {"args": ["ls", "a\\u0000"], "cwd": "/\\u0000", "env": ["A=\\u0000"], "apparmorProfile": "x\\u0000"}""",
                Process.class, "process.json");
        assertEquals(List.of("args[1]", "cwd", "env[0]", "apparmorProfile"),
                SpecValidator.validateProcess(process).stream().map(ValidationError::jsonPath).toList());
    }

    // --- long values --------------------------------------------------------------------------

    private static final int TEN_MB = 10 * 1024 * 1024;

    @Test
    void aLongValueIsQuotedInPart() {
        String cwd = "x".repeat(TEN_MB);
        ValidationError error = assertOnlyError(edit(s -> s.withObject("/process").put("cwd", cwd)),
                "process.cwd", "must be an absolute path", "more bytes)");
        // the value and the hint's "/" + value, each bounded
        assertTrue(error.message().length() < 3 * Quote.MAX, () -> error.message().length() + " characters");
    }

    @Test
    void aLongValueWithANulByteIsQuotedInPart() {
        String arg = "\0" + "y".repeat(TEN_MB);
        ValidationError error = assertOnlyError(edit(s -> s.withObject("/process").putArray("args").add("sh").add(arg)),
                "process.args[1]", NUL, "\"\\u0000yyy", "…(" + (TEN_MB + 1 - (Quote.MAX - 5)) + " more bytes)");
        assertTrue(error.message().length() < 2 * Quote.MAX + NUL.length(), () -> error.message().length() + " characters");
    }

    @Test
    void aLongNameIsBoundedInThePathToo() {
        String key = "kernel." + "z".repeat(40_000) + "\n"; // names are at most 50000 characters (Jackson)
        List<ValidationError> errors = errors(edit(s -> s.withObject("/linux/sysctl").put(key, "1")));
        assertEquals(1, errors.size());
        String line = errors.getFirst().format("config.json");
        assertTrue(line.length() < 4 * Quote.MAX, () -> line.length() + " characters");
        assertTrue(line.startsWith("config.json: linux.sysctl[\"kernel.zzz"), line::toString);
        assertFalse(line.contains("\n"), "a raw newline");
    }

    // --- reporting ----------------------------------------------------------------------------

    @Test
    void allErrorsAreReportedInDocumentOrder() {
        Spec spec = edit(s -> {
            s.put("ociVersion", "9.9.9");
            process(s, "cwd", "\"tmp\"");
            process(s, "env", "[\"NOPE\"]");
            s.withObject("/root").put("path", "missing-rootfs");
            linux(s, "rootfsPropagation", "\"bogus\"");
        });
        SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validateOrThrow(spec, bundle));
        assertEquals(List.of("ociVersion", "process.cwd", "process.env[0]", "root.path", "linux.rootfsPropagation"),
                e.errors().stream().map(ValidationError::jsonPath).toList());
        String[] lines = e.getMessage().split("\n");
        assertEquals(5, lines.length);
        assertEquals("config.json: ociVersion: unsupported version: \"9.9.9\"; jrun supports 1.0.0 to 1.3.x", lines[0]);
        assertEquals("config.json: process.cwd: must be an absolute path: \"tmp\"; e.g. \"/tmp\"", lines[1]);
    }

    @Test
    void validConfigDoesNotThrow() {
        SpecValidator.validateOrThrow(SpecDefaults.example(), bundle);
    }

    @Test
    void execProcessDocumentPathsAreRelativeToIt() {
        Process process = Json.parse("""
                {"args": ["ls"], "cwd": "tmp", "capabilities": {"effective": ["CAP_NOPE"]},
                 "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1, "soft": 2}]}""", Process.class, "process.json");
        assertEquals(List.of("cwd", "capabilities.effective[0]", "rlimits[0].soft"),
                SpecValidator.validateProcess(process).stream().map(ValidationError::jsonPath).toList());
    }
}
