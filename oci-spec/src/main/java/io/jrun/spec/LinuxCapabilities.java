package io.jrun.spec;

import java.util.List;

/**
 * {@code process.capabilities}: the five capability sets, each a list of names such as
 * {@code CAP_KILL}.
 */
public record LinuxCapabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient) {

    /** The JSON names of the sets, in spec order. */
    public static final List<String> SETS = List.of("bounding", "effective", "inheritable", "permitted", "ambient");

    /**
     * Every capability Linux defines, indexed by its number (the number is kernel ABI, the same on
     * every architecture): {@code CAP_CHOWN} is 0, {@code CAP_CHECKPOINT_RESTORE} is 40.
     */
    public static final List<String> KNOWN = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    public LinuxCapabilities {
        bounding = Copies.list(bounding);
        effective = Copies.list(effective);
        inheritable = Copies.list(inheritable);
        permitted = Copies.list(permitted);
        ambient = Copies.list(ambient);
    }

    /** The kernel's number for capability {@code name}, or -1 if Linux has no such capability. */
    public static int number(String name) {
        return KNOWN.indexOf(name);
    }

    /** The set whose JSON name is {@code set} (one of {@link #SETS}), or empty. */
    public List<String> byName(String set) {
        List<String> names = switch (set) {
            case "bounding" -> bounding;
            case "effective" -> effective;
            case "inheritable" -> inheritable;
            case "permitted" -> permitted;
            case "ambient" -> ambient;
            default -> throw new IllegalArgumentException("unknown capability set: " + set);
        };
        return Copies.orEmpty(names);
    }
}
