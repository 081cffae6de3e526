package io.jrun.core.host;

import io.jrun.api.JrunException;
import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Sockets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The one way jrun hands a file descriptor to another program: over an AF_UNIX socket. */
public final class UnixSockets {
    private UnixSockets() {}


    /**
     * Connects to {@code socket} and sends {@code data} with {@code fd} attached (SCM_RIGHTS) in
     * one sendmsg(2): how runc sends a console's pty master and a seccomp listener.
     *
     * @param what the operation, for error messages
     */
    public static void sendFd(Path socket, byte[] data, int fd, String what) {
        var libc = Native.libc();
        byte[] path = socket.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= Sockets.SUN_PATH_SIZE) {
            throw new JrunException(what + ": the path is longer than a unix socket's " + (Sockets.SUN_PATH_SIZE - 1) + " bytes");
        }
        int s = libc.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new JrunException(what + ": socket: " + Errno.message(Native.errno()));
        }
        try (NativeArena arena = new NativeArena()) {
            long addr = arena.allocate(2 + Sockets.SUN_PATH_SIZE, 8);
            NativeArena.put(addr, new byte[] {Sockets.AF_UNIX, 0}); // sa_family_t, little-endian
            NativeArena.put(addr + 2, path);
            if (libc.connect(s, addr, 2 + path.length + 1) != 0) {
                throw new JrunException(what + ": connect: " + Errno.message(Native.errno()));
            }
            long buf = arena.bytes(data);
            long iov = arena.longs(buf, data.length);
            // struct cmsghdr {size_t len; int level; int type;}, then the fd, padded to 8
            long cmsg = arena.allocate(24, 8);
            NativeArena.putLong(cmsg, 16 + 4);
            NativeArena.putInt(cmsg + 8, Sockets.SOL_SOCKET);
            NativeArena.putInt(cmsg + 12, Sockets.SCM_RIGHTS);
            NativeArena.putInt(cmsg + 16, fd);
            // struct msghdr {name, namelen, iov, iovlen, control, controllen, flags}
            long msg = arena.longs(0, 0, iov, 1, cmsg, 24, 0);
            long sent = libc.sendmsg(s, msg, 0);
            if (sent < 0) {
                throw new JrunException(what + ": sendmsg: " + Errno.message(Native.errno()));
            }
            if (sent != data.length) {
                throw new JrunException(what + ": sendmsg sent " + sent + " of " + data.length + " bytes");
            }
        } finally {
            libc.close(s);
        }
    }
}
