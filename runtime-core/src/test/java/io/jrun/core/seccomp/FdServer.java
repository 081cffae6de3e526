package io.jrun.core.seccomp;

import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A seccomp agent's end for tests: a listening AF_UNIX socket that takes one message with an fd. */
final class FdServer implements AutoCloseable {
    public interface Sockets {
        int bind(int fd, Pointer addr, int len);

        int listen(int fd, int backlog);

        int accept4(int fd, Pointer addr, Pointer len, int flags);
    }

    /** After {@link Native#libc}: it turns off jnr-ffi's x86 stub compiler, which breaks six-argument calls. */
    private static final Sockets SOCKETS = Native.libc() == null ? null : LibraryLoader.create(Sockets.class).load("c");
    private static final int SOCK_CLOEXEC = 02000000;

    record Received(String data, int fd) {}

    private final int fd;

    FdServer(Path path) {
        var libc = Native.libc();
        fd = libc.socket(1 /* AF_UNIX */, 1 /* SOCK_STREAM */ | SOCK_CLOEXEC, 0);
        NativeArena arena = new NativeArena();
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        long addr = arena.allocate(110, 8);
        NativeArena.put(addr, new byte[] {1, 0});
        NativeArena.put(addr + 2, p);
        if (SOCKETS.bind(fd, Pointer.wrap(Native.runtime(), addr), 2 + p.length + 1) != 0
                || SOCKETS.listen(fd, 4) != 0) {
            throw new IllegalStateException("bind/listen " + path + ": " + Errno.message(Native.errno()));
        }
    }

    /** Accepts one connection and reads one message: its bytes and the fd that came with it (-1 if none). */
    Received receive() {
        var libc = Native.libc();
        int c = SOCKETS.accept4(fd, null, null, SOCK_CLOEXEC);
        if (c < 0) {
            throw new IllegalStateException("accept: " + Errno.message(Native.errno()));
        }
        try {
            NativeArena arena = new NativeArena();
            long buf = arena.allocate(65536, 8);
            long iov = arena.longs(buf, 65536);
            long cmsg = arena.allocate(64, 8);
            long msg = arena.longs(0, 0, iov, 1, cmsg, 64, 0);
            long n = libc.recvmsg(c, Pointer.wrap(Native.runtime(), msg), 0x40000000 /* MSG_CMSG_CLOEXEC */);
            if (n < 0) {
                throw new IllegalStateException("recvmsg: " + Errno.message(Native.errno()));
            }
            byte[] data = new byte[(int) n];
            Pointer.wrap(Native.runtime(), buf).get(0, data, 0, data.length);
            long controllen = NativeArena.getLong(msg + 40);
            int received = -1;
            if (controllen >= 20 && NativeArena.getInt(cmsg + 8) == 1 && NativeArena.getInt(cmsg + 12) == 1) {
                received = NativeArena.getInt(cmsg + 16);
            }
            java.lang.ref.Reference.reachabilityFence(arena);
            return new Received(new String(data, StandardCharsets.UTF_8), received);
        } finally {
            libc.close(c);
        }
    }

    @Override
    public void close() {
        Native.libc().close(fd);
    }
}
