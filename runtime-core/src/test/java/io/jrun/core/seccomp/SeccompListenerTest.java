package io.jrun.core.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrun.api.JrunException;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parent's part of seccomp notify, taking an fd of this very process as the "listener". */
class SeccompListenerTest {
    private static final String STATE = "{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":42,"
            + "\"bundle\":\"/b\",\"annotations\":{\"a\":\"b\"}}";

    @Test
    void theListenerGoesToTheAgentWithTheContainerProcessState(@TempDir Path dir) throws Exception {
        var libc = Native.libc();
        int self = (int) libc.syscall(Sys.PIDFD_OPEN, libc.getpid(), 0, 0, 0, 0);
        int[] pipe = new int[2];
        assertEquals(0, libc.pipe2(pipe, 02000000));
        Path socket = dir.resolve("agent.sock");
        try (FdServer agent = new FdServer(socket)) {
            SeccompListener.send(self, pipe[0], socket, "meta \"data\"", STATE, 42);
            FdServer.Received r = agent.receive();
            JsonNode json = new ObjectMapper().readTree(r.data());
            assertEquals("1.3.0", json.get("ociVersion").asText());
            assertEquals("[\"seccompFd\"]", json.get("fds").toString());
            assertEquals(42, json.get("pid").asInt());
            assertEquals("meta \"data\"", json.get("metadata").asText());
            assertEquals(new ObjectMapper().readTree(STATE), json.get("state"));
            // the fd that came is the pipe's read end: what goes into the pipe comes out of it
            assertTrue(r.fd() >= 0);
            assertEquals(1, libc.write(pipe[1], new byte[] {'x'}, 1));
            byte[] b = new byte[1];
            assertEquals(1, libc.read(r.fd(), b, 1));
            assertEquals('x', b[0]);
            libc.close(r.fd());
        } finally {
            libc.close(pipe[0]);
            libc.close(pipe[1]);
            libc.close(self);
        }
    }

    @Test
    void withoutMetadataThereIsNoMetadata() {
        String s = SeccompListener.processState(null, STATE, 7);
        assertFalse(s.contains("metadata"));
        assertTrue(s.startsWith("{\"ociVersion\":\"1.3.0\",\"fds\":[\"seccompFd\"],\"pid\":7,\"state\":{"));
    }

    @Test
    void noAgentIsAClearError(@TempDir Path dir) {
        var libc = Native.libc();
        int self = (int) libc.syscall(Sys.PIDFD_OPEN, libc.getpid(), 0, 0, 0, 0);
        try {
            Path missing = dir.resolve("nobody.sock");
            JrunException e = assertThrows(JrunException.class, () -> SeccompListener.send(self, 0, missing, null, STATE, 1));
            assertEquals("seccomp: send the listener to linux.seccomp.listenerPath " + missing
                    + ": connect: no such file or directory", e.getMessage());
            e = assertThrows(JrunException.class, () -> SeccompListener.send(self, 100_000, missing, null, STATE, 1));
            assertEquals("seccomp: take the listener of the container process (pidfd_getfd): bad file descriptor", e.getMessage());
        } finally {
            libc.close(self);
        }
    }
}
