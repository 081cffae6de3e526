package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jrun spec} writes what {@code runc spec} writes, but for spec 1.3.0. */
class SpecDefaultsTest {

    private static String runcOutputAs130(String resource) {
        return TestSupport.resource(resource).replace("\"ociVersion\": \"1.0.2-dev\"", "\"ociVersion\": \"1.3.0\"");
    }

    @Test
    void exampleIsRuncSpecOutputWithVersion130() {
        assertEquals(runcOutputAs130("runc-spec-default.json"), Json.toPrettyJson(SpecDefaults.example(), Json.Indent.TAB));
    }

    @Test
    void rootlessIsRuncSpecRootlessOutputWithVersion130() {
        // The reference output was made as root, so runc mapped host id 0.
        assertEquals(runcOutputAs130("runc-spec-rootless.json"),
                Json.toPrettyJson(SpecDefaults.rootless(0, 0), Json.Indent.TAB));
    }

    @Test
    void rootlessMapsContainerRootToTheGivenUser() {
        Spec spec = SpecDefaults.rootless(1000, 1001);
        assertEquals(List.of(new LinuxIdMapping(0, 1000, 1)), spec.linux().uidMappings());
        assertEquals(List.of(new LinuxIdMapping(0, 1001, 1)), spec.linux().gidMappings());
        assertFalse(spec.linux().hasNamespace(LinuxNamespace.NETWORK));
        assertNull(spec.linux().resources());
    }

    @Test
    void toRootlessKeepsOtherLinuxSettingsAndAddsOneUserNamespace() {
        Spec withUserNs = TestSupport.edited(s -> {
            s.withArray("/linux/namespaces").addObject().put("type", "user");
            s.withObject("/linux").put("cgroupsPath", "/jrun/x");
        });
        Spec rootless = SpecDefaults.toRootless(withUserNs, 5, 6);
        assertEquals(1, rootless.linux().namespacesOrEmpty().stream().filter(ns -> ns.type().equals("user")).count());
        assertEquals("/jrun/x", rootless.linux().cgroupsPath());
        assertEquals(withUserNs.linux().maskedPaths(), rootless.linux().maskedPaths());
    }
}
