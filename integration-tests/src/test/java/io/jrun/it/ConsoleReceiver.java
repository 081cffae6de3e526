package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The receiving end of --console-socket, as runc's recvtty and conmon have it: a listening
 * AF_UNIX socket that takes one connection and one message, the pty's name as the data and its
 * master as SCM_RIGHTS. Java's own sockets cannot receive a file descriptor, so this goes to
 * libc through jnr-ffi. Then the test types into the master and reads what the container's
 * terminal prints, without blocking: every wait is a {@link Poll} with its bound.
 */
final class ConsoleReceiver implements AutoCloseable {
    /** The socket calls that {@link LibC} has no use for. */
    public interface Sockets {
        int bind(int fd, Pointer addr, int len);

        int listen(int fd, int backlog);

        int accept4(int fd, Pointer addr, Pointer len, int flags);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CTRUNC = 0x8;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final short POLLIN = 0x1;
    private static final short POLLHUP = 0x10;
    /** CMSG_LEN(sizeof(int)): cmsghdr (len, level, type: 16 bytes) and one fd. */
    private static final int CMSG_LEN_ONE_FD = 16 + 4;
    /** CMSG_SPACE(sizeof(int)): the same, padded to 8. */
    private static final int CMSG_SPACE_ONE_FD = 24;

    private static Sockets sockets;

    private final LibC libc = Native.libc();
    private final Path path;
    private int listener;
    private int master = -1;
    private final StringBuilder output = new StringBuilder();
    private boolean hungUp;

    private static synchronized Sockets sockets() {
        if (sockets == null) {
            Native.libc(); // first: it turns off jnr-ffi's x86 stub compiler, which breaks six-argument calls
            sockets = LibraryLoader.create(Sockets.class).load("c");
        }
        return sockets;
    }

    private ConsoleReceiver(Path path, int listener) {
        this.path = path;
        this.listener = listener;
    }

    /** Listens on a new socket {@code path}; the test must {@link #close} it. */
    static ConsoleReceiver listen(Path path) {
        LibC libc = Native.libc();
        int fd = libc.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket: errno " + Native.errno());
        }
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        Pointer addr = Memory.allocateDirect(Native.runtime(), 2 + 108, true);
        addr.putShort(0, (short) AF_UNIX);
        addr.put(2, name, 0, name.length);
        if (sockets().bind(fd, addr, 2 + name.length + 1) != 0 || sockets().listen(fd, 1) != 0) {
            int errno = Native.errno();
            libc.close(fd);
            throw new IllegalStateException("bind/listen " + path + ": errno " + errno);
        }
        return new ConsoleReceiver(path, fd);
    }

    Path path() {
        return path;
    }

    /**
     * Takes the runtime's connection and its one message: asserts that exactly one fd came with
     * it, keeps it as the master and returns the name that came as the data.
     */
    String receive() {
        awaitReadable(listener, "a connection to " + path);
        int connection = sockets().accept4(listener, null, null, SOCK_CLOEXEC);
        if (connection < 0) {
            throw new IllegalStateException("accept4: errno " + Native.errno());
        }
        try {
            awaitReadable(connection, "the message on " + path);
            Pointer data = Memory.allocateDirect(Native.runtime(), 4096, true);
            Pointer iov = Memory.allocateDirect(Native.runtime(), 16, true);
            iov.putAddress(0, data.address());
            iov.putLong(8, 4096);
            Pointer control = Memory.allocateDirect(Native.runtime(), 64, true);
            // struct msghdr {name, namelen, iov, iovlen, control, controllen, flags}
            Pointer msg = Memory.allocateDirect(Native.runtime(), 56, true);
            msg.putAddress(16, iov.address());
            msg.putLong(24, 1);
            msg.putAddress(32, control.address());
            msg.putLong(40, 64);
            long n = libc.recvmsg(connection, msg, MSG_CMSG_CLOEXEC);
            if (n < 0) {
                throw new IllegalStateException("recvmsg: errno " + Native.errno());
            }
            byte[] bytes = new byte[(int) n];
            data.get(0, bytes, 0, bytes.length);
            String name = new String(bytes, StandardCharsets.UTF_8);
            long controlLength = msg.getLong(40);
            assertEquals(0, msg.getInt(48) & MSG_CTRUNC, "the message's control data was truncated: more than one fd");
            assertEquals(CMSG_SPACE_ONE_FD, controlLength, "control data of one SCM_RIGHTS message, and nothing else");
            assertEquals(CMSG_LEN_ONE_FD, control.getLong(0), "cmsg_len of exactly one fd");
            assertEquals(SOL_SOCKET, control.getInt(8), "cmsg_level");
            assertEquals(SCM_RIGHTS, control.getInt(12), "cmsg_type");
            master = control.getInt(16);
            return name;
        } finally {
            libc.close(connection);
        }
    }

    /** Types {@code text} into the terminal, as a person at its keyboard would. */
    void type(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long written = libc.write(master, bytes, bytes.length);
        assertEquals(bytes.length, written, "write to the pty master");
    }

    /** Everything the terminal has printed so far (the echo of what was typed too). */
    String output() {
        drain();
        return output.toString();
    }

    /** Reads until the terminal has printed {@code expected}; fails after {@link Poll#TIMEOUT}. */
    String awaitOutput(String expected) {
        Poll.until("the terminal to print " + expected, () -> output().contains(expected),
                () -> "; it printed:\n" + output);
        return output.toString();
    }

    /** Waits until the last program on the terminal's other end has closed it (read gives EIO). */
    void awaitHangUp() {
        Poll.until("the terminal to hang up", () -> {
            drain();
            return hungUp;
        }, () -> "; it printed:\n" + output);
    }

    /** Reads what there is to read now, without blocking. */
    private void drain() {
        byte[] buffer = new byte[4096];
        while (!hungUp) {
            short revents = poll(master, 0);
            if ((revents & POLLIN) != 0) {
                long n = libc.read(master, buffer, buffer.length);
                if (n > 0) {
                    output.append(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
                    continue;
                }
                hungUp = true; // EIO: no slave fd is open any more
            } else if ((revents & POLLHUP) != 0) {
                hungUp = true;
            }
            return;
        }
    }

    private short poll(int fd, int timeoutMillis) {
        Pointer pollfd = Memory.allocateDirect(Native.runtime(), 8, true);
        pollfd.putInt(0, fd);
        pollfd.putShort(4, POLLIN);
        int ready = libc.poll(pollfd, 1, timeoutMillis);
        return ready > 0 ? pollfd.getShort(6) : 0;
    }

    private void awaitReadable(int fd, String what) {
        if (poll(fd, (int) Poll.TIMEOUT.toMillis()) == 0) {
            fail("waited " + Poll.TIMEOUT + " for " + what);
        }
    }

    @Override
    public void close() {
        if (master >= 0) {
            libc.close(master);
            master = -1;
        }
        if (listener >= 0) {
            libc.close(listener);
            listener = -1;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
