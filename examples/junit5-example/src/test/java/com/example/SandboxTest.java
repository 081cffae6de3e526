package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.Container;
import io.jrun.api.ContainerSpec;
import io.jrun.api.ExecResult;
import io.jrun.api.Exit;
import io.jrun.api.Jrun;
import io.jrun.junit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Containers in tests: the host's programs, isolated, with nothing left after each test. */
class SandboxTest {
    /** A fresh container for each test: the host's programs read-only, a tmpfs at /tmp, no network. */
    @Sandbox(tmpfs = "/tmp", hostname = "sandbox")
    Container box;

    @Test
    void aSandboxHasItsOwnHostnameProcessesAndNetwork() {
        assertEquals("sandbox\n", box.exec("hostname").stdout());
        // its own pid namespace: process 1 is the sandbox's sleep, not the host's init
        assertEquals("sleep\n", box.exec("cat", "/proc/1/comm").stdout());
        assertEquals("lo\n", box.exec("ls", "/sys/class/net").stdout());
    }

    @Test
    void theHostsFilesAreReadOnlyAndTmpIsWritable() {
        ExecResult r = box.exec("sh", "-c", "touch /etc/jrun-example 2>/dev/null || echo read-only; "
                + "echo hi > /tmp/x && cat /tmp/x");
        assertEquals("read-only\nhi\n", r.stdout(), r.stderr());
        assertTrue(Files.notExists(Path.of("/etc/jrun-example")));
    }

    @Test
    void aTestCanRunContainersOfItsOwn(Jrun jrun) {
        Jrun.Result r = jrun.run(ContainerSpec.host()
                .command("sh", "-c", "echo $GREETING; exit 7")
                .env("GREETING", "hello")
                .timeout(Duration.ofMinutes(1))
                .build());
        assertEquals("hello\n", r.stdout());
        assertEquals(7, r.exit().status());
    }

    @Test
    void aTimeoutKillsWhatRunsTooLong(Jrun jrun) {
        Exit exit = jrun.run(ContainerSpec.host().command("sleep", "60")
                .timeout(Duration.ofMillis(500)).build()).exit();
        assertTrue(exit.timedOut());
        assertEquals(9, exit.signal());
    }

    @Test
    void aParameterGetsAContainerOfItsOwn(@Sandbox(command = {"sleep", "600"}) Container other) {
        assertNotEquals(box.id(), other.id());
        assertEquals(0, other.exec("true").status());
    }
}
