package io.jrun.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.spec.Json;
import org.junit.jupiter.api.Test;

class RuntimeFeaturesTest {
    /** runc's features document says "cgroup": {"v1": ..., "v2": ..., "systemd": ..., "systemdUser": ..., "rdma": ...}. */
    @Test
    void cgroupV1AndV2AreSupportedAndTheSystemdDriverIsNot() {
        String json = Json.toJson(RuntimeFeatures.document()).replaceAll("\\s", "");
        assertTrue(json.contains("\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false,\"rdma\":false}"),
                json);
    }
}
