package io.jrun.api;

import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.LinuxSyscall;
import java.util.List;

/**
 * jrun's default seccomp profile for the Java API ({@link ContainerSpec.Seccomp.Default}): every
 * system call is allowed but those that act on the host beyond the container, which fail with
 * EPERM. The list is the part of Docker's default profile that a process without the matching
 * capability is refused anyway, made explicit so that a capability added by mistake does not open
 * them: kernel modules and kexec, keyrings, mounting and namespaces, swap, reboot, the clocks,
 * BPF and perf, quotas, accounting, the kernel log, handles to host files, I/O ports.
 *
 * <p>A deny list rather than Docker's allow list: a test's program may use any ordinary system
 * call, new ones included. clone3 stays allowed: glibc falls back to clone only on ENOSYS, so
 * refusing it with EPERM would break threads.
 */
public final class DefaultSeccomp {
    private DefaultSeccomp() {}

    /** The refused system calls. */
    public static final List<String> REFUSED = List.of(
            "acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "create_module", "delete_module",
            "finit_module", "fsconfig", "fsmount", "fsopen", "fspick", "get_kernel_syms", "init_module", "ioperm", "iopl",
            "kcmp", "kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "mount", "mount_setattr", "move_mount",
            "name_to_handle_at", "nfsservctl", "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root",
            "query_module", "quotactl", "quotactl_fd", "reboot", "request_key", "setns", "settimeofday", "swapoff",
            "swapon", "sysfs", "_sysctl", "syslog", "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vm86",
            "vm86old");

    private static final long EPERM = 1;

    /** The profile, in the runtime spec's form. */
    public static LinuxSeccomp profile() {
        List<String> architectures = switch (System.getProperty("os.arch")) {
            case "aarch64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            default -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        };
        return new LinuxSeccomp("SCMP_ACT_ALLOW", null, architectures, null, null, null,
                List.of(new LinuxSyscall(REFUSED, "SCMP_ACT_ERRNO", EPERM, null)));
    }
}
