package io.jrun.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `update` stores its resources in the container's config.json, everything else kept as it was. */
class StoredConfigTest {
    private static String splice(String config, String resources) throws IOException {
        return new String(StoredConfig.withResources(config.getBytes(StandardCharsets.UTF_8), resources),
                StandardCharsets.UTF_8);
    }

    @Test
    void replacesTheResourcesAndKeepsEverythingElse() throws IOException {
        assertEquals("{\"ociVersion\":\"1.2.0\",\"x-vendor\":{\"a\":[1,2.5,null]},"
                        + "\"linux\":{\"cgroupsPath\":\"/c1\",\"future\":true,\"resources\":{\"pids\":{\"limit\":9}}},"
                        + "\"process\":{\"args\":[\"sh\"]}}",
                splice("{\n  \"ociVersion\": \"1.2.0\",\n  \"x-vendor\": {\"a\": [1, 2.5, null]},\n"
                                + "  \"linux\": {\"cgroupsPath\": \"/c1\", \"resources\": {\"pids\": {\"limit\": 5}},"
                                + " \"future\": true},\n  \"process\": {\"args\": [\"sh\"]}\n}\n",
                        "{\"pids\":{\"limit\":9}}"));
    }

    @Test
    void addsResourcesOrLinuxWhereMissing() throws IOException {
        assertEquals("{\"linux\":{\"cgroupsPath\":\"/c1\",\"resources\":{}}}",
                splice("{\"linux\":{\"cgroupsPath\":\"/c1\"}}", "{}"));
        assertEquals("{\"ociVersion\":\"1.2.0\",\"linux\":{\"resources\":{}}}", splice("{\"ociVersion\":\"1.2.0\"}", "{}"));
        assertEquals("{\"linux\":{\"resources\":{}}}", splice("{\"linux\":null}", "{}"));
    }
}
