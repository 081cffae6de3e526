package io.jrun.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.ContainerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** What a @Sandbox annotation asks for, as a ContainerSpec: no container is started here. */
class SandboxSpecTest {
    /** The annotations, on fields of a class that is not a test class (where they would start containers). */
    static final class Examples {
        @Sandbox
        Object defaults;

        @Sandbox(rootDirectory = "/srv/root", command = {"/bin/sh", "-c", "true"}, env = {"A=1", "B=x=y"}, cwd = "/tmp",
                user = "1000:1000", bind = {"/data:/data:ro", "/work:/work"}, tmpfs = "/tmp", network = ContainerSpec.Network.HOST,
                hostname = "h", memory = "64m", pidsLimit = 20, cpus = 0.5, seccomp = Sandbox.SeccompProfile.DEFAULT,
                capAdd = "NET_ADMIN", capDrop = "ALL", timeoutSeconds = 30)
        Object everything;

        @Sandbox(image = "busybox", bundle = "/b")
        Object twoSources;

        @Sandbox(spec = "built")
        Object fromMethod;

        @Sandbox(spec = "missing")
        Object missingMethod;

        @Sandbox(memory = "lots")
        Object badMemory;

        static ContainerSpec.Builder built() {
            return ContainerSpec.image("alpine").command("echo", "built");
        }
    }

    private static ContainerSpec spec(String field) throws NoSuchFieldException {
        return JrunExtension.spec(Examples.class.getDeclaredField(field).getAnnotation(Sandbox.class), Examples.class);
    }

    @Test
    void byDefaultTheHostsProgramsSleepingWithoutNetwork() throws Exception {
        ContainerSpec s = spec("defaults");
        assertInstanceOf(ContainerSpec.Source.Host.class, s.source());
        assertEquals(List.of("sleep", "2147483647"), s.command());
        assertEquals(ContainerSpec.Network.NONE, s.network());
        assertEquals(ContainerSpec.Stdio.COLLECT, s.stdio());
    }

    @Test
    void everyAttributeReachesTheSpec() throws Exception {
        ContainerSpec s = spec("everything");
        assertEquals(new ContainerSpec.Source.RootDirectory(Path.of("/srv/root")), s.source());
        assertEquals(List.of("/bin/sh", "-c", "true"), s.command());
        assertEquals(Map.of("A", "1", "B", "x=y"), s.env());
        assertEquals("/tmp", s.cwd());
        assertEquals("1000:1000", s.user());
        assertEquals(List.of(new ContainerSpec.Volume.Bind(Path.of("/data"), "/data", true),
                new ContainerSpec.Volume.Bind(Path.of("/work"), "/work", false),
                new ContainerSpec.Volume.Tmpfs("/tmp", 0)), s.volumes());
        assertEquals(ContainerSpec.Network.HOST, s.network());
        assertEquals("h", s.hostname());
        assertEquals(64L << 20, s.memoryBytes());
        assertEquals(20L, s.pidsLimit());
        assertEquals(0.5, s.cpus());
        assertInstanceOf(ContainerSpec.Seccomp.Default.class, s.seccomp());
        assertTrue(s.capAdd().contains("NET_ADMIN"));
        assertTrue(s.capDrop().contains("ALL"));
        assertEquals(Duration.ofSeconds(30), s.timeout());
    }

    @Test
    void aSpecMethodGivesTheWholeSpec() throws Exception {
        ContainerSpec s = spec("fromMethod");
        assertEquals(new ContainerSpec.Source.Image("alpine"), s.source());
        assertEquals(List.of("echo", "built"), s.command());
    }

    @Test
    void mistakesAreNamed() {
        assertTrue(assertThrows(ExtensionConfigurationException.class, () -> spec("twoSources")).getMessage()
                .contains("one of image, bundle and rootDirectory"));
        assertTrue(assertThrows(ExtensionConfigurationException.class, () -> spec("missingMethod")).getMessage()
                .contains("static method missing()"));
        assertTrue(assertThrows(ExtensionConfigurationException.class, () -> spec("badMemory")).getMessage()
                .contains("@Sandbox memory lots"));
    }
}
