package io.jrun.core.program;

import io.jrun.core.child.Arg;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Reg;
import io.jrun.core.child.Tag.Op;
import io.jrun.core.host.AppArmor;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.PosixRlimit;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import io.jrun.spec.User;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Prctl;
import io.jrun.sys.Sys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.jrun.core.child.Arg.imm;
import static io.jrun.core.program.Steps.str;

/**
 * The container process's own attributes, set in the order runc's init sets them: the AppArmor
 * profile, rlimits and oom_score_adj while still privileged, the bounding set dropped, the user
 * and groups switched keeping capabilities, then the capability sets, no_new_privs, umask and
 * cwd, the fds, and last the lookup of the program in PATH.
 */
final class ProcessSteps {
    private ProcessSteps() {}

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Attributes set before the user switch (they need the privileges root has). */
    static void privileged(Steps s, Process p, int capLastCap) {
        privileged(s, p, capLastCap, true);
    }

    /**
     * @param apparmor write the AppArmor exec attribute (false: the program that execs last,
     *                 jrun-init, writes it, since this process's next exec would take it)
     */
    static void privileged(Steps s, Process p, int capLastCap, boolean apparmor) {
        var b = s.b;
        if (apparmor && p.apparmorProfile() != null && !p.apparmorProfile().isEmpty()) {
            // before no_new_privs and the user switch, as runc does; it takes effect at execve
            b.tag(Op.APPARMOR, p.apparmorProfile());
            s.writeFile(AppArmor.execAttr(), "exec " + p.apparmorProfile(), "apply the AppArmor profile "
                    + Quote.bare(p.apparmorProfile()) + " on exec (process.apparmorProfile)");
        }
        if (p.oomScoreAdj() != null) {
            b.tag(Op.OOM_SCORE_ADJ, Integer.toString(p.oomScoreAdj()));
            s.writeFile("/proc/self/oom_score_adj", Integer.toString(p.oomScoreAdj()), "set process.oomScoreAdj "
                    + p.oomScoreAdj() + " (/proc/self/oom_score_adj)");
        }
        List<PosixRlimit> rlimits = p.rlimitsOrEmpty();
        for (int i = 0; i < rlimits.size(); i++) {
            PosixRlimit r = rlimits.get(i);
            int resource = PosixRlimit.TYPES.indexOf(r.type());
            b.tag(Op.RLIMIT, r.type());
            b.syscall("set process.rlimits[" + i + "] " + r.type() + " (soft " + Long.toUnsignedString(r.soft()) + ", hard "
                            + Long.toUnsignedString(r.hard()) + ")", Sys.PRLIMIT64, imm(0), imm(resource),
                    Steps.longs("rlimit", r.soft(), r.hard()), imm(0));
        }
        LinuxCapabilities caps = p.capabilities();
        List<String> bounding = caps == null ? List.of() : orEmpty(caps.bounding());
        for (int cap = 0; cap <= capLastCap; cap++) {
            String name = cap < LinuxCapabilities.KNOWN.size() ? LinuxCapabilities.KNOWN.get(cap) : "capability " + cap;
            if (!bounding.contains(name)) {
                b.tag(Op.DROP_BOUNDING, name);
                b.syscall("drop " + name + " from the bounding set", Sys.PRCTL, imm(Prctl.PR_CAPBSET_DROP), imm(cap),
                        imm(0), imm(0), imm(0)).ignore(Errno.EINVAL);
            }
        }
    }

    /**
     * Whether the capability sets must keep CAP_SYS_ADMIN until the seccomp filter is loaded:
     * without no_new_privs loading a filter needs it, and the process may not keep it.
     */
    static boolean holdsSysAdminForSeccomp(Process p, boolean seccomp) {
        return seccomp && !p.noNewPrivileges() && (mask(effective(p)) & SYS_ADMIN) == 0;
    }

    private static final long SYS_ADMIN = 1L << LinuxCapabilities.KNOWN.indexOf("CAP_SYS_ADMIN");

    /**
     * The user switch, the capability sets, no_new_privs, umask, cwd. With
     * {@code holdSysAdmin}, CAP_SYS_ADMIN stays effective and permitted for the seccomp filter,
     * and {@link #releaseSysAdmin} drops it right after.
     */
    static void user(Steps s, Process p, boolean holdSysAdmin) {
        var b = s.b;
        User u = p.userOrRoot();
        List<Long> groups = u.additionalGidsOrEmpty();
        int[] gids = new int[groups.size()];
        for (int i = 0; i < gids.length; i++) {
            gids[i] = (int) (long) groups.get(i);
        }
        String cwd = Quote.bare(p.cwd());
        b.tag(Op.CWD, p.cwd());
        b.syscall("chdir to " + cwd + " (process.cwd)", Sys.CHDIR, str(p.cwd()))
                .ignore(Errno.EACCES).ignore(Errno.EPERM); // again as the user below
        b.tag(Op.SET_GROUPS);
        b.syscall("set the additional groups " + groups + " (process.user.additionalGids)", Sys.SETGROUPS,
                imm(gids.length), Steps.ints("gids", gids));
        b.tag(Op.SET_GID, Long.toString(u.gid()));
        b.syscall("set gid " + u.gid() + " (process.user.gid)", Sys.SETRESGID, imm(u.gid()), imm(u.gid()), imm(u.gid()));
        boolean switching = u.uid() != 0;
        b.tag(Op.SET_UID, Long.toString(u.uid()));
        if (switching) {
            b.syscall("keep capabilities across the uid switch", Sys.PRCTL, imm(Prctl.PR_SET_KEEPCAPS), imm(1), imm(0), imm(0), imm(0));
        }
        b.syscall("set uid " + u.uid() + " (process.user.uid)", Sys.SETRESUID, imm(u.uid()), imm(u.uid()), imm(u.uid()));
        if (switching) {
            b.syscall("stop keeping capabilities", Sys.PRCTL, imm(Prctl.PR_SET_KEEPCAPS), imm(0), imm(0), imm(0), imm(0));
        }
        LinuxCapabilities caps = p.capabilities();
        long held = holdSysAdmin ? SYS_ADMIN : 0;
        b.tag(Op.CAPABILITIES);
        capset(b, "set the capabilities (process.capabilities)" + (holdSysAdmin ? ", CAP_SYS_ADMIN kept for seccomp" : ""),
                mask(effective(p)) | held, mask(caps == null ? null : caps.permitted()) | held,
                mask(caps == null ? null : caps.inheritable()));
        for (String name : caps == null ? List.<String>of() : orEmpty(caps.ambient())) {
            // The kernel raises an ambient capability only if it is permitted and inheritable;
            // runc goes on without it, and so does jrun (the parent warns).
            b.tag(Op.AMBIENT, name);
            b.syscall("raise " + name + " in the ambient set", Sys.PRCTL, imm(Prctl.PR_CAP_AMBIENT),
                    imm(Prctl.PR_CAP_AMBIENT_RAISE), imm(LinuxCapabilities.KNOWN.indexOf(name)), imm(0), imm(0))
                    .ignore(Errno.EPERM).ignore(Errno.EINVAL);
        }
        if (p.noNewPrivileges()) {
            b.tag(Op.NO_NEW_PRIVS);
            b.syscall("set no_new_privs (process.noNewPrivileges)", Sys.PRCTL, imm(Prctl.PR_SET_NO_NEW_PRIVS), imm(1),
                    imm(0), imm(0), imm(0));
        }
        long umask = u.umask() == null ? 022 : u.umask();
        b.tag(Op.UMASK, Long.toOctalString(umask));
        b.syscall("set umask " + Long.toOctalString(umask) + " (process.user.umask)", Sys.UMASK, imm(umask));
        b.tag(Op.CWD, p.cwd());
        b.syscall("chdir to " + cwd + " (process.cwd) as uid " + u.uid(), Sys.CHDIR, str(p.cwd()));
        b.tag(Op.CHECK_CWD, p.cwd());
        checkCwd(s, cwd);
    }

    /** The capability sets without the CAP_SYS_ADMIN {@link #user} held for seccomp. */
    static void releaseSysAdmin(Steps s, Process p) {
        LinuxCapabilities caps = p.capabilities();
        s.b.tag(Op.RELEASE_SYS_ADMIN);
        capset(s.b, "drop CAP_SYS_ADMIN, kept for seccomp (process.capabilities)", mask(effective(p)),
                mask(caps == null ? null : caps.permitted()), mask(caps == null ? null : caps.inheritable()));
    }

    private static List<String> effective(Process p) {
        return p.capabilities() == null ? null : p.capabilities().effective();
    }

    private static void capset(ProgramBuilder b, String step, long eff, long prm, long inh) {
        // struct __user_cap_header_struct {version, pid}, then two __user_cap_data_struct
        // {effective, permitted, inheritable}: the low and the high 32 capabilities.
        b.syscall(step, Sys.CAPSET, Steps.ints("cap header", Prctl.LINUX_CAPABILITY_VERSION_3, 0),
                Steps.ints("cap data", (int) eff, (int) prm, (int) inh, (int) (eff >>> 32), (int) (prm >>> 32), (int) (inh >>> 32)));
    }

    /**
     * After the chdir to process.cwd: the working directory must be inside the container's
     * root. getcwd(2) prefixes a directory the root cannot reach with "(unreachable)"; openat2
     * with RESOLVE_BENEATH refuses an absolute path with EXDEV, so EXDEV says the name began with
     * "/" (runc's check after CVE-2024-21626, made with two syscalls because the child reads
     * no memory).
     */
    /** @param cwd process.cwd as messages show it (bounded) */
    private static void checkCwd(Steps s, String cwd) {
        var b = s.b;
        String step = "process.cwd " + cwd + ": check the working directory is inside the container";
        Reg name = b.reg("cwd name");
        b.set(name, new Arg.Bytes("cwd buffer", new byte[4096]));
        b.syscall(step + " (getcwd)", Sys.GETCWD, name, imm(4096));
        Label inside = b.label("cwd inside");
        Label outside = b.label("cwd outside");
        b.syscall(step, Sys.OPENAT2, imm(FileFlags.AT_FDCWD), name,
                Steps.longs("open_how", FileFlags.O_PATH | FileFlags.O_CLOEXEC, 0, FileFlags.RESOLVE_BENEATH),
                imm(FileFlags.OPEN_HOW_SIZE)).into(s.scratch).onErrno(Errno.EXDEV, inside).onErrno(Errno.ENOENT, outside);
        s.close(s.scratch);
        b.bind(outside);
        b.fail("process.cwd " + cwd + ": the working directory is outside the container's root filesystem", Errno.EPERM);
        b.bind(inside);
    }

    /**
     * Every fd but stdio and the preserved ones closes on exec (close_range), the preserved ones
     * (3 .. 3+n-1) stay open.
     */
    static void fds(Steps s, int preserveFds) {
        var b = s.b;
        b.tag(Op.CLOSE_ON_EXEC);
        b.syscall("mark fds from " + (3 + preserveFds) + " close-on-exec", Sys.CLOSE_RANGE, imm(3 + preserveFds),
                imm(0xffffffffL), imm(FileFlags.CLOSE_RANGE_CLOEXEC));
        for (int fd = 3; fd < 3 + preserveFds; fd++) {
            b.inherit(fd);
            b.tag(Op.PRESERVE_FD, Integer.toString(fd));
            b.syscall("keep fd " + fd + " open across exec (--preserve-fds)", Sys.FCNTL, imm(fd), imm(FileFlags.F_SETFD), imm(0));
        }
    }

    /** The longest file name (a path component) the kernel takes, in bytes. */
    static final int NAME_MAX = 255;

    /** The longest path the kernel takes, in bytes, with its terminating NUL. */
    static final int PATH_MAX = 4096;

    /**
     * Finds the program as execvp(3) would, in the container, as the user: with a slash it is
     * taken as it is; otherwise the first PATH entry holding an executable file that is not a
     * directory. Leaves the path's address in {@code path}. A name or candidate too long for the
     * kernel is not found, as Go's exec.LookPath (runc's) has it, rather than an ENAMETOOLONG.
     */
    static void lookPath(Steps s, Process p, Reg path) {
        lookPath(s, p, new SetPath(s.b, path));
    }

    /**
     * Sets a register to the program's path. A class of its own, not a lambda: a lambda's class is
     * spun at run time unless the AOT cache's training ran that very call site.
     */
    private record SetPath(ProgramBuilder b, Reg path) implements java.util.function.Consumer<String> {
        @Override
        public void accept(String candidate) {
            b.set(path, new Arg.Str(candidate));
        }
    }

    /**
     * As {@link #lookPath(Steps, Process, Reg)}, with {@code found} emitting what records the
     * program's path once it is found (it runs once per PATH entry, and the branch of the entry
     * that holds the program takes it).
     */
    static void lookPath(Steps s, Process p, java.util.function.Consumer<String> found) {
        var b = s.b;
        String name = p.argsOrEmpty().getFirst();
        if (name.contains("/")) {
            b.tag(Op.LOOKUP, name);
            found.accept(name);
            return;
        }
        String shownName = Quote.bare(name); // once: the steps below are built for every PATH entry
        String notFound = "exec: " + Quote.value(name) + ": executable file not found in $PATH";
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > NAME_MAX) {
            b.tag(Op.NOT_FOUND, name);
            b.fail(notFound, Errno.ENOENT);
            return;
        }
        String pathVar = DEFAULT_PATH;
        for (String e : p.envOrEmpty()) {
            if (e.startsWith("PATH=")) {
                pathVar = e.substring(5);
            }
        }
        Label done = b.label("found");
        List<String> dirs = new ArrayList<>();
        for (String d : pathVar.split(":", -1)) {
            dirs.add(d.isEmpty() ? "." : d);
        }
        for (String d : dirs) {
            String separator = d.endsWith("/") ? "" : "/";
            String candidate = d + separator + name;
            if (d.getBytes(StandardCharsets.UTF_8).length + separator.length() + nameBytes >= PATH_MAX) {
                continue;
            }
            String shown = Quote.bare(d) + separator + shownName;
            Label next = b.label("next");
            Label file = b.label("file");
            // O_DIRECTORY fails with ENOTDIR on a file: that is the case looked for.
            b.tag(Op.LOOKUP, candidate);
            b.syscall("look up " + shown, Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(candidate),
                    imm(FileFlags.O_PATH | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC), imm(0))
                    .into(s.scratch).onErrno(Errno.ENOTDIR, file).onErrno(Errno.ENOENT, next);
            s.close(s.scratch);
            b.jump(s.scratch, next);
            b.bind(file);
            b.tag(Op.CHECK_EXECUTABLE, candidate);
            b.syscall("check " + shown + " is executable", Sys.FACCESSAT2, imm(FileFlags.AT_FDCWD), str(candidate),
                    imm(FileFlags.X_OK), imm(0)).onErrno(Errno.EACCES, next);
            found.accept(candidate);
            b.jump(s.scratch, done);
            b.bind(next);
        }
        b.tag(Op.NOT_FOUND, name);
        b.fail(notFound, Errno.ENOENT);
        b.bind(done);
    }

    static long mask(List<String> names) {
        long m = 0;
        for (String n : orEmpty(names)) {
            int i = LinuxCapabilities.KNOWN.indexOf(n);
            if (i >= 0) {
                m |= 1L << i;
            }
        }
        return m;
    }

    static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
