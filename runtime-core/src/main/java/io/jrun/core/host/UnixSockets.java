package io.jrun.core.host;

import io.jrun.api.JrunException;
import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The one way jrun hands a file descriptor to another program: over an AF_UNIX socket. */
public final class UnixSockets {
    private UnixSockets() {}

    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    /** sizeof(sun_path). */
    private static final int SUN_PATH = 108;

    /**
     * Connects to {@code socket} and sends {@code data} with {@code fd} attached (SCM_RIGHTS) in
     * one sendmsg(2): how runc sends a console's pty master and a seccomp listener.
     *
     * @param what the operation, for error messages
     */
    public static void sendFd(Path socket, byte[] data, int fd, String what) {
        var libc = Native.libc();
        byte[] path = socket.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= SUN_PATH) {
            throw new JrunException(what + ": the path is longer than a unix socket's " + (SUN_PATH - 1) + " bytes");
        }
        int s = libc.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new JrunException(what + ": socket: " + Errno.message(Native.errno()));
        }
        try (NativeArena arena = new NativeArena()) {
            long addr = arena.allocate(2 + SUN_PATH, 8);
            NativeArena.put(addr, new byte[] {AF_UNIX, 0}); // sa_family_t, little-endian
            NativeArena.put(addr + 2, path);
            if (libc.connect(s, addr, 2 + path.length + 1) != 0) {
                throw new JrunException(what + ": connect: " + Errno.message(Native.errno()));
            }
            long buf = arena.bytes(data);
            long iov = arena.longs(buf, data.length);
            // struct cmsghdr {size_t len; int level; int type;}, then the fd, padded to 8
            long cmsg = arena.allocate(24, 8);
            NativeArena.putLong(cmsg, 16 + 4);
            NativeArena.putInt(cmsg + 8, SOL_SOCKET);
            NativeArena.putInt(cmsg + 12, SCM_RIGHTS);
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
