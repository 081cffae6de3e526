package io.jrun.api;

import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import io.jrun.spec.SpecException;
import io.jrun.spec.SpecValidator;
import io.jrun.spec.User;
import io.jrun.spec.ValidationError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What `exec` runs and how, as runc's flags say it. Without a process document the container's
 * own process (from its config) is the base, with the command line's args and overrides.
 *
 * @param process        a whole process document (--process), or null
 * @param args           the command and its arguments (when there is no process document)
 * @param cwd            --cwd, or null
 * @param env            --env entries, added to the base's
 * @param tty            --tty
 * @param user           --user UID[:GID], or null
 * @param additionalGids --additional-gids
 * @param caps           --cap: added to every capability set
 * @param noNewPrivs     --no-new-privs
 * @param apparmor       --apparmor, or null
 * @param processLabel   --process-label, or null
 * @param detach         return once the process runs
 * @param pidFile        where to write its pid, or null
 * @param consoleSocket  where to send the pty master, or null
 * @param preserveFds    fds after stdio the process gets
 * @param cgroup         a sub-cgroup of the container's to run in (--cgroup), or null
 * @param ignorePaused   exec even into a paused container
 */
public record ExecOptions(Process process, List<String> args, String cwd, List<String> env, boolean tty, String user,
                          List<Long> additionalGids, List<String> caps, boolean noNewPrivs, String apparmor,
                          String processLabel, boolean detach, Path pidFile, Path consoleSocket, int preserveFds,
                          String cgroup, boolean ignorePaused) {

    public ExecOptions {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
        caps = caps == null ? List.of() : List.copyOf(caps);
    }

    /**
     * The process to run, runc's way: the document, or the container's with the overrides. The
     * overrides are checked here, named as flags (a process document is checked by the caller,
     * as a whole, with {@link SpecValidator#validateProcess}).
     */
    public Process resolve(Process base) {
        checkCStrings();
        if (process != null) {
            return process;
        }
        if (args.isEmpty()) {
            throw new JrunException("exec: no command given (pass the command after the container id, or --process)");
        }
        User u = base.userOrRoot();
        long uid = u.uid();
        long gid = u.gid();
        if (user != null && !user.isEmpty()) {
            String[] parts = user.split(":", 2);
            try {
                uid = Long.parseLong(parts[0]);
                gid = parts.length > 1 ? Long.parseLong(parts[1]) : gid;
            } catch (NumberFormatException e) {
                throw new JrunException("--user " + Quote.value(user) + ": give numeric ids, UID[:GID]");
            }
        }
        List<Long> gids = new ArrayList<>(u.additionalGidsOrEmpty());
        gids.addAll(additionalGids);
        List<String> allEnv = new ArrayList<>(base.envOrEmpty());
        for (String e : env) {
            // --env replaces the container's value of a variable, as runc's does
            String name = e.contains("=") ? e.substring(0, e.indexOf('=') + 1) : e + "=";
            allEnv.removeIf(old -> old.startsWith(name) || old.equals(name.substring(0, name.length() - 1)));
            allEnv.add(e);
        }
        LinuxCapabilities c = base.capabilities();
        if (!caps.isEmpty()) {
            c = new LinuxCapabilities(plus(c == null ? null : c.bounding()), plus(c == null ? null : c.effective()),
                    plus(c == null ? null : c.inheritable()), plus(c == null ? null : c.permitted()),
                    plus(c == null ? null : c.ambient()));
        }
        return new Process(tty, base.consoleSize(), new User(uid, gid, u.umask(), gids, u.username()), args, null, allEnv,
                cwd != null && !cwd.isEmpty() ? cwd : base.cwd(), c, base.rlimits(), base.noNewPrivileges() || noNewPrivs,
                apparmor != null ? apparmor : base.apparmorProfile(), base.oomScoreAdj(), base.scheduler(),
                processLabel != null ? processLabel : base.selinuxLabel(), base.ioPriority(), base.execCPUAffinity());
    }

    /**
     * No NUL byte in what becomes a C string: from a command line none can come (argv entries
     * are C strings themselves), but a caller of the Java API can pass one.
     */
    private void checkCStrings() {
        List<ValidationError> errors = new ArrayList<>();
        if (process == null) {
            for (int i = 0; i < args.size(); i++) {
                addIfAny(errors, SpecValidator.nulByte(JsonPath.element("args", i), args.get(i)));
            }
            addIfAny(errors, SpecValidator.nulByte("--cwd", cwd));
            for (String e : env) {
                addIfAny(errors, SpecValidator.nulByte("--env", e));
            }
            addIfAny(errors, SpecValidator.nulByte("--user", user));
            addIfAny(errors, SpecValidator.nulByte("--apparmor", apparmor));
            addIfAny(errors, SpecValidator.nulByte("--process-label", processLabel));
            for (String cap : caps) {
                addIfAny(errors, SpecValidator.nulByte("--cap", cap));
            }
        }
        addIfAny(errors, SpecValidator.nulByte("--cgroup", cgroup));
        if (!errors.isEmpty()) {
            throw new JrunException(new SpecException("exec", errors).getMessage());
        }
    }

    private static void addIfAny(List<ValidationError> errors, ValidationError error) {
        if (error != null) {
            errors.add(error);
        }
    }

    private List<String> plus(List<String> set) {
        List<String> out = new ArrayList<>(set == null ? List.of() : set);
        for (String cap : caps) {
            if (!out.contains(cap)) {
                out.add(cap);
            }
        }
        return out;
    }
}
