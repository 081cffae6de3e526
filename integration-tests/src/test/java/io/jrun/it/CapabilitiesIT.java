package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** process.capabilities and process.noNewPrivileges, read from /proc/self/status in the container. */
class CapabilitiesIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /**
     * The kernel's numbers of the capabilities these tests use (kernel ABI, capability.h),
     * written out here rather than taken from jrun's table so that the test checks that table.
     */
    private static final Map<String, Integer> NUMBERS = Map.of(
            "CAP_CHOWN", 0, "CAP_DAC_OVERRIDE", 1, "CAP_FOWNER", 3, "CAP_KILL", 5, "CAP_SETGID", 6,
            "CAP_SETUID", 7, "CAP_NET_BIND_SERVICE", 10, "CAP_NET_RAW", 13, "CAP_AUDIT_WRITE", 29);

    private static String mask(String... capabilities) {
        long mask = 0;
        for (String capability : capabilities) {
            mask |= 1L << NUMBERS.get(capability);
        }
        return String.format("%016x", mask);
    }

    private static void capabilities(Bundle bundle, Map<String, List<String>> sets) {
        var caps = bundle.process().putObject("capabilities");
        sets.forEach((set, names) -> caps.set(set, Json.strings(names.toArray(String[]::new))));
    }

    /** The Cap* and NoNewPrivs lines of the program's /proc/self/status. */
    private Map<String, String> status(Bundle bundle) {
        Map<String, String> status = new LinkedHashMap<>();
        for (String line : containers.run(bundle.sh("grep -E '^(Cap|NoNewPrivs)' /proc/self/status")).ok().lines()) {
            String[] fields = line.split(":\\s*");
            status.put(fields[0], fields[1]);
        }
        return status;
    }

    @Test
    void rootGetsTheConfiguredSets() {
        String[] granted = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_KILL", "CAP_SETUID", "CAP_SETGID",
                "CAP_NET_BIND_SERVICE"};
        Bundle bundle = containers.bundle();
        // for uid 0 execve makes permitted = bounding | inheritable: a config that holds after exec
        capabilities(bundle, Map.of("bounding", List.of(granted), "permitted", List.of(granted),
                "effective", List.of(granted), "inheritable", List.of(), "ambient", List.of()));

        assertEquals(Map.of(
                "CapInh", mask(),
                "CapPrm", mask(granted),
                "CapEff", mask(granted),
                "CapBnd", mask(granted),
                "CapAmb", mask(),
                "NoNewPrivs", "1"), status(bundle));
    }

    @Test
    void aNonRootUserKeepsItsAmbientCapabilities() {
        Bundle bundle = containers.bundle();
        bundle.process().putObject("user").put("uid", 1000).put("gid", 1000);
        // for another uid execve of a file without file capabilities makes permitted = effective = ambient
        capabilities(bundle, Map.of(
                "bounding", List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"),
                "inheritable", List.of("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"),
                "permitted", List.of("CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "effective", List.of("CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "ambient", List.of("CAP_KILL", "CAP_NET_BIND_SERVICE")));

        assertEquals(Map.of(
                "CapInh", mask("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"),
                "CapPrm", mask("CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "CapEff", mask("CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "CapBnd", mask("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"),
                "CapAmb", mask("CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "NoNewPrivs", "1"), status(bundle));
    }

    @Test
    void rootWithoutCapChownCannotChown() {
        Bundle bundle = containers.bundle().sh("touch /tmp/f; chown 1000 /tmp/f && echo chowned || echo refused");
        String[] granted = {"CAP_AUDIT_WRITE", "CAP_KILL"};
        capabilities(bundle, Map.of("bounding", List.of(granted), "permitted", List.of(granted),
                "effective", List.of(granted)));

        Result result = containers.run(bundle).ok();
        assertEquals("refused", result.out());
        assertTrue(result.stderr().contains("Operation not permitted"), result::toString);
    }

    @Test
    void noNewPrivilegesCanBeOff() {
        Bundle bundle = containers.bundle();
        bundle.process().put("noNewPrivileges", false);
        assertEquals("0", status(bundle).get("NoNewPrivs"));
    }
}
