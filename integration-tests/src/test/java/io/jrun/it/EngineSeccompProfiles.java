package io.jrun.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Docker's and podman's default seccomp profiles (src/test/resources/seccomp) turned into the
 * linux.seccomp the engine writes into a container's config.json, as moby's setupSeccomp and
 * containers/common's do: the architectures of {@code archMap} for this machine's, and only the
 * rules whose {@code includes} hold and whose {@code excludes} do not, for the engine's default
 * capabilities, this machine's architecture and kernel version.
 */
final class EngineSeccompProfiles {
    private EngineSeccompProfiles() {}

    /** Docker's default capabilities (moby oci/caps/defaults.go). */
    static final Set<String> DOCKER_CAPS = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** podman's default capabilities (containers.conf default_capabilities). */
    static final Set<String> PODMAN_CAPS = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
            "CAP_SYS_CHROOT");

    /** Go's name of this machine's architecture (the profiles' {@code arches}) and libseccomp's. */
    private record Arch(String go, String scmp) {}

    private static Arch arch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> new Arch("amd64", "SCMP_ARCH_X86_64");
            case "aarch64" -> new Arch("arm64", "SCMP_ARCH_AARCH64");
            default -> throw new IllegalStateException("no seccomp architecture for os.arch "
                    + System.getProperty("os.arch"));
        };
    }

    static ObjectNode docker() {
        return resolve("docker-default.json", DOCKER_CAPS);
    }

    static ObjectNode podman() {
        return resolve("podman-default.json", PODMAN_CAPS);
    }

    private static ObjectNode resolve(String resource, Set<String> caps) {
        JsonNode profile = read(resource);
        Arch arch = arch();
        String kernel = System.getProperty("os.version");
        ObjectNode seccomp = Json.object();
        seccomp.set("defaultAction", profile.get("defaultAction"));
        if (profile.has("defaultErrnoRet")) {
            seccomp.set("defaultErrnoRet", profile.get("defaultErrnoRet"));
        }
        ArrayNode architectures = seccomp.putArray("architectures");
        for (JsonNode map : profile.path("archMap")) {
            if (map.path("architecture").asText().equals(arch.scmp())) {
                architectures.add(arch.scmp());
                map.path("subArchitectures").forEach(architectures::add);
            }
        }
        ArrayNode syscalls = seccomp.putArray("syscalls");
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule.path("includes"), rule.path("excludes"), caps, arch.go(), kernel)) {
                continue;
            }
            ObjectNode out = syscalls.addObject();
            out.set("names", rule.get("names"));
            out.set("action", rule.get("action"));
            if (rule.has("errnoRet")) {
                out.set("errnoRet", rule.get("errnoRet"));
            }
            if (!rule.path("args").isEmpty()) {
                ArrayNode args = out.putArray("args");
                for (JsonNode arg : rule.get("args")) {
                    args.addObject()
                            .put("index", arg.path("index").asLong())
                            .put("value", arg.path("value").asLong())
                            .put("valueTwo", arg.path("valueTwo").asLong())
                            .put("op", arg.path("op").asText());
                }
            }
        }
        return seccomp;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = EngineSeccompProfiles.class.getResourceAsStream("/seccomp/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource seccomp/" + resource);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean applies(JsonNode includes, JsonNode excludes, Set<String> caps, String goArch,
                                   String kernel) {
        if (contains(excludes.path("arches"), goArch) || excludes.path("caps").valueStream()
                .anyMatch(c -> caps.contains(c.asText()))) {
            return false;
        }
        if (excludes.has("minKernel") && atLeast(kernel, excludes.get("minKernel").asText())) {
            return false;
        }
        if (!includes.path("arches").isEmpty() && !contains(includes.get("arches"), goArch)) {
            return false;
        }
        if (!includes.path("caps").valueStream().allMatch(c -> caps.contains(c.asText()))) {
            return false;
        }
        return !includes.has("minKernel") || atLeast(kernel, includes.get("minKernel").asText());
    }

    private static boolean contains(JsonNode array, String value) {
        return array.valueStream().anyMatch(v -> v.asText().equals(value));
    }

    /** Whether kernel version {@code kernel} ("6.18.44-fc") is {@code min} ("4.8") or later. */
    private static boolean atLeast(String kernel, String min) {
        int[] have = majorMinor(kernel);
        int[] need = majorMinor(min);
        return have[0] > need[0] || have[0] == need[0] && have[1] >= need[1];
    }

    private static int[] majorMinor(String version) {
        String[] parts = version.split("[.-]");
        return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
    }
}
