package io.jrun.core.cgroups;

import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.NativeArena;
import io.jrun.sys.Sys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@link CgroupKernel} on the real kernel, through native-bindings. Structs for bpf(2) are laid
 * out in a {@link NativeArena}, open for the span of the call.
 */
public final class NativeCgroupKernel implements CgroupKernel {
    public static final NativeCgroupKernel INSTANCE = new NativeCgroupKernel();

    // bpf(2) commands and constants from include/uapi/linux/bpf.h.
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_DETACH = 9;
    private static final int BPF_PROG_GET_FD_BY_ID = 13;
    private static final int BPF_PROG_QUERY = 16;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    private static final int BPF_F_ALLOW_MULTI = 1 << 1;
    private static final int BPF_F_REPLACE = 1 << 2;
    /** Bytes of union bpf_attr we pass: more than every field we set, the rest zero. */
    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 64 * 1024;
    /** libbpf's count (PROG_LOAD_ATTEMPTS in its bpf.c). */
    private static final int PROG_LOAD_ATTEMPTS = 5;
    /** bpftool shows this name for the programs jrun attaches (16 bytes with the NUL at most). */
    private static final byte[] PROG_NAME = "jrun_devices".getBytes(StandardCharsets.US_ASCII);

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

    private static long bpf(int cmd, long attr) {
        long r = Native.syscalls().syscall(Sys.BPF, cmd, attr, ATTR_SIZE, 0, 0);
        return r < 0 ? -Native.errno() : r;
    }

    @Override
    public int loadDeviceProgram(byte[] insns, String license, StringBuilder verifierLog) {
        try (NativeArena arena = new NativeArena()) {
            return loadDeviceProgram(arena, insns, license, verifierLog);
        }
    }

    private static int loadDeviceProgram(NativeArena arena, byte[] insns, String license, StringBuilder verifierLog) {
        long attr = arena.allocate(ATTR_SIZE, 8);
        NativeArena.putInt(attr, BPF_PROG_TYPE_CGROUP_DEVICE); // prog_type
        NativeArena.putInt(attr + 4, insns.length / 8); // insn_cnt
        NativeArena.putLong(attr + 8, arena.bytes(insns)); // insns
        NativeArena.putLong(attr + 16, arena.cString(license)); // license
        long log = 0;
        if (verifierLog != null) {
            log = arena.allocate(LOG_SIZE, 8);
            NativeArena.putInt(attr + 24, 1); // log_level
            NativeArena.putInt(attr + 28, LOG_SIZE); // log_size
            NativeArena.putLong(attr + 32, log); // log_buf
        }
        NativeArena.put(attr + 48, PROG_NAME); // prog_name[16]
        // The verifier gives up with EAGAIN when a signal arrives while it works (a profiler's
        // timer, a SIGCHLD): libbpf and cilium/ebpf (runc's) try again, a few times.
        long r = bpf(BPF_PROG_LOAD, attr);
        for (int attempt = 1; r == -Errno.EAGAIN && attempt < PROG_LOAD_ATTEMPTS; attempt++) {
            r = bpf(BPF_PROG_LOAD, attr);
        }
        if (verifierLog != null) {
            verifierLog.append(cString(log, LOG_SIZE));
        }
        return (int) r;
    }

    private static String cString(long address, int max) {
        byte[] b = new byte[max];
        NativeArena.get(address, b, max);
        int n = 0;
        while (n < max && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public int[] queryDevicePrograms(int cgroupFd) {
        int capacity = 64; // the kernel's limit of programs per cgroup and attach type
        for (int attempt = 0; attempt < 10; attempt++) {
            try (NativeArena arena = new NativeArena()) {
                long attr = arena.allocate(ATTR_SIZE, 8);
                long ids = arena.allocate(4 * capacity, 8);
                NativeArena.putInt(attr, cgroupFd); // target_fd
                NativeArena.putInt(attr + 4, BPF_CGROUP_DEVICE); // attach_type
                NativeArena.putLong(attr + 16, ids); // prog_ids
                NativeArena.putInt(attr + 24, capacity); // prog_cnt
                long r = bpf(BPF_PROG_QUERY, attr);
                int count = NativeArena.getInt(attr + 24);
                if (r == -Errno.ENOSPC) {
                    capacity = Math.max(capacity * 2, count);
                    continue;
                }
                if (r < 0) {
                    return new int[] {(int) r};
                }
                int[] out = new int[count];
                for (int i = 0; i < count; i++) {
                    out[i] = NativeArena.getInt(ids + 4L * i);
                }
                return out;
            }
        }
        return new int[] {-Errno.ENOSPC};
    }

    @Override
    public int deviceProgramById(int id) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, id); // prog_id
            return (int) bpf(BPF_PROG_GET_FD_BY_ID, attr);
        }
    }

    @Override
    public int attachDeviceProgram(int cgroupFd, int programFd, int replaceFd) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, cgroupFd); // target_fd
            NativeArena.putInt(attr + 4, programFd); // attach_bpf_fd
            NativeArena.putInt(attr + 8, BPF_CGROUP_DEVICE); // attach_type
            int flags = BPF_F_ALLOW_MULTI;
            if (replaceFd >= 0) {
                flags |= BPF_F_REPLACE;
                NativeArena.putInt(attr + 16, replaceFd); // replace_bpf_fd
            }
            NativeArena.putInt(attr + 12, flags); // attach_flags
            return (int) bpf(BPF_PROG_ATTACH, attr);
        }
    }

    @Override
    public int detachDeviceProgram(int cgroupFd, int programFd) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, cgroupFd); // target_fd
            NativeArena.putInt(attr + 4, programFd); // attach_bpf_fd
            NativeArena.putInt(attr + 8, BPF_CGROUP_DEVICE); // attach_type
            return (int) bpf(BPF_PROG_DETACH, attr);
        }
    }
}
