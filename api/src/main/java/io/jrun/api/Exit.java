package io.jrun.api;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a container's program ended, and what it used, from its cgroup.
 *
 * @param status          the exit status as a shell shows it: the program's, or 128+N after signal N
 * @param signal          the signal that killed it (status 128+N), or 0. A program that itself
 *                        exits with 129-192 reads as killed too: the status alone cannot tell
 *                        them apart, as with runc and docker
 * @param timedOut        it ran past its {@link ContainerSpec#timeout()} and was killed
 * @param oomKilled       the kernel's OOM killer killed a process of it (cgroup v2 memory.events
 *                        "oom_kill"; false where the host has no v2 memory controller)
 * @param peakMemoryBytes the most memory it used (memory.peak, Linux 5.19+ with the v2 memory
 *                        controller), or empty
 * @param cpuTime         the CPU time of all its processes (cpu.stat usage_usec), or empty where
 *                        the host has no cgroup v2
 * @param runtimeError    what jrun itself reported, as the command line would: a program that
 *                        could not be executed ("exec /x: no such file or directory", status 1 as
 *                        with runc), an OOM kill; or empty
 */
public record Exit(int status, int signal, boolean timedOut, boolean oomKilled, OptionalLong peakMemoryBytes,
                   Optional<Duration> cpuTime, Optional<String> runtimeError) {
    /** The program exited 0. */
    public boolean succeeded() {
        return status == 0 && !timedOut;
    }
}
