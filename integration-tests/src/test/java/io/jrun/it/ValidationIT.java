package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input: `create` fails with a non-zero exit, leaves nothing behind and never runs the
 * program, under any runtime. jrun's message must also say where the problem is (the JSON path)
 * and what the bad value is; runc's wording differs and is not checked. Where runc 1.1.5 accepts
 * what the spec (or jrun) rejects, the test is skipped under runc.
 */
class ValidationIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** A bundle whose program, if it ever ran, would leave /tmp/ran. */
    private Bundle marking() {
        return containers.bundle().sh("touch /tmp/ran");
    }

    /** Creates a container of {@code bundle}: a clean failure; for jrun, stderr has each of {@code jrunSays}. */
    private Result assertCreateFails(Bundle bundle, String... jrunSays) {
        return assertCreateFails(containers.newId(), bundle, jrunSays);
    }

    private Result assertCreateFails(String id, Bundle bundle, String... jrunSays) {
        Result result = containers.create(id, bundle).failed();
        containers.assertNothingLeftBehind(id, bundle);
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the program ran");
        if (containers.runtime().isJrun()) {
            for (String fragment : jrunSays) {
                assertTrue(result.stderr().contains(fragment), () -> "stderr lacks '" + fragment + "': " + result);
            }
        }
        return result;
    }

    @Test
    void aBadOciVersion() {
        containers.assumeNotRunc("runc 1.1.5 does not check ociVersion");
        Bundle bundle = marking();
        bundle.config().put("ociVersion", "not-a-version");
        assertCreateFails(bundle, "ociVersion", "not-a-version");
    }

    @Test
    void aMissingRootPath() {
        Bundle bundle = marking();
        bundle.config().withObject("/root").remove("path");
        assertCreateFails(bundle, "root.path");
    }

    @Test
    void aRelativeCwd() {
        Bundle bundle = marking();
        bundle.process().put("cwd", "tmp");
        assertCreateFails(bundle, "process.cwd", "tmp");
    }

    @Test
    void emptyArgs() {
        Bundle bundle = marking().args();
        assertCreateFails(bundle, "process.args");
    }

    @Test
    void anUnknownNamespaceType() {
        Bundle bundle = marking();
        String path = "linux.namespaces[" + bundle.namespaces().size() + "].type";
        bundle.namespace("jrun-bogus");
        assertCreateFails(bundle, path, "jrun-bogus");
    }

    @Test
    void aDuplicateNamespace() {
        Bundle bundle = marking();
        String path = "linux.namespaces[" + bundle.namespaces().size() + "].type";
        bundle.namespace("pid");
        assertCreateFails(bundle, path, "pid");
    }

    @Test
    void aUserNamespaceWithoutMappings() {
        Bundle bundle = marking().namespace("user");
        assertCreateFails(bundle, "linux.uidMappings");
    }

    @Test
    void anUnknownRlimitType() {
        Bundle bundle = marking();
        bundle.process().putArray("rlimits").addObject().put("type", "RLIMIT_BOGUS").put("soft", 1).put("hard", 1);
        assertCreateFails(bundle, "process.rlimits[0].type", "RLIMIT_BOGUS");
    }

    @Test
    void aDuplicateRlimit() {
        containers.assumeNotRunc("runc 1.1.5 takes duplicate rlimits (the last one wins); the spec says error");
        Bundle bundle = marking();
        ArrayNode rlimits = bundle.process().putArray("rlimits");
        rlimits.addObject().put("type", "RLIMIT_NOFILE").put("soft", 1024).put("hard", 1024);
        rlimits.addObject().put("type", "RLIMIT_NOFILE").put("soft", 512).put("hard", 512);
        assertCreateFails(bundle, "process.rlimits[1].type", "RLIMIT_NOFILE");
    }

    @Test
    void anUnknownCapability() {
        containers.assumeNotRunc("runc 1.1.5 warns about unknown capabilities and ignores them");
        Bundle bundle = marking();
        ArrayNode bounding = bundle.process().withObject("/capabilities").withArray("/bounding");
        String path = "process.capabilities.bounding[" + bounding.size() + "]";
        bounding.add("CAP_BOGUS");
        assertCreateFails(bundle, path, "CAP_BOGUS");
    }

    // --- NUL bytes: a C string ends at one, so the kernel would see a shorter value ---------------

    /** What jrun says of a value with a NUL byte, which it shows as \\u0000. */
    private static final String[] NUL_BYTE = {"contains a NUL byte", "which a C string cannot hold", "\\u0000"};

    private static String[] plus(String path, String... more) {
        List<String> all = new ArrayList<>(List.of(path));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aNulByteInAnArg() {
        containers.assumeNotRunc("runc 1.1.5 creates the container (the args are used at start), whose start then fails "
                + "with \"exec /bin/sh: invalid argument\"");
        Bundle bundle = marking();
        ArrayNode args = bundle.process().withArray("/args");
        String path = "process.args[" + args.size() + "]";
        args.add("a\0b");
        assertCreateFails(bundle, plus(path, NUL_BYTE));
    }

    @Test
    void aNulByteInAnEnvEntry() {
        // runc 1.1.5 fails too: "environment variable value can't contain null(\x00)"
        Bundle bundle = marking();
        ArrayNode env = bundle.process().withArray("/env");
        String path = "process.env[" + env.size() + "]";
        env.add("A=x\0y");
        assertCreateFails(bundle, plus(path, NUL_BYTE));
    }

    @Test
    void aNulByteInTheCwd() {
        // runc 1.1.5 fails too, as it makes the cwd: "mkdir /tmp\x00: invalid argument"
        Bundle bundle = marking();
        bundle.process().put("cwd", "/tmp\0/etc");
        assertCreateFails(bundle, plus("process.cwd", NUL_BYTE));
    }

    @Test
    void aNulByteInTheHostname() {
        containers.assumeNotRunc("runc 1.1.5 sets the hostname cut at the NUL byte (\"h\" for \"h\\u0000x\") and runs "
                + "the container");
        Bundle bundle = marking();
        bundle.config().put("hostname", "h\0x");
        assertCreateFails(bundle, plus("hostname", NUL_BYTE));
    }

    @Test
    void aNulByteInAMountSource() {
        // runc 1.1.5 fails too: "invalid mount {...}: mount field contains null byte"
        Bundle bundle = marking();
        String path = "mounts[" + bundle.config().withArray("/mounts").size() + "].source";
        bundle.mount("/mnt", "bind", "/tmp\0x", "bind");
        assertCreateFails(bundle, plus(path, NUL_BYTE));
    }

    @Test
    void aNulByteInAMountDestination() {
        // runc 1.1.5 fails too: "invalid mount {...}: mount field contains null byte"
        Bundle bundle = marking();
        String path = "mounts[" + bundle.config().withArray("/mounts").size() + "].destination";
        bundle.mount("/mnt\0x", "tmpfs", "tmpfs");
        assertCreateFails(bundle, plus(path, NUL_BYTE));
    }

    @Test
    void aNulByteInAnExecProcessDocument() throws IOException {
        Bundle bundle = containers.bundle().sh("echo ready > /tmp/ready; exec sleep 1000000");
        String id = containers.newId();
        containers.run(id, bundle, "--detach").ok();
        Poll.exists(bundle.file("/tmp/ready"));
        ObjectNode process = Json.MAPPER.createObjectNode();
        process.set("args", Json.strings("sh", "-c", "touch /tmp/ran", "a\0b"));
        process.put("cwd", "/");
        Path file = containers.scratch("process").resolve("process.json");
        Json.MAPPER.writeValue(file.toFile(), process);

        // runc 1.1.5 fails too, at the process's execve: "exec /bin/sh: invalid argument"
        Result result = containers.exec("exec", "--process", file.toString(), id).failed();
        assertFalse(Files.exists(bundle.file("/tmp/ran")), "the program ran");
        if (containers.runtime().isJrun()) {
            for (String fragment : plus("args[3]", NUL_BYTE)) {
                assertTrue(result.stderr().contains(fragment), () -> "stderr lacks '" + fragment + "': " + result);
            }
        }
    }

    // --- long values ------------------------------------------------------------------------------

    @Test
    void aTenMegabyteProgramNameIsNotFoundAndQuotedInPart() {
        String name = "x".repeat(10 * 1024 * 1024);
        Bundle bundle = marking().args(name, "arg");
        Result result = assertCreateFails(bundle, "executable file not found", "exec: \\\"xxxxx", "more bytes)");
        if (containers.runtime().isJrun()) {
            // runc 1.1.5 says it in full: 10 MB
            assertTrue(result.stderr().length() < 4096, () -> "stderr has " + result.stderr().length() + " characters");
        }
    }

    @Test
    void aTenMegabyteRelativeCwdIsQuotedInPart() {
        Bundle bundle = marking();
        bundle.process().put("cwd", "x".repeat(10 * 1024 * 1024));
        Result result = assertCreateFails(bundle, "process.cwd", "must be an absolute path", "more bytes)");
        if (containers.runtime().isJrun()) {
            // the value, and "/" + the value in the hint: 20 MB before
            assertTrue(result.stderr().length() < 4096, () -> "stderr has " + result.stderr().length() + " characters");
        }
    }

    @Test
    void invalidContainerIds() throws IOException {
        List<String> rootBefore = rootEntries();
        // jrun names the bad id, or for one too long to print, its length
        Map<String, String> jrunSays = Map.of("a/b", "a/b", "..", "..", "x".repeat(300), "300");
        for (var id : jrunSays.entrySet()) {
            assertCreateFails(containers.track(id.getKey()), marking(), id.getValue());
        }
        assertEquals(rootBefore, rootEntries(), "the state root changed");
    }

    private List<String> rootEntries() throws IOException {
        try (Stream<Path> entries = Files.list(containers.runtime().root())) {
            return entries.map(Path::toString).sorted().toList();
        }
    }

    @Test
    void aDuplicateContainerIdFailsAndLeavesTheFirstAlone() {
        String id = containers.newId();
        containers.create(id, marking()).ok();
        JsonNode first = containers.state(id);

        Bundle second = marking();
        Result result = containers.create(id, second).failed();
        if (containers.runtime().isJrun()) {
            assertTrue(result.stderr().contains(id), () -> "stderr lacks the id: " + result);
        }
        assertEquals(first, containers.state(id), "the first container changed");
        assertEquals(List.of(), Leftovers.mounts(second.dir()));
        assertEquals(List.of(), Leftovers.processes(second.dir()));
    }
}
