package io.jrun.core.seccomp;

import io.jrun.sys.Arch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A syscall ABI a seccomp profile can name ({@code SCMP_ARCH_*}) and jrun has a syscall table
 * for. The kernel tells a filter the ABI of a syscall by its {@code AUDIT_ARCH_*} value; x32
 * shares x86_64's and sets {@link #X32_SYSCALL_BIT} in the syscall number instead.
 *
 * <p>{@code argBits} is how much of an argument libseccomp compares on the ABI: x86 and x32
 * are 32-bit ABIs to it, so only the low halves of the arguments are looked at there.
 */
public enum Abi {
    X86_64("SCMP_ARCH_X86_64", Seccomp.AUDIT_ARCH_X86_64, 64, SyscallTable.X86_64),
    X86("SCMP_ARCH_X86", Seccomp.AUDIT_ARCH_I386, 32, SyscallTable.X86),
    X32("SCMP_ARCH_X32", Seccomp.AUDIT_ARCH_X86_64, 32, SyscallTable.X32),
    AARCH64("SCMP_ARCH_AARCH64", Seccomp.AUDIT_ARCH_AARCH64, 64, SyscallTable.AARCH64);

    public static final int X32_SYSCALL_BIT = 0x40000000;

    /**
     * libseccomp's names of the other architectures: a profile naming one is valid, but jrun
     * has no table for it (none of them can be the ABI of a syscall on an x86_64 host, and on
     * aarch64 only 32-bit ARM programs use one).
     */
    public static final List<String> OTHER_NAMES = List.of("SCMP_ARCH_NATIVE", "SCMP_ARCH_ARM",
            "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
            "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390",
            "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
            "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < SyscallTable.NAMES.length; i++) {
            INDEX.put(SyscallTable.NAMES[i], i);
        }
    }

    private final String scmpName;
    private final int auditArch;
    private final int argBits;
    private final int[] numbers;

    Abi(String scmpName, int auditArch, int argBits, int[] numbers) {
        this.scmpName = scmpName;
        this.auditArch = auditArch;
        this.argBits = argBits;
        this.numbers = numbers;
    }

    /** The ABI of the processes jrun starts: the one of the machine. */
    public static Abi host() {
        return Arch.current() == Arch.AARCH64 ? AARCH64 : X86_64;
    }

    /** The ABI named {@code SCMP_ARCH_*}, or null. */
    public static Abi byName(String scmpName) {
        for (Abi a : values()) {
            if (a.scmpName.equals(scmpName)) {
                return a;
            }
        }
        return null;
    }

    public String scmpName() {
        return scmpName;
    }

    public int auditArch() {
        return auditArch;
    }

    public int argBits() {
        return argBits;
    }

    /** The syscall's number on this ABI (x32's with {@link #X32_SYSCALL_BIT}), or -1. */
    public int number(String name) {
        Integer i = INDEX.get(name);
        return i == null ? -1 : numbers[i];
    }

    /** Whether any ABI has a syscall of that name. */
    public static boolean known(String name) {
        return INDEX.containsKey(name) || Multiplexed.of(name) != null;
    }

    /**
     * The socket and System V IPC calls that 32-bit x86 also reaches through socketcall(2)
     * and ipc(2), with the call number those take as their first argument. libseccomp turns a
     * rule for one of them into a rule for the multiplexer (first argument equal to the call)
     * and one for the direct syscall where the ABI has it; so does jrun.
     */
    record Multiplexed(String multiplexer, int call) {
        private static final Map<String, Multiplexed> CALLS = new HashMap<>();

        static {
            String[] socket = {"socket", "bind", "connect", "listen", "accept", "getsockname", "getpeername",
                    "socketpair", "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt", "getsockopt",
                    "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg"};
            for (int i = 0; i < socket.length; i++) {
                CALLS.put(socket[i], new Multiplexed("socketcall", i + 1));
            }
            String[] ipc = {"semop", "semget", "semctl", "semtimedop", "msgsnd", "msgrcv", "msgget", "msgctl",
                    "shmat", "shmdt", "shmget", "shmctl"};
            int[] codes = {1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24};
            for (int i = 0; i < ipc.length; i++) {
                CALLS.put(ipc[i], new Multiplexed("ipc", codes[i]));
            }
        }

        static Multiplexed of(String name) {
            return CALLS.get(name);
        }
    }

    /** Whether rules for {@code name} go through a multiplexer on this ABI. */
    Multiplexed multiplexed(String name) {
        return this == X86 ? Multiplexed.of(name) : null;
    }
}
