package io.jrun.spec;

import java.util.List;

/**
 * {@code linux.seccomp}. Fields that Docker's and podman's profile files add ({@code archMap},
 * {@code defaultErrno}, per-rule {@code comment}, {@code includes}, {@code excludes}, ...) are not
 * part of the spec and are ignored, so those profiles read as the filter they describe.
 *
 * @param defaultAction    REQUIRED action for unlisted syscalls, e.g. {@code SCMP_ACT_ERRNO}
 * @param defaultErrnoRet  errno for a default {@code SCMP_ACT_ERRNO}/{@code SCMP_ACT_TRACE}
 * @param architectures    {@code SCMP_ARCH_*} names
 * @param flags            {@code SECCOMP_FILTER_FLAG_*} names
 * @param listenerPath     unix socket for {@code SCMP_ACT_NOTIFY}
 * @param listenerMetadata opaque data sent to the listener
 * @param syscalls         the rules
 */
public record LinuxSeccomp(
        String defaultAction,
        @Uint32 Long defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        String listenerPath,
        String listenerMetadata,
        List<LinuxSyscall> syscalls) {

    public LinuxSeccomp {
        architectures = Copies.list(architectures);
        flags = Copies.list(flags);
        syscalls = Copies.list(syscalls);
    }

    public List<String> architecturesOrEmpty() {
        return Copies.orEmpty(architectures);
    }

    public List<String> flagsOrEmpty() {
        return Copies.orEmpty(flags);
    }

    public List<LinuxSyscall> syscallsOrEmpty() {
        return Copies.orEmpty(syscalls);
    }
}
