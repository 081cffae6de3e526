package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Sockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The receiving end of --console-socket, as runc's recvtty and conmon have it: a listening
 * AF_UNIX socket that takes one connection and one message, the pty's name as the data and its
 * master as SCM_RIGHTS. Java's own sockets cannot receive a file descriptor, so this goes to
 * libc through native-bindings. Then the test types into the master and reads what the container's
 * terminal prints, without blocking: every wait is a {@link Poll} with its bound.
 */
final class ConsoleReceiver implements AutoCloseable {
    /** The socket calls that {@link LibC} has no use for. */

    private static final short POLLIN = 0x1;
    private static final short POLLHUP = 0x10;
    /** CMSG_LEN(sizeof(int)): cmsghdr (len, level, type: 16 bytes) and one fd. */
    private static final int CMSG_LEN_ONE_FD = 16 + 4;
    /** CMSG_SPACE(sizeof(int)): the same, padded to 8. */
    private static final int CMSG_SPACE_ONE_FD = 24;


    private final LibC libc = Native.libc();
    private final Path path;
    private int listener;
    private int master = -1;
    private final StringBuilder output = new StringBuilder();
    private boolean hungUp;

    private ConsoleReceiver(Path path, int listener) {
        this.path = path;
        this.listener = listener;
    }

    /** Listens on a new socket {@code path}; the test must {@link #close} it. */
    static ConsoleReceiver listen(Path path) {
        LibC libc = Native.libc();
        int fd = libc.socket(Sockets.AF_UNIX, Sockets.SOCK_STREAM | Sockets.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket: errno " + Native.errno());
        }
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        try (NativeArena arena = new NativeArena()) {
            long addr = arena.allocate(2 + Sockets.SUN_PATH_SIZE, 8);
            NativeArena.putShort(addr, (short) Sockets.AF_UNIX);
            NativeArena.put(addr + 2, name);
            if (libc.bind(fd, addr, 2 + name.length + 1) != 0 || libc.listen(fd, 1) != 0) {
                int errno = Native.errno();
                libc.close(fd);
                throw new IllegalStateException("bind/listen " + path + ": errno " + errno);
            }
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
        int connection = libc.accept4(listener, 0, 0, Sockets.SOCK_CLOEXEC);
        if (connection < 0) {
            throw new IllegalStateException("accept4: errno " + Native.errno());
        }
        try (NativeArena arena = new NativeArena()) {
            awaitReadable(connection, "the message on " + path);
            long data = arena.allocate(4096, 8);
            long iov = arena.longs(data, 4096);
            long control = arena.allocate(64, 8);
            // struct msghdr {name, namelen, iov, iovlen, control, controllen, flags}
            long msg = arena.longs(0, 0, iov, 1, control, 64, 0);
            long n = libc.recvmsg(connection, msg, Sockets.MSG_CMSG_CLOEXEC);
            if (n < 0) {
                throw new IllegalStateException("recvmsg: errno " + Native.errno());
            }
            byte[] bytes = new byte[(int) n];
            NativeArena.get(data, bytes, bytes.length);
            String name = new String(bytes, StandardCharsets.UTF_8);
            long controlLength = NativeArena.getLong(msg + 40);
            assertEquals(0, NativeArena.getInt(msg + 48) & Sockets.MSG_CTRUNC, "the message's control data was truncated: more than one fd");
            assertEquals(CMSG_SPACE_ONE_FD, controlLength, "control data of one SCM_RIGHTS message, and nothing else");
            assertEquals(CMSG_LEN_ONE_FD, NativeArena.getLong(control), "cmsg_len of exactly one fd");
            assertEquals(Sockets.SOL_SOCKET, NativeArena.getInt(control + 8), "cmsg_level");
            assertEquals(Sockets.SCM_RIGHTS, NativeArena.getInt(control + 12), "cmsg_type");
            master = NativeArena.getInt(control + 16);
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
        int revents = libc.pollOne(fd, POLLIN, timeoutMillis);
        return revents > 0 ? (short) revents : 0;
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
