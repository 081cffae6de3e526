package io.jrun.spec;

import java.util.List;

/**
 * One rule of {@code linux.seccomp.syscalls}.
 *
 * @param names    REQUIRED, at least one syscall name
 * @param action   REQUIRED, e.g. {@code SCMP_ACT_ALLOW}
 * @param errnoRet errno for {@code SCMP_ACT_ERRNO}/{@code SCMP_ACT_TRACE}
 * @param args     argument conditions, all of which must hold
 */
public record LinuxSyscall(List<String> names, String action, @Uint32 Long errnoRet, List<LinuxSeccompArg> args) {
    public LinuxSyscall {
        names = Copies.list(names);
        args = Copies.list(args);
    }

    public List<String> namesOrEmpty() {
        return Copies.orEmpty(names);
    }

    public List<LinuxSeccompArg> argsOrEmpty() {
        return Copies.orEmpty(args);
    }
}
