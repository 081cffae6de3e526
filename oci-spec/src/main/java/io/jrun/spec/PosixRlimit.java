package io.jrun.spec;

import java.util.List;

/**
 * One entry of {@code process.rlimits}. {@code hard} and {@code soft} are uint64 held as their bit
 * pattern ({@link Uint64}): RLIM_INFINITY, 18446744073709551615, is {@code -1L}, which is also what
 * setrlimit(2) takes.
 *
 * @param type REQUIRED, one of {@link #TYPES}
 * @param hard REQUIRED hard limit
 * @param soft REQUIRED soft limit, not above {@code hard} (unsigned)
 */
public record PosixRlimit(String type, @Uint64 long hard, @Uint64 long soft) {
    /** RLIM_INFINITY as stored here. */
    public static final long INFINITY = -1L;

    /** The Linux rlimit names, in the kernel's generic resource-number order. */
    public static final List<String> TYPES = List.of(
            "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
            "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");
}
