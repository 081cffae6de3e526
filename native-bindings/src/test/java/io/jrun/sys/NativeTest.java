package io.jrun.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NativeTest {

    @Test
    void theSixthArgumentOfACallArrives() {
        // mmap's sixth argument is the offset: anything but a page multiple is EINVAL
        long p = Native.libc().mmap(0, 4096, 3, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        assertNotEquals(-1L, p, "mmap failed: errno " + Native.errno());
        Native.libc().munmap(p, 4096);
    }

    @Test
    void aCStringWithANulByteIsRefused() {
        NativeArena arena = new NativeArena();
        assertThrows(IllegalArgumentException.class, () -> arena.cString("/bin/sh\0 -c evil"));
        assertThrows(IllegalArgumentException.class, () -> arena.cStringArray(java.util.List.of("sh", "a\0b")));
    }

    @Test
    void theFifthSyscallArgumentArrives() {
        // mount_setattr checks its fifth argument, the struct size, before it looks at the fd:
        // EBADF means the size arrived, E2BIG or EINVAL that it did not
        NativeArena arena = new NativeArena();
        long attr = arena.longs(MountFlags.MOUNT_ATTR_RDONLY, 0, 0, 0); // attr_set: something to do
        long r = Native.syscalls().syscall(Sys.MOUNT_SETATTR, -1, arena.cString(""), FileFlags.AT_EMPTY_PATH, attr,
                MountFlags.MOUNT_ATTR_SIZE_VER0);
        assertEquals(-1, r);
        assertEquals(Errno.EBADF, Native.errno());
    }

    @Test
    void anEventfdCountsWhatIsWrittenUntilRead() {
        LibC libc = Native.libc();
        int fd = libc.eventfd(0, LibC.EFD_CLOEXEC);
        assertNotEquals(-1, fd, "eventfd failed: errno " + Native.errno());
        try (NativeArena arena = new NativeArena()) {
            long buf = arena.allocate(8, 8);
            assertEquals(0, libc.pollOne(fd, LibC.POLLIN, 0), "nothing to read yet");
            NativeArena.putLong(buf, 2);
            assertEquals(8, libc.write(fd, buf, 8));
            NativeArena.putLong(buf, 3);
            assertEquals(8, libc.write(fd, buf, 8));
            assertEquals(LibC.POLLIN, libc.pollOne(fd, LibC.POLLIN, 0));
            assertEquals(8, libc.read(fd, buf, 8));
            assertEquals(5, NativeArena.getLong(buf), "the writes add up; the read resets");
            assertEquals(0, libc.pollOne(fd, LibC.POLLIN, 0));
            assertEquals(FileFlags.FD_CLOEXEC, libc.fcntl(fd, FileFlags.F_GETFD, 0) & FileFlags.FD_CLOEXEC);
        } finally {
            libc.close(fd);
        }
    }

    @Test
    void errnoMessagesAreGoStyle() {
        assertEquals("no such file or directory", Errno.message(Errno.ENOENT));
        assertEquals("permission denied", Errno.message(Errno.EACCES));
    }

    @Test
    void signalNames() {
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(9, Signals.parse("9"));
        assertEquals(9, Signals.parse("kill"));
        assertEquals(37, Signals.parse("SIGRTMIN+3"));
        assertEquals(-1, Signals.parse("NOPE"));
        assertEquals("SIGKILL", Signals.name(9));
    }
}
