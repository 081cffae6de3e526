package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** linux.namespaces: new ones, shared ones and joined ones, seen in /proc/self/ns of the container. */
class NamespacesIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** The /proc/self/ns links a test compares, inside and out ("mnt" is the mount namespace, "net" network). */
    private static final List<String> LINKS = List.of("pid", "net", "ipc", "uts", "mnt", "cgroup", "user", "time");

    private static String printLinks() {
        return "for ns in " + String.join(" ", LINKS) + "; do echo $ns $(readlink /proc/self/ns/$ns); done";
    }

    private static Map<String, String> parseLinks(Result result) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String line : result.lines()) {
            String[] fields = line.split(" ", 2);
            links.put(fields[0], fields.length > 1 ? fields[1] : "");
        }
        return links;
    }

    private static String hostLink(String ns) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns", ns)).toString();
    }

    @Test
    void theProgramIsPidOneOfItsOwnPidNamespace() {
        Bundle bundle = containers.bundle().sh("echo $$; tr '\\0' ' ' < /proc/1/cmdline; echo; echo /proc/[0-9]*");
        Result result = containers.run(bundle).ok();
        assertEquals("1", result.lines().get(0));
        assertTrue(result.lines().get(1).startsWith("sh -c echo $$"), result::toString);
        // the glob is expanded by sh itself: the only process is pid 1
        assertEquals("/proc/1", result.lines().get(2));
    }

    @Test
    void eachNamespaceInTheConfigIsNewTheOthersAreTheHosts() throws IOException {
        Bundle bundle = containers.bundle().sh(printLinks());
        bundle.withoutNamespace("cgroup").namespace("cgroup");
        Map<String, String> inside = parseLinks(containers.run(bundle).ok());

        for (String ns : List.of("pid", "net", "ipc", "uts", "mnt", "cgroup")) {
            assertTrue(inside.get(ns).startsWith(ns + ":["), inside::toString);
            assertNotEquals(hostLink(ns), inside.get(ns), ns + " namespace is the host's");
        }
        for (String ns : List.of("user", "time")) {
            assertEquals(hostLink(ns), inside.get(ns), ns + " namespace was not asked for");
        }
    }

    @Test
    void withoutNetworkAndIpcNamespacesTheHostsAreShared() throws IOException {
        Bundle bundle = containers.bundle().sh(printLinks());
        bundle.withoutNamespace("network").withoutNamespace("ipc");
        Map<String, String> inside = parseLinks(containers.run(bundle).ok());

        assertEquals(hostLink("net"), inside.get("net"));
        assertEquals(hostLink("ipc"), inside.get("ipc"));
        assertNotEquals(hostLink("pid"), inside.get("pid"));
    }

    @Test
    void aNamespaceWithAPathIsJoined() throws IOException {
        NetworkNamespace netns = NetworkNamespace.add(containers);
        Bundle bundle = containers.bundle().sh("readlink /proc/self/ns/net; cat /proc/net/dev");
        bundle.joinNamespace("network", netns.path().toString());

        Result result = containers.run(bundle).ok();
        assertEquals("net:[" + netns.inode() + "]", result.lines().getFirst());
    }

    @Test
    void aPathToANamespaceOfAnotherTypeIsAnError() {
        NetworkNamespace netns = NetworkNamespace.add(containers);
        Bundle bundle = containers.bundle().sh("touch /tmp/ran");
        bundle.joinNamespace("uts", netns.path().toString());
        int index = indexOf(bundle, "uts");

        String id = containers.newId();
        Result result = containers.create(id, bundle).failed();
        containers.assertNothingLeftBehind(id, bundle);
        if (containers.runtime().isJrun()) {
            String stderr = result.stderr();
            assertTrue(stderr.contains("linux.namespaces[" + index + "]"), result::toString);
            assertTrue(stderr.contains(netns.path().toString()), result::toString);
        }
    }

    private static int indexOf(Bundle bundle, String type) {
        int i = 0;
        for (JsonNode ns : bundle.namespaces()) {
            if (ns.path("type").asText().equals(type)) {
                return i;
            }
            i++;
        }
        throw new AssertionError("no " + type + " namespace in " + bundle.namespaces());
    }
}
