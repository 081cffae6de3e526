package io.jrun.image;

import io.jrun.api.ConfigEdits;
import io.jrun.api.Annotations;
import io.jrun.api.CreateOptions;
import io.jrun.api.JrunException;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.Mount;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config of an image container: `jrun spec`'s, the image's settings, then the options. */
class RunSpecTest {
    @TempDir
    Path tmp;

    private static final Image IMAGE = new Image("app", "sha256:" + "a".repeat(64), "2026-01-01T00:00:00Z", "/src", null,
            List.of(new Image.Layer("sha256:" + "b".repeat(64), 1)),
            new Image.Settings(List.of("/entry", "--flag"), List.of("default", "cmd"), List.of("PATH=/image/bin", "A=image"),
                    "/srv", "app"));

    private static ImageRunOptions options() {
        return new ImageRunOptions("app", List.of(), null, List.of(), null, null, null, List.of(), false, null, null, null,
                null, false, true, false, false, CreateOptions.defaults(), Path.of("/cwd"));
    }

    private Users.User root() {
        return Users.resolve(null, tmp);
    }

    private Spec build(ImageRunOptions o) {
        return RunSpec.build(IMAGE, o, "app-1234", Path.of("/var/lib/jrun/containers/app-1234"), root(), Map.of("HOSTVAR", "h"));
    }

    private static ImageRunOptions with(ImageRunOptions o, java.util.function.UnaryOperator<List<Object>> change) {
        List<Object> c = new java.util.ArrayList<>(List.of(o.image(), o.command(), "", o.env(), "", "", "", o.volumes(),
                o.readOnly(), "", -1L, "", "", o.tty(), o.interactive(), o.detach(), o.keep(), o.create(), o.cwd()));
        c.set(2, o.name());
        c.set(4, o.workdir());
        c.set(5, o.user());
        c.set(6, o.hostname());
        c.set(9, o.memory());
        c.set(10, o.pidsLimit());
        c.set(11, o.cpus());
        c.set(12, o.network());
        c = change.apply(c);
        @SuppressWarnings("unchecked")
        ImageRunOptions r = new ImageRunOptions((String) c.get(0), (List<String>) c.get(1), (String) c.get(2),
                (List<String>) c.get(3), (String) c.get(4), (String) c.get(5), (String) c.get(6), (List<String>) c.get(7),
                (boolean) c.get(8), (String) c.get(9), (Long) c.get(10), (String) c.get(11), (String) c.get(12),
                (boolean) c.get(13), (boolean) c.get(14), (boolean) c.get(15), (boolean) c.get(16), (CreateOptions) c.get(17),
                (Path) c.get(18));
        return r;
    }

    private static ImageRunOptions set(int index, Object value) {
        return with(options(), c -> {
            c.set(index, value);
            return c;
        });
    }

    @Test
    void theImagesSettingsOverTheSpecDefaults() {
        Spec spec = build(options());
        Spec example = SpecDefaults.example();
        assertEquals(List.of("/entry", "--flag", "default", "cmd"), spec.process().args());
        assertEquals(List.of("PATH=/image/bin", "TERM=xterm", "A=image", "HOME=/"), spec.process().env());
        assertEquals("/srv", spec.process().cwd());
        assertEquals("app-1234", spec.hostname());
        assertEquals("rootfs", spec.root().path());
        assertFalse(spec.root().readonly(), "an image container's root is writable unless --read-only");
        assertFalse(spec.process().terminal());
        assertEquals(example.mounts(), spec.mounts());
        assertEquals(example.process().capabilities(), spec.process().capabilities());
        assertEquals(example.linux().maskedPaths(), spec.linux().maskedPaths());
        List<LinuxNamespace> namespaces = new java.util.ArrayList<>(example.linux().namespaces());
        namespaces.add(new LinuxNamespace(LinuxNamespace.CGROUP, null));
        assertEquals(namespaces, spec.linux().namespaces(), "its own network namespace, and a cgroup namespace");
        assertEquals(Map.of(RunSpec.IMAGE, "app", Annotations.CONTAINER_DIR, "/var/lib/jrun/containers/app-1234",
                Annotations.LOOPBACK, "up"), spec.annotations());
        assertNull(spec.linux().resources().memory());
    }

    @Test
    void aCommandReplacesCmdAndKeepsTheEntrypoint() {
        assertEquals(List.of("/entry", "--flag", "ls", "-l"), build(set(1, List.of("ls", "-l"))).process().args());
        Image noEntrypoint = new Image("x", IMAGE.id(), IMAGE.imported(), null, null, IMAGE.layers(),
                new Image.Settings(null, List.of("sh"), null, null, null));
        Spec spec = RunSpec.build(noEntrypoint, set(1, List.of("/bin/true")), "x-1", tmp, root(), Map.of());
        assertEquals(List.of("/bin/true"), spec.process().args());
        assertEquals("/", spec.process().cwd());
        assertEquals(SpecDefaults.example().process().env().getFirst(), spec.process().env().getFirst(), "the default PATH");
    }

    @Test
    void envOptionsAddAndOverride() {
        Spec spec = build(set(3, List.of("A=option", "B=b=c", "HOSTVAR", "UNSET")));
        assertEquals(List.of("PATH=/image/bin", "TERM=xterm", "A=option", "B=b=c", "HOSTVAR=h", "HOME=/"), spec.process().env());
        assertThrows(JrunException.class, () -> build(set(3, List.of("=x"))));
    }

    @Test
    void optionsOverTheImage() throws IOException {
        Path vol = Files.createDirectories(tmp.resolve("data"));
        ImageRunOptions o = with(options(), c -> {
            c.set(4, "/work");
            c.set(6, "box");
            c.set(7, List.of(vol + ":/data:ro", "data:/rw"));
            c.set(8, true);
            c.set(9, "64m");
            c.set(10, 20L);
            c.set(11, "1.5");
            c.set(12, "host");
            c.set(13, true);
            c.set(18, tmp);
            return c;
        });
        Spec spec = build(o);
        assertEquals("/work", spec.process().cwd());
        assertEquals("box", spec.hostname());
        assertTrue(spec.root().readonly());
        assertTrue(spec.process().terminal());
        List<Mount> mounts = spec.mounts();
        assertEquals(new Mount("/data", "bind", vol.toString(), List.of("rbind", "rprivate", "ro"), null, null),
                mounts.get(mounts.size() - 2));
        assertEquals(new Mount("/rw", "bind", vol.toString(), List.of("rbind", "rprivate", "rw"), null, null), mounts.getLast(),
                "a relative host path is relative to the working directory");
        assertEquals(64L << 20, spec.linux().resources().memory().limit());
        assertEquals(20L, spec.linux().resources().pids().limit());
        assertEquals(150_000L, spec.linux().resources().cpu().quota());
        assertEquals(100_000L, spec.linux().resources().cpu().period());
        assertEquals(SpecDefaults.example().linux().resources().devices(), spec.linux().resources().devices());
        assertTrue(spec.linux().namespaces().stream().noneMatch(ns -> ns.type().equals(LinuxNamespace.NETWORK)));
        assertFalse(spec.annotations().containsKey(Annotations.LOOPBACK), "the host's loopback is left alone");
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("-w work: the working directory must be an absolute path",
                assertThrows(JrunException.class, () -> build(set(4, "work"))).getMessage());
        assertEquals("--network bridge: jrun knows \"none\" (the container's own network namespace, with loopback only) and "
                + "\"host\" (the host's)", assertThrows(JrunException.class, () -> build(set(12, "bridge"))).getMessage());
        assertEquals("-v /nope:/x: /nope does not exist",
                assertThrows(JrunException.class, () -> build(set(7, List.of("/nope:/x")))).getMessage());
        assertEquals("-v /:x: the path in the container must be absolute",
                assertThrows(JrunException.class, () -> build(set(7, List.of("/:x")))).getMessage());
        assertEquals("-v /:/x:rx: the mode is ro or rw, not \"rx\"",
                assertThrows(JrunException.class, () -> build(set(7, List.of("/:/x:rx")))).getMessage());
        assertTrue(assertThrows(JrunException.class, () -> build(set(9, "lots"))).getMessage().startsWith("--memory lots:"));
        assertEquals("--cpus 0.001: must be at least 0.01",
                assertThrows(JrunException.class, () -> build(set(11, "0.001"))).getMessage());
        assertEquals("-t with --detach needs --console-socket: jrun cannot be the terminal of a container it leaves",
                assertThrows(JrunException.class, () -> build(with(options(), c -> {
                    c.set(13, true);
                    c.set(15, true);
                    return c;
                }))).getMessage());
        assertEquals("--pids-limit 0: must be more than 0",
                assertThrows(JrunException.class, () -> build(set(10, 0L))).getMessage());
        Image none = new Image("bare", IMAGE.id(), IMAGE.imported(), null, null, IMAGE.layers(), Image.Settings.NONE);
        assertEquals("image bare has no command (neither Entrypoint nor Cmd): give one, as in jrun run bare /bin/sh",
                assertThrows(JrunException.class, () -> RunSpec.build(none, options(), "b", tmp, root(), Map.of())).getMessage());
    }

    @Test
    void memoryAndCpuQuantities() {
        assertEquals(1048576L, ConfigEdits.bytes("--memory", "1048576"));
        assertEquals(512L << 10, ConfigEdits.bytes("--memory", "512k"));
        assertEquals(64L << 20, ConfigEdits.bytes("--memory", "64M"));
        assertEquals(64L << 20, ConfigEdits.bytes("--memory", "64mb"));
        assertEquals(3L << 29, ConfigEdits.bytes("--memory", "1.5g"));
        assertEquals(1000L, ConfigEdits.cpuQuota("--cpus", "0.01"));
        assertEquals(200_000L, ConfigEdits.cpuQuota("--cpus", "2"));
    }

    @Test
    void usersResolveInTheImagesFiles() throws IOException {
        Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(tmp.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(tmp.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:1001:other,app\nwheel:x:10:app\n");
        assertEquals(new Users.User(1000, 1000, List.of(10L, 1001L), "/home/app"), Users.resolve("app", tmp));
        assertEquals(new Users.User(1000, 1001, List.of(10L), "/home/app"), Users.resolve("app:extra", tmp));
        assertEquals(new Users.User(1000, 1000, List.of(10L, 1001L), "/home/app"), Users.resolve("1000", tmp));
        assertEquals(new Users.User(4242, 0, List.of(), "/"), Users.resolve("4242", tmp));
        assertEquals(new Users.User(4242, 7, List.of(), "/"), Users.resolve("4242:7", tmp));
        assertEquals(new Users.User(0, 0, List.of(), "/root"), Users.resolve(null, tmp));
        assertEquals("user \"nobody\": no such user in the image's /etc/passwd",
                assertThrows(JrunException.class, () -> Users.resolve("nobody", tmp)).getMessage());
        assertEquals("group \"staff\": no such group in the image's /etc/group",
                assertThrows(JrunException.class, () -> Users.resolve("app:staff", tmp)).getMessage());

        Spec spec = RunSpec.build(IMAGE, options(), "c", tmp, Users.resolve("app", tmp), Map.of());
        assertEquals(1000, spec.process().user().uid());
        assertEquals(List.of(10L, 1001L), spec.process().user().additionalGids());
        assertTrue(spec.process().env().contains("HOME=/home/app"));
    }

    @Test
    void theImagesFilesAreNotReadThroughSymlinks() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("host-etc"));
        Files.writeString(outside.resolve("passwd"), "hostuser:x:4321:4321::/:/bin/sh\n");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createSymbolicLink(rootfs.resolve("etc"), outside);
        assertThrows(JrunException.class, () -> Users.resolve("hostuser", rootfs));
    }
}
