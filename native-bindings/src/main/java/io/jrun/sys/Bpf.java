package io.jrun.sys;

import java.nio.charset.StandardCharsets;

/**
 * bpf(2) for cgroup device programs: the commands jrun uses, with {@code union bpf_attr} laid
 * out as include/uapi/linux/bpf.h has it. Each returns the kernel's result, or -errno.
 */
public final class Bpf {
    private Bpf() {}

    public static final int BPF_PROG_LOAD = 5;
    public static final int BPF_PROG_ATTACH = 8;
    public static final int BPF_PROG_DETACH = 9;
    public static final int BPF_PROG_GET_FD_BY_ID = 13;
    public static final int BPF_PROG_QUERY = 16;
    public static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    public static final int BPF_CGROUP_DEVICE = 6;
    public static final int BPF_F_ALLOW_MULTI = 1 << 1;
    public static final int BPF_F_REPLACE = 1 << 2;

    /** Bytes of union bpf_attr passed: more than every field set, the rest zero. */
    private static final int ATTR_SIZE = 128;
    /** libbpf's count (PROG_LOAD_ATTEMPTS in its bpf.c). */
    private static final int PROG_LOAD_ATTEMPTS = 5;

    private static long bpf(int cmd, long attr) {
        long r = Native.syscalls().syscall(Sys.BPF, cmd, attr, ATTR_SIZE, 0, 0);
        return r < 0 ? -Native.errno() : r;
    }

    /**
     * BPF_PROG_LOAD of a BPF_PROG_TYPE_CGROUP_DEVICE program: its fd, or -errno.
     *
     * @param name     what bpftool shows (15 bytes at most)
     * @param log      the verifier's log is appended here, at log level 1; null for none
     * @param logSize  the bytes the verifier may write to its log
     */
    public static int loadCgroupDeviceProgram(byte[] insns, String license, String name, StringBuilder log, int logSize) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, BPF_PROG_TYPE_CGROUP_DEVICE); // prog_type
            NativeArena.putInt(attr + 4, insns.length / 8); // insn_cnt
            NativeArena.putLong(attr + 8, arena.bytes(insns)); // insns
            NativeArena.putLong(attr + 16, arena.cString(license)); // license
            long buf = 0;
            if (log != null) {
                buf = arena.allocate(logSize, 8);
                NativeArena.putInt(attr + 24, 1); // log_level
                NativeArena.putInt(attr + 28, logSize); // log_size
                NativeArena.putLong(attr + 32, buf); // log_buf
            }
            NativeArena.put(attr + 48, name.getBytes(StandardCharsets.US_ASCII)); // prog_name[16]
            // The verifier gives up with EAGAIN when a signal arrives while it works (a profiler's
            // timer, a SIGCHLD): libbpf and cilium/ebpf (runc's) try again, a few times.
            long r = bpf(BPF_PROG_LOAD, attr);
            for (int attempt = 1; r == -Errno.EAGAIN && attempt < PROG_LOAD_ATTEMPTS; attempt++) {
                r = bpf(BPF_PROG_LOAD, attr);
            }
            if (log != null) {
                log.append(cString(buf, logSize));
            }
            return (int) r;
        }
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

    /** BPF_PROG_QUERY of the programs attached to a cgroup for {@code attachType}: their ids, or {-errno}. */
    public static int[] queryPrograms(int cgroupFd, int attachType) {
        int capacity = 64; // the kernel's limit of programs per cgroup and attach type
        for (int attempt = 0; attempt < 10; attempt++) {
            try (NativeArena arena = new NativeArena()) {
                long attr = arena.allocate(ATTR_SIZE, 8);
                long ids = arena.allocate(4 * capacity, 8);
                NativeArena.putInt(attr, cgroupFd); // target_fd
                NativeArena.putInt(attr + 4, attachType); // attach_type
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

    /** BPF_PROG_GET_FD_BY_ID: an fd of the program, or -errno. */
    public static int programById(int id) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, id); // prog_id
            return (int) bpf(BPF_PROG_GET_FD_BY_ID, attr);
        }
    }

    /** BPF_PROG_ATTACH with BPF_F_ALLOW_MULTI, replacing {@code replaceFd}'s program if it is not -1: 0 or -errno. */
    public static int attach(int cgroupFd, int programFd, int attachType, int replaceFd) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, cgroupFd); // target_fd
            NativeArena.putInt(attr + 4, programFd); // attach_bpf_fd
            NativeArena.putInt(attr + 8, attachType); // attach_type
            int flags = BPF_F_ALLOW_MULTI;
            if (replaceFd >= 0) {
                flags |= BPF_F_REPLACE;
                NativeArena.putInt(attr + 16, replaceFd); // replace_bpf_fd
            }
            NativeArena.putInt(attr + 12, flags); // attach_flags
            return (int) bpf(BPF_PROG_ATTACH, attr);
        }
    }

    /** BPF_PROG_DETACH: 0 or -errno. */
    public static int detach(int cgroupFd, int programFd, int attachType) {
        try (NativeArena arena = new NativeArena()) {
            long attr = arena.allocate(ATTR_SIZE, 8);
            NativeArena.putInt(attr, cgroupFd); // target_fd
            NativeArena.putInt(attr + 4, programFd); // attach_bpf_fd
            NativeArena.putInt(attr + 8, attachType); // attach_type
            return (int) bpf(BPF_PROG_DETACH, attr);
        }
    }
}
