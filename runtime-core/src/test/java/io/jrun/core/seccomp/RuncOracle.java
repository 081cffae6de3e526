package io.jrun.core.seccomp;

import io.jrun.api.JrunException;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSeccompArg;
import io.jrun.spec.LinuxSyscall;
import io.jrun.sys.Native;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter runc 1.1 loads for a profile, built the way runc builds it: libseccomp (the
 * machine's libseccomp.so.2, through jnr-ffi) with runc's InitSeccomp steps, then runc's
 * -ENOSYS stub (libcontainer/seccomp/patchbpf) in front, ported instruction for instruction.
 * The oracle the compiler's decisions are compared with.
 */
final class RuncOracle {
    private RuncOracle() {}

    public interface LibSeccomp {
        Pointer seccomp_init(int defAction);

        int seccomp_arch_add(Pointer ctx, int archToken);

        int seccomp_attr_set(Pointer ctx, int attr, int value);

        int seccomp_rule_add_array(Pointer ctx, int action, int syscall, int argCnt, Pointer args);

        int seccomp_syscall_resolve_name(String name);

        int seccomp_syscall_resolve_name_arch(int archToken, String name);

        int seccomp_export_bpf(Pointer ctx, int fd);

        void seccomp_release(Pointer ctx);
    }

    private static final int NR_SCMP_ERROR = -1;
    private static final int ATTR_CTL_NNP = 3;
    private static final int ATTR_CTL_OPTIMIZE = 8;
    private static final int SCMP_ARCH_X32 = 0x4000003e; // EM_X86_64 | __AUDIT_ARCH_LE

    private static LibSeccomp lib;

    static synchronized LibSeccomp lib() {
        if (lib == null) {
            String path = null;
            for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu",
                    "/usr/lib64", "/usr/lib")) {
                if (Files.exists(Path.of(dir, "libseccomp.so.2"))) {
                    path = dir + "/libseccomp.so.2";
                    break;
                }
            }
            if (path == null) {
                throw new IllegalStateException("libseccomp.so.2 is not installed (Debian: libseccomp2, which runc needs)");
            }
            // jnr-ffi's x86 stub compiler passes garbage as a sixth argument (measured): off
            System.setProperty("jnr.ffi.x86asm.enabled", "false");
            lib = LibraryLoader.create(LibSeccomp.class).load(path);
        }
        return lib;
    }

    private static int token(String scmpArch) {
        return switch (scmpArch) {
            case "SCMP_ARCH_X86_64" -> Seccomp.AUDIT_ARCH_X86_64;
            case "SCMP_ARCH_X86" -> Seccomp.AUDIT_ARCH_I386;
            case "SCMP_ARCH_X32" -> SCMP_ARCH_X32;
            case "SCMP_ARCH_AARCH64" -> Seccomp.AUDIT_ARCH_AARCH64;
            default -> throw new IllegalArgumentException(scmpArch);
        };
    }

    private static int op(String name) {
        return switch (name) {
            case "SCMP_CMP_NE" -> 1;
            case "SCMP_CMP_LT" -> 2;
            case "SCMP_CMP_LE" -> 3;
            case "SCMP_CMP_EQ" -> 4;
            case "SCMP_CMP_GE" -> 5;
            case "SCMP_CMP_GT" -> 6;
            case "SCMP_CMP_MASKED_EQ" -> 7;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** runc's program for the profile; a JrunException where runc fails (libseccomp refuses a rule). */
    static byte[] program(LinuxSeccomp s) {
        LibSeccomp l = lib();
        int defaultAction = SeccompCompiler.action(s.defaultAction(), s.defaultErrnoRet(), "", "");
        // runc's configs.Seccomp: one entry per syscall name
        record Call(String name, int action, List<LinuxSeccompArg> args) {}
        List<Call> calls = new ArrayList<>();
        for (LinuxSyscall sc : s.syscallsOrEmpty()) {
            int action = SeccompCompiler.action(sc.action(), sc.errnoRet(), "", "");
            for (String n : sc.namesOrEmpty()) {
                calls.add(new Call(n, action, sc.argsOrEmpty()));
            }
        }
        Pointer ctx = l.seccomp_init(defaultAction);
        try {
            for (String a : s.architecturesOrEmpty()) {
                int rc = l.seccomp_arch_add(ctx, token(a));
                if (rc != 0 && rc != -17) {
                    throw new IllegalStateException("seccomp_arch_add " + a + ": " + rc);
                }
            }
            if (calls.size() > 32) {
                l.seccomp_attr_set(ctx, ATTR_CTL_OPTIMIZE, 2);
            }
            l.seccomp_attr_set(ctx, ATTR_CTL_NNP, 0);
            for (Call c : calls) {
                if (c.action() == defaultAction) {
                    continue;
                }
                int nr = l.seccomp_syscall_resolve_name(c.name());
                if (nr == NR_SCMP_ERROR) {
                    continue;
                }
                int[] counts = new int[6];
                for (LinuxSeccompArg a : c.args()) {
                    counts[(int) a.index()]++;
                }
                boolean split = false;
                for (int n : counts) {
                    split |= n > 1;
                }
                if (split) {
                    for (LinuxSeccompArg a : c.args()) {
                        add(l, ctx, c.action(), nr, List.of(a), c.name());
                    }
                } else {
                    add(l, ctx, c.action(), nr, c.args(), c.name());
                }
            }
            byte[] filter = export(l, ctx);
            return concat(stub(s, defaultAction, calls.stream().map(Call::name).toList()), filter);
        } finally {
            l.seccomp_release(ctx);
        }
    }

    private static void add(LibSeccomp l, Pointer ctx, int action, int nr, List<LinuxSeccompArg> args, String name) {
        Pointer p = jnr.ffi.Memory.allocateDirect(jnr.ffi.Runtime.getRuntime(l), Math.max(1, args.size()) * 24, true);
        for (int i = 0; i < args.size(); i++) {
            LinuxSeccompArg a = args.get(i);
            p.putInt(i * 24L, (int) a.index());
            p.putInt(i * 24L + 4, op(a.op()));
            p.putLong(i * 24L + 8, a.value());
            p.putLong(i * 24L + 16, a.valueTwo());
        }
        int rc = l.seccomp_rule_add_array(ctx, action, nr, args.size(), p);
        if (rc != 0) {
            throw new JrunException("error adding seccomp filter rule for syscall " + name + ": " + rc);
        }
    }

    private static byte[] export(LibSeccomp l, Pointer ctx) {
        try {
            Path tmp = Files.createTempFile("libseccomp", ".bpf");
            try {
                int fd = Native.libc().open(tmp.toString(), 1 /* O_WRONLY */, 0);
                int rc = l.seccomp_export_bpf(ctx, fd);
                Native.libc().close(fd);
                if (rc != 0) {
                    throw new IllegalStateException("seccomp_export_bpf: " + rc);
                }
                return Files.readAllBytes(tmp);
            } finally {
                Files.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(List<int[]> stub, byte[] filter) {
        ByteBuffer bb = ByteBuffer.allocate(stub.size() * 8 + filter.length).order(ByteOrder.nativeOrder());
        for (int[] i : stub) {
            bb.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
        }
        bb.put(filter);
        return bb.array();
    }

    private static int[] insn(int code, int jt, int jf, int k) {
        return new int[] {code, jt, jf, k};
    }

    private static final int LD_ABS = 0x20;
    private static final int JA = 0x05;
    private static final int JEQ = 0x15;
    private static final int JGT = 0x25;
    private static final int JSET = 0x45;
    private static final int RET = 0x06;

    /** patchbpf's generateEnosysStub for runc's lastSyscalls; empty where runc adds none. */
    static List<int[]> stub(LinuxSeccomp s, int defaultAction, List<String> names) {
        int kind = defaultAction & 0xffff0000;
        if (kind == Seccomp.RET_ALLOW || kind == Seccomp.RET_LOG || kind == Seccomp.RET_TRACE) {
            return List.of();
        }
        LibSeccomp l = lib();
        // nativeArch -> (scmp arch -> largest syscall)
        Map<Integer, Map<String, Integer>> last = new LinkedHashMap<>();
        for (String a : s.architecturesOrEmpty()) {
            int nativeArch = a.equals("SCMP_ARCH_X32") ? Seccomp.AUDIT_ARCH_X86_64 : token(a);
            Map<String, Integer> m = last.computeIfAbsent(nativeArch, k -> new LinkedHashMap<>());
            if (m.containsKey(a)) {
                continue;
            }
            int largest = 0;
            for (String n : names) {
                int nr = l.seccomp_syscall_resolve_name_arch(token(a), n);
                if (nr > largest) {
                    largest = nr;
                }
            }
            if (largest != 0) {
                m.put(a, largest);
            }
        }
        int enosys = Seccomp.RET_ERRNO | 38;
        List<int[]> tail = new ArrayList<>(List.of(insn(JA, 0, 0, 1), insn(RET, 0, 0, enosys)));
        Map<Integer, Integer> jumpTable = new LinkedHashMap<>();
        for (var e : last.entrySet()) {
            int nativeArch = e.getKey();
            Map<String, Integer> max = e.getValue();
            int baseJumpEnosys = tail.size() - 1;
            int baseJumpFilter = baseJumpEnosys + 1;
            List<int[]> section = new ArrayList<>(List.of(insn(LD_ABS, 0, 0, 0)));
            if (max.isEmpty()) {
                continue;
            } else if (max.size() == 1) {
                var only = max.entrySet().iterator().next();
                List<int[]> sectionTail = new ArrayList<>();
                if (baseJumpEnosys + 1 <= 255) {
                    sectionTail.add(insn(JGT, baseJumpEnosys + 1, 0, only.getValue()));
                    sectionTail.add(insn(JA, 0, 0, baseJumpFilter));
                } else {
                    sectionTail.add(insn(JGT, 0, 1, only.getValue())); // jle sysno,1
                    sectionTail.add(insn(RET, 0, 0, enosys));
                    sectionTail.add(insn(JA, 0, 0, baseJumpFilter));
                }
                if (nativeArch == Seccomp.AUDIT_ARCH_X86_64) {
                    if (only.getKey().equals("SCMP_ARCH_X86_64")) {
                        sectionTail.addFirst(insn(JSET, sectionTail.size() - 1, 0, 1 << 30));
                    } else {
                        sectionTail.addFirst(insn(JSET, 0, sectionTail.size() - 1, 1 << 30));
                    }
                }
                section.addAll(sectionTail);
            } else {
                int x32 = max.get("SCMP_ARCH_X32");
                int x86 = max.get("SCMP_ARCH_X86_64");
                if (baseJumpEnosys + 2 <= 255) {
                    section.add(insn(JSET, 1, 0, 1 << 30));
                    section.add(insn(JGT, baseJumpEnosys + 2, 1, x86));
                    section.add(insn(JGT, baseJumpEnosys + 1, 0, x32));
                    section.add(insn(JA, 0, 0, baseJumpFilter));
                } else {
                    section.add(insn(JSET, 1, 0, 1 << 30));
                    section.add(insn(JGT, 1, 2, x86));
                    section.add(insn(JGT, 0, 1, x32)); // jle x32,1
                    section.add(insn(RET, 0, 0, enosys));
                    section.add(insn(JA, 0, 0, baseJumpFilter));
                }
            }
            section.addAll(tail);
            tail = section;
            jumpTable.put(nativeArch, tail.size());
        }
        tail.addFirst(insn(JA, 0, 0, tail.size()));
        for (var e : jumpTable.entrySet()) {
            int jump = tail.size() - e.getValue();
            if (jump <= 255) {
                tail.addFirst(insn(JEQ, jump, 0, e.getKey()));
            } else {
                tail.addFirst(insn(JA, 0, 0, jump));
                tail.addFirst(insn(JEQ, 0, 1, e.getKey())); // jne arch,1
            }
        }
        tail.addFirst(insn(LD_ABS, 0, 0, 4));
        return tail;
    }
}
