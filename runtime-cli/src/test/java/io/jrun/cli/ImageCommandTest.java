package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.JrunException;
import io.jrun.cli.RecordingOperations.Call;
import io.jrun.image.Image;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `image import|ls|rm` reach the image store as the right calls, and print as they should. */
class ImageCommandTest {
    @TempDir
    Path cwd;

    private static Image image(String name, int layers) {
        List<Image.Layer> l = java.util.stream.IntStream.range(0, layers)
                .mapToObj(i -> new Image.Layer("sha256:" + Integer.toString(i).repeat(64), 1_000_000)).toList();
        return new Image(name, "sha256:0123456789abcdef" + "0".repeat(48), "2026-01-02T03:04:05Z", "/src", null, l,
                new Image.Settings(null, List.of("sh"), null, null, null));
    }

    @Test
    void importNamesTheImageAndItsSource() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("image", "import", "busybox", "img");
        assertEquals(0, r.status(), r.err());
        assertEquals(new Call("image import", Arrays.asList("busybox", cwd.resolve("img"), null)), cli.runtime.onlyCall());
        assertEquals("imported busybox (" + "ab".repeat(6) + ", 1 layer, 2.15MB)\n", r.out());

        cli = new CliRunner(cwd);
        assertEquals(0, cli.run("image", "import", "--ref", "1.36", "bb", "/srv/img.tar").status());
        assertEquals(new Call("image import", List.of("bb", Path.of("/srv/img.tar"), "1.36")), cli.runtime.onlyCall());
    }

    @Test
    void lsIsATableOrJsonOrNames() {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.images.images = List.of(image("busybox", 1), image("docker.io/library/alpine:3", 3));
        assertEquals("""
                NAME                         ID             LAYERS      SIZE        IMPORTED
                busybox                      0123456789ab   1           1.00MB      2026-01-02T03:04:05Z
                docker.io/library/alpine:3   0123456789ab   3           3.00MB      2026-01-02T03:04:05Z
                """, cli.run("image", "ls").out());
        assertEquals("busybox\ndocker.io/library/alpine:3\n", cli.run("image", "list", "-q").out());
        String json = cli.run("image", "ls", "--format", "json").out();
        assertTrue(json.startsWith("[{\"name\":\"busybox\",\"id\":\"sha256:0123456789abcdef"), json);
        assertEquals(1, cli.run("image", "ls", "--format", "yaml").status());
    }

    @Test
    void rmTakesSeveralNames() {
        CliRunner cli = new CliRunner(cwd);
        assertEquals(0, cli.run("image", "rm", "a", "b").status());
        assertEquals(new Call("image rm", List.of(List.of("a", "b"))), cli.runtime.onlyCall());
    }

    @Test
    void errorsOfTheStoreAreReported() {
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.before = () -> {
            throw new JrunException("unknown image \"x\"; the images are: busybox");
        };
        CliRunner.Result r = cli.run("image", "rm", "x");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("level=error msg=\"unknown image \\\"x\\\"; the images are: busybox\""), r.err());
    }

    @Test
    void usageErrors() {
        CliRunner cli = new CliRunner(cwd);
        CliRunner.Result r = cli.run("image");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Usage: jrun image"), r.err());
        assertTrue(r.err().contains("Missing required subcommand: import, ls or rm"), r.err());
        r = cli.run("image", "import", "only-a-name");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Usage: jrun image import"), r.err());
        assertTrue(r.err().contains("Missing required parameter: 'SOURCE'"), r.err());
        assertEquals(1, cli.run("image", "rm").status());
        assertTrue(cli.runtime.calls.isEmpty());
    }

    @Test
    void helpListsTheSubcommandsAndWhereImagesAreStored() {
        CliRunner cli = new CliRunner(cwd);
        String help = cli.run("image", "--help").out();
        for (String s : List.of("import", "ls", "rm", "/var/lib/jrun", "JRUN_STORAGE")) {
            assertTrue(help.contains(s), s + " in " + help);
        }
        assertTrue(cli.run("--help").out().contains("image"), "jrun --help lists it");
        assertTrue(cli.run("image", "import", "--help").out().contains("docker-archive"));
    }
}
