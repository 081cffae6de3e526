package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `jrun image import|ls|rm` and `jrun run IMAGE`: every kind of source, layers with whiteouts,
 * the image's config and each option seen from inside the container, and that a container's
 * overlay and directories go with it. One image storage for the class (JRUN_STORAGE), with the
 * busybox image of scripts/make-busybox-image.sh; it must hold no container directory and no
 * mount when the class is done, and is then removed.
 */
class ImageIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static Path storage;
    private static Path sources;
    private static Path busyboxLayout;

    @BeforeEach
    void storage() {
        containers.assumeJrun("images and the image form of run are jrun's");
        if (storage == null) {
            storage = containers.testRun().newDir("image-storage");
            sources = containers.testRun().newDir("image-sources");
            busyboxLayout = sources.resolve("busybox-oci");
            Path script = Path.of(System.getProperty("jrun.home", ".")).resolve("scripts/make-busybox-image.sh");
            containers.host("bash", script.toString(), busyboxLayout.toString()).ok();
            jrun("image", "import", "busybox", busyboxLayout.toString()).ok();
        }
    }

    /** Every container directory and overlay mount went with its container; then the storage goes. */
    @AfterAll
    static void removeStorage() throws IOException {
        if (storage == null) {
            return;
        }
        List<String> mounts = Leftovers.mounts(storage);
        for (MountEntry m : MountEntry.host()) {
            if (Path.of(m.mountPoint()).startsWith(storage)) {
                new ProcessBuilder("umount", "-l", m.mountPoint()).inheritIO().start();
            }
        }
        List<Path> dirs = children(storage.resolve("containers"));
        try {
            assertEquals(List.of(), mounts, "overlay mounts left in " + storage);
            assertEquals(List.of(), dirs, "container directories left in " + storage);
        } finally {
            Poll.until("the storage's mounts to go", () -> Leftovers.mounts(storage).isEmpty());
            Trees.delete(storage);
            Trees.delete(sources);
            storage = null;
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A jrun command with this class's image storage. */
    private Result jrun(String... args) {
        return containers.host(argv(args).toArray(String[]::new));
    }

    private List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "JRUN_STORAGE=" + storage));
        argv.addAll(containers.runtime().command(args));
        return argv;
    }

    /** `run --name ID args...`, the id tracked (deleted and checked after the test). */
    private Result run(String id, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--name", containers.track(id)));
        all.addAll(List.of(args));
        return jrun(all.toArray(String[]::new));
    }

    /** `run` of a new container from {@code image} with {@code sh -c script}, to its end. */
    private Result sh(String image, String script, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of(image, "sh", "-c", script));
        return run(containers.newId(), args.toArray(String[]::new));
    }

    /** A shell command line with jrun's argv in it, for pipes and directories. */
    private String shellLine(String... args) {
        StringBuilder b = new StringBuilder();
        for (String a : argv(args)) {
            b.append(" '").append(a.replace("'", "'\\''")).append("'");
        }
        return b.toString();
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** No image container's directory, no overlay mount: what every removed container must leave. */
    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), children(storage.resolve("containers")), "container directories");
        assertEquals(List.of(), Leftovers.mounts(storage), "mounts in the storage");
    }

    /** A tar of directory {@code dir}'s contents. */
    private Path tar(Path dir, String name) {
        Path file = sources.resolve(name);
        containers.host("tar", "--numeric-owner", "-C", dir.toString(), "-cf", file.toString(), ".").ok();
        return file;
    }

    private Path copyOfBusybox(String name) {
        Path dir = sources.resolve(name);
        containers.host("cp", "-a", containers.testRun().rootfsImage().toString(), dir.toString()).ok();
        return dir;
    }

    // --- sources --------------------------------------------------------------------------------

    @Test
    void everyKindOfSourceImportsAndRuns() throws IOException {
        Path ociArchive = sources.resolve("busybox-oci.tar");
        containers.host("skopeo", "copy", "oci:" + busyboxLayout + ":latest", "oci-archive:" + ociArchive + ":latest").ok();
        Path dockerArchive = sources.resolve("busybox-docker.tar");
        containers.host("skopeo", "copy", "oci:" + busyboxLayout + ":latest",
                "docker-archive:" + dockerArchive + ":busybox:latest").ok();
        Path rootfsTarball = sources.resolve("rootfs.tar.gz");
        containers.host("tar", "--numeric-owner", "-C", containers.testRun().rootfsImage().toString(), "-czf",
                rootfsTarball.toString(), ".").ok();
        Path rootfsDir = containers.testRun().rootfsImage();

        List<String> names = List.of("from-oci-archive", "from-docker-archive", "from-tarball", "from-directory");
        List<Path> paths = List.of(ociArchive, dockerArchive, rootfsTarball, rootfsDir);
        for (int i = 0; i < names.size(); i++) {
            Result imported = jrun("image", "import", names.get(i), paths.get(i).toString()).ok();
            assertTrue(imported.out().startsWith("imported " + names.get(i) + " ("), imported.toString());
            Result r = sh(names.get(i), "head -1 /etc/passwd; id -un").ok();
            assertEquals(List.of("root:x:0:0:root:/root:/bin/sh", "root"), r.lines(), names.get(i));
        }
        // the OCI and docker archives are the same image: the same config, one layer for both
        List<String> ls = jrun("image", "ls").ok().lines();
        String busyboxId = ls.stream().filter(l -> l.startsWith("busybox ")).findFirst().orElseThrow().split("\\s+")[1];
        assertTrue(ls.stream().anyMatch(l -> l.startsWith("from-oci-archive ") && l.contains(" " + busyboxId + " ")), ls.toString());
        assertTrue(ls.stream().anyMatch(l -> l.startsWith("from-docker-archive ") && l.contains(" " + busyboxId + " ")),
                ls.toString());
        for (com.fasterxml.jackson.databind.JsonNode image : Json.parse(jrun("image", "ls", "--format", "json").ok().out())) {
            String name = image.path("name").asText();
            boolean archive = name.endsWith("-archive") || name.equals("busybox");
            assertEquals(archive ? "[\"sh\"]" : "", archive ? image.path("settings").path("cmd").toString()
                    : image.path("settings").path("cmd").asText(), name + "'s Cmd: the image's, none for a root filesystem");
        }
        jrun("image", "rm", "from-oci-archive", "from-docker-archive", "from-tarball", "from-directory").ok();
        assertEquals(List.of("busybox"), jrun("image", "ls", "-q").ok().lines());
        assertNothingLeft();
    }

    @Test
    void aWhiteoutHidesAFileAndAnOpaqueDirectoryItsLowerContents() throws IOException {
        Path lower = copyOfBusybox("lower");
        Files.writeString(lower.resolve("etc/motd"), "from the lower layer\n");
        Files.createDirectories(lower.resolve("data"));
        Files.writeString(lower.resolve("data/old"), "old\n");
        Files.writeString(lower.resolve("data/also-old"), "old\n");
        Path upper = Files.createDirectories(sources.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        Files.createFile(upper.resolve("etc/.wh.motd"));
        Files.createDirectories(upper.resolve("data"));
        Files.createFile(upper.resolve("data/.wh..wh..opq"));
        Files.writeString(upper.resolve("data/new"), "new\n");
        Path layout = sources.resolve("two-layers");
        OciLayouts.write(layout, List.of(tar(lower, "lower.tar"), tar(upper, "upper.tar")), "{\"Cmd\":[\"sh\"]}");
        jrun("image", "import", "two-layers", layout.toString()).ok();

        Result r = sh("two-layers", "ls -A /data; test -e /etc/motd && echo motd-present || echo motd-absent; ls -A /etc").ok();
        List<String> lines = r.lines();
        assertEquals(List.of("new", "motd-absent"), lines.subList(0, 2), r.toString());
        assertFalse(r.out().contains(".wh."), "no whiteout shows: " + r);

        // umoci writes the whiteout of a file deleted from an unpacked image
        Path repacked = sources.resolve("umoci-layout");
        containers.host("cp", "-a", busyboxLayout.toString(), repacked.toString()).ok();
        Path bundle = sources.resolve("umoci-bundle");
        containers.host("umoci", "unpack", "--image", repacked + ":latest", bundle.toString()).ok();
        Files.delete(bundle.resolve("rootfs/etc/group"));
        containers.host("umoci", "repack", "--image", repacked + ":without-group", bundle.toString()).ok();
        jrun("image", "import", "--ref", "without-group", "umoci", repacked.toString()).ok();
        assertEquals("group-absent passwd-present", sh("umoci",
                "test -e /etc/group && echo group-present || echo group-absent; test -e /etc/passwd && echo passwd-present")
                .ok().out().replace('\n', ' '));
        jrun("image", "rm", "two-layers", "umoci").ok();
        assertNothingLeft();
    }

    // --- the image's config and the options -----------------------------------------------------

    @Test
    void runHonoursTheImagesEntrypointCmdEnvWorkingDirAndUser() throws IOException {
        Path layout = sources.resolve("configured");
        OciLayouts.write(layout, List.of(tar(containers.testRun().rootfsImage(), "busybox.tar")),
                "{\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":[\"echo cmd; id -u; id -G; pwd; echo $GREETING\"],"
                        + "\"Env\":[\"PATH=/bin\",\"GREETING=hi\"],\"WorkingDir\":\"/home/user\",\"User\":\"user\"}");
        jrun("image", "import", "configured", layout.toString()).ok();

        assertEquals(List.of("cmd", "1000", "1000 1001", "/home/user", "hi"),
                run(containers.newId(), "configured").ok().lines(), "the image's Entrypoint, Cmd, User, WorkingDir, Env");
        assertEquals(List.of("override hi"), run(containers.newId(), "configured", "echo override $GREETING").ok().lines(),
                "a command replaces Cmd, the Entrypoint stays");
        assertEquals(List.of("0", "1001", "/tmp", "bye", "/bin"),
                run(containers.newId(), "-e", "GREETING=bye", "-w", "/tmp", "-u", "0:1001", "configured",
                        "id -u; id -G; pwd; echo $GREETING; echo $PATH").ok().lines(),
                "-e, -w and -u over the image's");
        jrun("image", "rm", "configured").ok();
        assertNothingLeft();
    }

    @Test
    void dashEKeyPassesOnTheCallersValue() throws IOException {
        // the launcher sets LD_LIBRARY_PATH and clears JAVA_TOOL_OPTIONS for jrun's JVM: -e KEY takes the caller's
        String script = "echo ${LD_LIBRARY_PATH-unset} ${JAVA_TOOL_OPTIONS-unset}; echo $(env | grep -c JRUN_CALLER_)";
        List<String> args = List.of("run", "--name", containers.track(containers.newId()), "-e", "LD_LIBRARY_PATH",
                "-e", "JAVA_TOOL_OPTIONS", "busybox", "sh", "-c", script);
        List<String> argv = new ArrayList<>(List.of("env", "LD_LIBRARY_PATH=/caller/lib", "JAVA_TOOL_OPTIONS=-Dcaller=1"));
        argv.addAll(argv(args.toArray(String[]::new)));
        assertEquals(List.of("/caller/lib -Dcaller=1", "0"), containers.host(argv.toArray(String[]::new)).ok().lines());

        args = List.of("run", "--name", containers.track(containers.newId()), "-e", "LD_LIBRARY_PATH", "busybox",
                "sh", "-c", script);
        argv = new ArrayList<>(List.of("env", "-u", "LD_LIBRARY_PATH", "-u", "JAVA_TOOL_OPTIONS"));
        argv.addAll(argv(args.toArray(String[]::new)));
        assertEquals(List.of("unset unset", "0"), containers.host(argv.toArray(String[]::new)).ok().lines());
        assertNothingLeft();
    }

    @Test
    void nameHostnameAndNetwork() throws IOException {
        String id = containers.newId();
        assertEquals(id, run(id, "busybox", "hostname").ok().out(), "--name is the id, the default hostname");
        assertEquals("box", sh("busybox", "hostname", "--hostname", "box").ok().out());

        assertEquals(List.of("0x9", "lo"), sh("busybox", "cat /sys/class/net/lo/flags; ls /sys/class/net").ok().lines(),
                "--network none: an own namespace with loopback only, up");
        List<String> host;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            host = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(host, sh("busybox", "ls /sys/class/net", "--network", "host").ok().lines(), "--network host");

        // runc's form is unchanged: a new network namespace's loopback stays down, as runc leaves it
        Bundle bundle = containers.bundle().sh("cat /sys/class/net/lo/flags");
        assertEquals("0x8", containers.run(bundle).ok().out());
        assertNothingLeft();
    }

    @Test
    void volumesAndAReadOnlyRoot() throws IOException {
        Path dir = containers.scratch("volume");
        Files.writeString(dir.resolve("in"), "from the host\n");
        Result rw = sh("busybox", "cat /vol/in; echo from the container > /vol/out", "-v", dir + ":/vol").ok();
        assertEquals("from the host", rw.out());
        assertEquals("from the container\n", Files.readString(dir.resolve("out")));

        Result ro = sh("busybox", "cat /vol/in; touch /vol/x 2>&1 || echo refused", "-v", dir + ":/vol:ro").ok();
        assertEquals(List.of("from the host", "touch: /vol/x: Read-only file system", "refused"), ro.lines());
        assertFalse(Files.exists(dir.resolve("x")));

        assertEquals(List.of("touch: /x: Read-only file system", "refused"),
                sh("busybox", "touch /x 2>&1 || echo refused", "--read-only").ok().lines());
        assertNothingLeft();
    }

    @Test
    void terminalAndStdin() throws IOException {
        Result tty = sh("busybox", "test -t 0 && tty", "-t").ok();
        assertTrue(tty.out().startsWith("/dev/pts/"), tty.toString());
        assertEquals("not a terminal", sh("busybox", "test -t 0 || echo not a terminal").ok().out(),
                "no terminal by default when stdin is none");

        String id = containers.track(containers.newId());
        assertEquals("piped", containers.host("sh", "-c", "echo piped |" + shellLine("run", "-i", "--name", id, "busybox", "cat"))
                .ok().out(), "-i: jrun's stdin");
        id = containers.track(containers.newId());
        assertEquals("piped", containers.host("sh", "-c", "echo piped |" + shellLine("run", "--name", id, "busybox", "cat"))
                .ok().out(), "stdin by default in the foreground");

        // detached, the program reads /dev/null, not jrun's stdin
        String detached = containers.track(containers.newId());
        containers.host("sh", "-c", "echo piped |" + shellLine("run", "-d", "--name", detached, "busybox", "sh", "-c",
                "cat > /got; touch /done; exec sleep 100000")).ok();
        Path rootfs = storage.resolve("containers").resolve(detached).resolve("rootfs");
        Poll.exists(rootfs.resolve("done"));
        assertEquals("", Files.readString(rootfs.resolve("got")));
        jrun("delete", "--force", detached).ok();
        assertNothingLeft();
    }

    @Test
    void detachedAndKeptContainersGoWithTheirFilesOnDelete() throws IOException {
        String id = containers.newId();
        assertEquals(id, run(id, "-d", "busybox", "sleep", "100000").ok().out(), "detached, the id is printed");
        assertEquals("running", containers.status(id));
        Path dir = storage.resolve("containers").resolve(id);
        assertEquals(dir.toString(), containers.state(id).path("bundle").asText());
        assertEquals(1, Leftovers.mounts(dir).size(), "its overlay is mounted while it lives");
        jrun("delete", "--force", id).ok();
        assertNothingLeft();

        String kept = containers.newId();
        run(kept, "--keep", "busybox", "sh", "-c", "echo kept > /file").ok();
        assertEquals("stopped", containers.status(kept));
        assertEquals("kept\n", Files.readString(storage.resolve("containers").resolve(kept).resolve("upper/file")));
        jrun("delete", kept).ok();
        assertNothingLeft();
    }

    @Test
    void writesInOneContainerAreNotSeenByTheNext() throws IOException {
        sh("busybox", "echo written > /etc/written; rm /etc/passwd; echo appended >> /etc/group").ok();
        assertNothingLeft();
        assertEquals(List.of("absent", "present", "0"),
                sh("busybox", "test -e /etc/written && echo present || echo absent; test -e /etc/passwd && echo present; "
                        + "grep -c appended /etc/group").lines());
        assertNothingLeft();
    }

    // --- errors ---------------------------------------------------------------------------------

    @Test
    void failuresNameTheProblemAndLeaveNothing() throws IOException {
        Result unknown = run(containers.newId(), "nosuch").failed();
        assertTrue(unknown.stderr().contains("unknown image \\\"nosuch\\\"; the images are: busybox"), unknown.toString());

        Result user = sh("busybox", "true", "-u", "nosuchuser").failed();
        assertTrue(user.stderr().contains("user \\\"nosuchuser\\\": no such user in the image's /etc/passwd"), user.toString());
        assertNothingLeft();

        Result exec = run(containers.newId(), "busybox", "/no/such/program").failed();
        assertTrue(exec.stderr().contains("/no/such/program"), exec.toString());
        assertNothingLeft();
    }

    @Test
    void layersThatEscapeTheRootAreRejected() throws IOException {
        Path target = containers.scratch("escape-target");
        // a "../" member
        Path dotdot = Files.createDirectories(sources.resolve("dotdot/inner"));
        Files.writeString(sources.resolve("dotdot/escaped"), "x");
        Path dotdotTar = sources.resolve("dotdot.tar");
        containers.host("tar", "-C", dotdot.toString(), "-P", "-cf", dotdotTar.toString(), "../escaped").ok();
        Result r = jrun("image", "import", "dotdot", dotdotTar.toString()).failed();
        assertTrue(r.stderr().contains("member \\\"../escaped\\\" has a \\\"..\\\" component, which would escape the root "
                + "filesystem"), r.toString());

        // a symlink to an absolute path, then a member through it
        Path src = Files.createDirectories(sources.resolve("symlink-src"));
        Files.createSymbolicLink(src.resolve("etc"), target);
        Files.writeString(src.resolve("evil"), "owned\n");
        Path symlinkTar = sources.resolve("symlink.tar");
        containers.host("tar", "-C", src.toString(), "--transform", "s,^evil$,etc/evil,", "-cf", symlinkTar.toString(),
                "etc", "evil").ok();
        r = jrun("image", "import", "symlink", symlinkTar.toString()).failed();
        assertTrue(r.stderr().contains("member \\\"etc/evil\\\" goes through the symlink \\\"etc\\\" -> \\\"" + target + "\\\""),
                r.toString());
        assertFalse(Files.exists(target.resolve("evil")), "nothing was written outside");
        assertEquals(List.of("busybox"), jrun("image", "ls", "-q").ok().lines());
        assertEquals(List.of(), children(storage.resolve("tmp")), "nothing half-made");
    }

    // --- the forms of run, import ---------------------------------------------------------------

    @Test
    void runcsFormAndTheImageFormAreToldApart() throws IOException {
        Bundle bundle = containers.bundle().sh("echo from the bundle");
        bundle.save();
        String id = containers.newId();
        assertEquals("from the bundle", containers.host("sh", "-c", "cd '" + bundle.dir() + "' &&" + shellLine("run", id))
                .ok().out(), "one argument beside a config.json: runc's form");
        assertEquals("from the bundle", containers.run(containers.newId(), bundle).ok().out(), "--bundle: runc's form");
        Path empty = containers.scratch("no-config");
        id = containers.track(containers.newId());
        assertEquals("from the image", containers.host("sh", "-c", "cd '" + empty + "' &&" + shellLine("run", "--name", id,
                "busybox", "echo", "from the image")).ok().out(), "elsewhere: the image form");
        // after the image, nothing but options: options (as runc takes them after the id), not the command
        id = containers.track(containers.newId());
        assertEquals(id, containers.host("sh", "-c", "cd '" + empty + "' &&" + shellLine("run", "busybox", "--name", id, "-d"))
                .ok().out());
        assertEquals(id, containers.state(id).path("id").asText(), "detached: kept until deleted");
        jrun("delete", "--force", id).ok();
        assertNothingLeft();
    }

    @Test
    void importShowsProgressOnATerminal() {
        Result r = containers.host("script", "-qec", shellLine("image", "import", "progress", busyboxLayout.toString()),
                "/dev/null").ok();
        assertTrue(r.stdout().contains("[1/1] layer 1 of 1 (sha256:"), r.toString());
        assertTrue(r.stdout().contains("already in the store") || r.stdout().contains("MB"), r.toString());
        Result quiet = jrun("image", "import", "quiet", busyboxLayout.toString()).ok();
        assertFalse(quiet.stderr().contains("[1/1]"), "no progress without a terminal: " + quiet);
        jrun("image", "rm", "progress", "quiet").ok();
    }

    @Test
    void anInterruptedImportLeavesNothing() throws IOException {
        // A process started with SIGINT ignored (a background job of a shell without job
        // control, nohup) passes that on, and a JVM leaves an ignored SIGINT ignored, as it should.
        assumeFalse(sigintIgnored(), "SIGINT is ignored in this test's process, and so in jrun's");
        // a "root filesystem tarball" of 64 GiB of zeros: an empty archive whose hashing takes long
        Path big = sources.resolve("zeros.tar");
        containers.host("truncate", "-s", "64G", big.toString()).ok();
        try {
            Exec.Started importing = Exec.start(sources, argv("image", "import", "zeros", big.toString()));
            Path tmp = storage.resolve("tmp");
            Poll.until("the import's work directory", () -> {
                try {
                    return children(tmp).stream().anyMatch(p -> Files.exists(p.resolve("layer-1")));
                } catch (IOException e) {
                    return false;
                }
            });
            containers.host("kill", "-INT", Long.toString(importing.pid())).ok();
            Result r = importing.await(Exec.TIMEOUT);
            assertEquals(130, r.exit(), r.toString());
            assertEquals(List.of(), children(tmp), "the work directory is removed");
            assertEquals(List.of("busybox"), jrun("image", "ls", "-q").ok().lines());
        } finally {
            Files.delete(big);
        }
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status). */
    private static boolean sigintIgnored() {
        String ignored = HostView.read(Path.of("/proc/self/status")).lines().filter(l -> l.startsWith("SigIgn:"))
                .findFirst().orElseThrow().substring("SigIgn:".length()).strip();
        return (Long.parseUnsignedLong(ignored, 16) & (1L << (2 - 1))) != 0;
    }

    @Test
    void removingAnImageRemovesTheLayersNothingElseUses() throws IOException {
        Path extra = Files.createDirectories(sources.resolve("extra-layer/opt"));
        Files.writeString(extra.resolve("extra"), "extra\n");
        Path layout = sources.resolve("extended");
        OciLayouts.write(layout, List.of(tar(containers.testRun().rootfsImage(), "base.tar"), tar(extra.getParent(), "extra.tar")),
                "{\"Cmd\":[\"cat\",\"/opt/extra\"]}");
        jrun("image", "import", "extended", layout.toString()).ok();
        String extraLayer = OciLayouts.sha256(sources.resolve("extra.tar")).substring(7);
        Path layers = storage.resolve("layers/sha256");
        assertTrue(Files.isDirectory(layers.resolve(extraLayer)));
        assertEquals("extra", run(containers.newId(), "extended").ok().out());

        // a kept container holds its layers after its image is gone
        String kept = containers.newId();
        run(kept, "--keep", "extended").ok();
        jrun("image", "rm", "extended").ok();
        assertTrue(Files.isDirectory(layers.resolve(extraLayer)), "the kept container still uses it");
        jrun("delete", kept).ok();
        jrun("image", "import", "again", busyboxLayout.toString()).ok(); // collects garbage first
        assertFalse(Files.exists(layers.resolve(extraLayer)), "unused, it went");
        jrun("image", "rm", "again").ok();
        assertEquals(1, children(layers).size(), "busybox's layer, which busybox still uses");
        assertNothingLeft();
    }
}
