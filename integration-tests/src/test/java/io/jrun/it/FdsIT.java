package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The program gets stdin, stdout, stderr and no other fd of the runtime's, but those that
 * --preserve-fds passes on. The runtime is started with fds 3 and 4 open (a bash wrapper opens
 * them), so that there is something to leak.
 */
class FdsIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /** `ls /proc/self/fd` lists ls's own fds, one more than it got: the directory it reads. */
    private static final String LIST_FDS = "ls /proc/self/fd | tr '\\n' ' '; echo";

    private Result runWithFds3And4(Bundle bundle, String... flags) throws IOException {
        Path dir = containers.scratch("fds");
        Path three = Files.writeString(dir.resolve("three"), "fd three\n");
        Path four = Files.writeString(dir.resolve("four"), "fd four\n");
        List<String> wrapper = List.of("bash", "-c", "exec 3<\"$1\" 4<\"$2\"; shift 2; exec \"$@\"", "bash",
                three.toString(), four.toString());
        return containers.startRun(wrapper, containers.newId(), bundle, flags).await(Exec.TIMEOUT);
    }

    @Test
    void onlyStdioIsOpen() throws IOException {
        Bundle bundle = containers.bundle().sh(LIST_FDS);
        assertEquals("0 1 2 3", runWithFds3And4(bundle).ok().out());
    }

    @Test
    void preserveFdsPassesTheNextFds() throws IOException {
        Bundle bundle = containers.bundle().sh(LIST_FDS + "; cat <&3; cat <&4");
        assertEquals(List.of("0 1 2 3 4 5", "fd three", "fd four"),
                runWithFds3And4(bundle, "--preserve-fds", "2").ok().lines());
    }

    @Test
    void preserveFdsPassesOnlyAsManyAsAsked() throws IOException {
        Bundle bundle = containers.bundle().sh(LIST_FDS + "; cat <&3");
        assertEquals(List.of("0 1 2 3 4", "fd three"), runWithFds3And4(bundle, "--preserve-fds", "1").ok().lines());
    }
}
