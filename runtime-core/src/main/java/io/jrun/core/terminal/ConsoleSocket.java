package io.jrun.core.terminal;

import io.jrun.core.host.UnixSockets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * runc's console socket (--console-socket): the pty master goes to an AF_UNIX socket in one
 * sendmsg(2), the pty's name as the data and the fd as SCM_RIGHTS. conmon and containerd's
 * shim (and runc's recvtty) receive it this way.
 */
public final class ConsoleSocket {
    private ConsoleSocket() {}

    public static void send(Path socket, String name, int fd) {
        UnixSockets.sendFd(socket, name.getBytes(StandardCharsets.UTF_8), fd, "--console-socket " + socket);
    }
}
