package io.jrun.core.seccomp;

import io.jrun.sys.Errno;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A seccomp agent's end for tests: a listening AF_UNIX socket that takes one message with an fd. */
final class FdServer implements AutoCloseable {
    private static final int SOCK_CLOEXEC = 02000000;

    record Received(String data, int fd) {}

    private final int fd;

    FdServer(Path path) {
        var libc = Native.libc();
        fd = libc.socket(1 /* AF_UNIX */, 1 /* SOCK_STREAM */ | SOCK_CLOEXEC, 0);
        try (NativeArena arena = new NativeArena()) {
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            long addr = arena.allocate(110, 8);
            NativeArena.put(addr, new byte[] {1, 0});
            NativeArena.put(addr + 2, p);
            if (libc.bind(fd, addr, 2 + p.length + 1) != 0 || libc.listen(fd, 4) != 0) {
                throw new IllegalStateException("bind/listen " + path + ": " + Errno.message(Native.errno()));
            }
        }
    }

    /** Accepts one connection and reads one message: its bytes and the fd that came with it (-1 if none). */
    Received receive() {
        var libc = Native.libc();
        int c = libc.accept4(fd, 0, 0, SOCK_CLOEXEC);
        if (c < 0) {
            throw new IllegalStateException("accept: " + Errno.message(Native.errno()));
        }
        try (NativeArena arena = new NativeArena()) {
            long buf = arena.allocate(65536, 8);
            long iov = arena.longs(buf, 65536);
            long cmsg = arena.allocate(64, 8);
            long msg = arena.longs(0, 0, iov, 1, cmsg, 64, 0);
            long n = libc.recvmsg(c, msg, 0x40000000 /* MSG_CMSG_CLOEXEC */);
            if (n < 0) {
                throw new IllegalStateException("recvmsg: " + Errno.message(Native.errno()));
            }
            byte[] data = new byte[(int) n];
            NativeArena.get(buf, data, data.length);
            long controllen = NativeArena.getLong(msg + 40);
            int received = -1;
            if (controllen >= 20 && NativeArena.getInt(cmsg + 8) == 1 && NativeArena.getInt(cmsg + 12) == 1) {
                received = NativeArena.getInt(cmsg + 16);
            }
            return new Received(new String(data, StandardCharsets.UTF_8), received);
        } finally {
            Native.libc().close(c);
        }
    }

    @Override
    public void close() {
        Native.libc().close(fd);
    }
}
