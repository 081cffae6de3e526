package io.jrun.spec;

import java.util.List;

/**
 * The container process ({@code process} in config.json, and the whole document of
 * {@code exec --process}). Go's non-pointer {@code bool} fields are primitives that are left out
 * when false, as runc writes them.
 *
 * @param terminal        attach a pseudo-terminal
 * @param consoleSize     initial terminal size; ignored without {@code terminal}
 * @param user            who the process runs as; absent reads as null (see {@link #userOrRoot()})
 * @param args            argv; the first element is the program
 * @param commandLine     Windows only; kept for completeness
 * @param env             {@code KEY=VALUE} entries
 * @param cwd             absolute working directory inside the container
 * @param capabilities    the five capability sets
 * @param rlimits         resource limits, each type at most once
 * @param noNewPrivileges set PR_SET_NO_NEW_PRIVS
 * @param apparmorProfile AppArmor profile name
 * @param oomScoreAdj     /proc/self/oom_score_adj
 * @param scheduler       sched_setattr(2) attributes
 * @param selinuxLabel    SELinux process label
 * @param ioPriority      ioprio_set(2) class and level
 * @param execCPUAffinity CPU affinity for processes started by exec
 */
public record Process(
        boolean terminal,
        Box consoleSize,
        User user,
        List<String> args,
        String commandLine,
        List<String> env,
        String cwd,
        LinuxCapabilities capabilities,
        List<PosixRlimit> rlimits,
        boolean noNewPrivileges,
        String apparmorProfile,
        Integer oomScoreAdj,
        Scheduler scheduler,
        String selinuxLabel,
        LinuxIOPriority ioPriority,
        ExecCPUAffinity execCPUAffinity) {

    public Process {
        args = Copies.list(args);
        env = Copies.list(env);
        rlimits = Copies.list(rlimits);
    }

    public List<String> argsOrEmpty() {
        return Copies.orEmpty(args);
    }

    public List<String> envOrEmpty() {
        return Copies.orEmpty(env);
    }

    public List<PosixRlimit> rlimitsOrEmpty() {
        return Copies.orEmpty(rlimits);
    }

    /** The user, or uid 0 / gid 0 when absent (Go decodes a missing {@code user} to zeros). */
    public User userOrRoot() {
        return user != null ? user : new User(0, 0, null, null, null);
    }
}
