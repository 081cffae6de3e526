package io.jrun.core.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Docker's and podman's default profiles turned into the linux.seccomp they write into a
 * container's config.json: the architectures from {@code archMap} for the machine's, and only
 * the rules whose {@code includes} hold and whose {@code excludes} do not (capabilities of the
 * bounding set, the Go architecture name, the kernel version), as moby's setupSeccomp and
 * containers/common's do.
 */
public final class EngineProfiles {
    private EngineProfiles() {}

    /** Docker's default capabilities (moby oci/caps/defaults.go). */
    static final Set<String> DOCKER_CAPS = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** podman's default capabilities (containers.conf default_capabilities). */
    static final Set<String> PODMAN_CAPS = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT");

    /** Docker's default profile as Docker writes it on x86_64 with Linux 6.1 (fixed, for unit tests). */
    static LinuxSeccomp docker() {
        return resolve("docker-default.json", DOCKER_CAPS, "amd64", "SCMP_ARCH_X86_64", 6, 1);
    }

    /** podman's default profile as podman writes it on x86_64 with Linux 6.1. */
    static LinuxSeccomp podman() {
        return resolve("podman-default.json", PODMAN_CAPS, "amd64", "SCMP_ARCH_X86_64", 6, 1);
    }

    /** Docker's default profile as Docker would write it on this machine (its architecture and kernel). */
    public static LinuxSeccomp dockerOnThisMachine() {
        return onThisMachine("docker-default.json", DOCKER_CAPS);
    }

    /** podman's default profile as podman would write it on this machine. */
    public static LinuxSeccomp podmanOnThisMachine() {
        return onThisMachine("podman-default.json", PODMAN_CAPS);
    }

    private static LinuxSeccomp onThisMachine(String resource, Set<String> caps) {
        String[] arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> new String[] {"amd64", "SCMP_ARCH_X86_64"};
            case "aarch64" -> new String[] {"arm64", "SCMP_ARCH_AARCH64"};
            default -> throw new IllegalStateException("no seccomp architecture for os.arch " + System.getProperty("os.arch"));
        };
        String[] kernel = System.getProperty("os.version").split("[.-]");
        return resolve(resource, caps, arch[0], arch[1], Integer.parseInt(kernel[0]),
                kernel.length > 1 ? Integer.parseInt(kernel[1]) : 0);
    }

    static JsonNode read(String resource) {
        try (InputStream in = EngineProfiles.class.getResourceAsStream("/seccomp/" + resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LinuxSeccomp resolve(String resource, Set<String> caps, String goArch, String scmpArch, int major, int minor) {
        JsonNode p = read(resource);
        List<String> arches = new ArrayList<>();
        for (JsonNode m : p.path("archMap")) {
            if (m.path("architecture").asText().equals(scmpArch)) {
                arches.add(scmpArch);
                m.path("subArchitectures").forEach(s -> arches.add(s.asText()));
            }
        }
        List<LinuxSyscall> rules = new ArrayList<>();
        for (JsonNode r : p.path("syscalls")) {
            if (!applies(r.path("includes"), r.path("excludes"), caps, goArch, major, minor)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            r.path("names").forEach(n -> names.add(n.asText()));
            List<LinuxSeccompArg> args = new ArrayList<>();
            for (JsonNode a : r.path("args")) {
                args.add(new LinuxSeccompArg(a.path("index").asLong(), a.path("value").asLong(), a.path("valueTwo").asLong(),
                        a.path("op").asText()));
            }
            Long errno = r.has("errnoRet") ? r.get("errnoRet").asLong() : null;
            rules.add(new LinuxSyscall(names, r.path("action").asText(), errno, args.isEmpty() ? null : args));
        }
        Long defaultErrno = p.has("defaultErrnoRet") ? p.get("defaultErrnoRet").asLong() : null;
        return new LinuxSeccomp(p.path("defaultAction").asText(), defaultErrno, arches, null, null, null, rules);
    }

    private static boolean applies(JsonNode includes, JsonNode excludes, Set<String> caps, String goArch, int major,
                                   int minor) {
        for (JsonNode a : excludes.path("arches")) {
            if (a.asText().equals(goArch)) {
                return false;
            }
        }
        for (JsonNode c : excludes.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        if (excludes.has("minKernel") && atLeast(excludes.get("minKernel").asText(), major, minor)) {
            return false;
        }
        if (includes.has("arches") && !includes.get("arches").isEmpty()) {
            boolean found = false;
            for (JsonNode a : includes.get("arches")) {
                found |= a.asText().equals(goArch);
            }
            if (!found) {
                return false;
            }
        }
        for (JsonNode c : includes.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        return !includes.has("minKernel") || atLeast(includes.get("minKernel").asText(), major, minor);
    }

    private static boolean atLeast(String version, int major, int minor) {
        String[] v = version.split("\\.");
        int ma = Integer.parseInt(v[0]);
        int mi = v.length > 1 ? Integer.parseInt(v[1]) : 0;
        return major > ma || major == ma && minor >= mi;
    }
}
