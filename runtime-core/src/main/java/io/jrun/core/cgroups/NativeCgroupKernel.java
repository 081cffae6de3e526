package io.jrun.core.cgroups;

import io.jrun.sys.Bpf;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Sys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@link CgroupKernel} on the real kernel, through native-bindings (bpf(2) through {@link Bpf}).
 */
public final class NativeCgroupKernel implements CgroupKernel {
    public static final NativeCgroupKernel INSTANCE = new NativeCgroupKernel();

    private static final int LOG_SIZE = 64 * 1024;
    /** bpftool shows this name for the programs jrun attaches (16 bytes with the NUL at most). */
    private static final String PROG_NAME = "jrun_devices";

    private NativeCgroupKernel() {}

    private static LibC libc() {
        return Native.libc();
    }

    @Override
    public int write(Path file, String value) {
        int fd = libc().open(file.toString(), FileFlags.O_WRONLY | FileFlags.O_TRUNC | FileFlags.O_CLOEXEC, 0);
        if (fd < 0) {
            return -Native.errno();
        }
        try {
            byte[] b = value.getBytes(StandardCharsets.UTF_8);
            // cgroupfs parses one write(2) as one value: never split it.
            long n = libc().write(fd, b, b.length);
            if (n < 0) {
                return -Native.errno();
            }
            return 0;
        } finally {
            libc().close(fd);
        }
    }

    @Override
    public int mkdir(Path dir) {
        try (NativeArena arena = new NativeArena()) {
            long r = Native.syscalls().syscall(Sys.MKDIRAT, FileFlags.AT_FDCWD, arena.cString(dir.toString()), 0755, 0, 0);
            return r < 0 ? -Native.errno() : 0;
        }
    }

    @Override
    public int rmdir(Path dir) {
        try (NativeArena arena = new NativeArena()) {
            long r = Native.syscalls().syscall(Sys.UNLINKAT, FileFlags.AT_FDCWD, arena.cString(dir.toString()),
                    FileFlags.AT_REMOVEDIR, 0, 0);
            return r < 0 ? -Native.errno() : 0;
        }
    }

    @Override
    public int kill(int pid, int signal) {
        return libc().kill(pid, signal) < 0 ? -Native.errno() : 0;
    }

    @Override
    public int openPath(Path dir) {
        int fd = libc().open(dir.toString(), FileFlags.O_PATH | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC, 0);
        return fd < 0 ? -Native.errno() : fd;
    }

    @Override
    public int openDirectory(Path dir) {
        int fd = libc().open(dir.toString(), FileFlags.O_RDONLY | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC, 0);
        return fd < 0 ? -Native.errno() : fd;
    }

    @Override
    public void close(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }

    @Override
    public int openFile(Path file) {
        int fd = libc().open(file.toString(), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
        return fd < 0 ? -Native.errno() : fd;
    }

    @Override
    public int eventfd() {
        int fd = libc().eventfd(0, LibC.EFD_CLOEXEC);
        return fd < 0 ? -Native.errno() : fd;
    }

    @Override
    public long readEventfd(int fd, int timeoutMillis) {
        int ready = libc().pollOne(fd, LibC.POLLIN, timeoutMillis);
        if (ready < 0) {
            int errno = Native.errno();
            return errno == Errno.EINTR ? 0 : -errno;
        }
        if (ready == 0) {
            return 0;
        }
        try (NativeArena arena = new NativeArena()) {
            long counter = arena.allocate(8, 8);
            // an eventfd reads as its 8-byte counter, or not at all (EINVAL for a smaller buffer)
            if (libc().read(fd, counter, 8) != 8) {
                return -Native.errno();
            }
            return NativeArena.getLong(counter);
        }
    }

    @Override
    public int loadDeviceProgram(byte[] insns, String license, StringBuilder verifierLog) {
        return Bpf.loadCgroupDeviceProgram(insns, license, PROG_NAME, verifierLog, LOG_SIZE);
    }

    @Override
    public int[] queryDevicePrograms(int cgroupFd) {
        return Bpf.queryPrograms(cgroupFd, Bpf.BPF_CGROUP_DEVICE);
    }

    @Override
    public int deviceProgramById(int id) {
        return Bpf.programById(id);
    }

    @Override
    public int attachDeviceProgram(int cgroupFd, int programFd, int replaceFd) {
        return Bpf.attach(cgroupFd, programFd, Bpf.BPF_CGROUP_DEVICE, replaceFd);
    }

    @Override
    public int detachDeviceProgram(int cgroupFd, int programFd) {
        return Bpf.detach(cgroupFd, programFd, Bpf.BPF_CGROUP_DEVICE);
    }
}
