package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.spec.Json;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCommandTest {
    @TempDir
    Path cwd;

    @Test
    void writesTheDefaultConfigIntoTheWorkingDirectory() throws Exception {
        CliRunner.Result r = new CliRunner(cwd).run("spec");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out() + r.err());
        String text = Files.readString(cwd.resolve("config.json"));
        assertTrue(text.startsWith("{\n\t\"ociVersion\": \"1.3.0\",\n\t\"process\": {\n\t\t"), "tab-indented like runc's");
        Spec spec = Json.parseConfig(text);
        assertEquals(SpecDefaults.example(), spec);
        assertEquals(List.of("sh"), spec.process().args());
    }

    @Test
    void writesIntoTheBundleGivenRelativeOrAbsolute() throws Exception {
        Files.createDirectories(cwd.resolve("b1"));
        Files.createDirectories(cwd.resolve("b2"));
        assertEquals(0, new CliRunner(cwd).run("spec", "-b", "b1").status());
        assertEquals(0, new CliRunner(cwd).run("spec", "--bundle", cwd.resolve("b2").toString()).status());
        assertNotNull(Json.readConfig(cwd.resolve("b1")));
        assertNotNull(Json.readConfig(cwd.resolve("b2")));
    }

    @Test
    void refusesToOverwriteAnExistingConfig() throws Exception {
        Files.writeString(cwd.resolve("config.json"), "mine");
        CliRunner.Result r = new CliRunner(cwd).run("spec");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("level=error msg=\"File config.json exists. Remove it first\"\n"), r.err());
        assertEquals("mine", Files.readString(cwd.resolve("config.json")));
    }

    @Test
    void rootlessConfigHasAUserNamespaceAndNoNetworkNamespace() throws Exception {
        assertEquals(0, new CliRunner(cwd).run("spec", "--rootless").status());
        Spec spec = Json.readConfig(cwd);
        List<String> types = spec.linux().namespacesOrEmpty().stream().map(LinuxNamespace::type).toList();
        assertTrue(types.contains(LinuxNamespace.USER), types.toString());
        assertTrue(!types.contains(LinuxNamespace.NETWORK), types.toString());
        assertEquals(SpecDefaults.rootless(uid(), gid()), spec);
    }

    private static long uid() throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }

    private static long gid() throws Exception {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
    }

    @Test
    void aMissingBundleDirectoryIsAnError() {
        CliRunner.Result r = new CliRunner(cwd).run("spec", "-b", "nope");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("msg=\"bundle " + cwd.resolve("nope") + ": no such file or directory\"\n"), r.err());
        assertTrue(!Files.exists(cwd.resolve("nope")));
    }
}
