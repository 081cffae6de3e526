package io.jrun.image;

import io.jrun.api.Annotations;
import io.jrun.api.ConfigEdits;
import io.jrun.api.JrunException;
import io.jrun.spec.Linux;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Mount;
import io.jrun.spec.Process;
import io.jrun.spec.Quote;
import io.jrun.spec.Root;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import io.jrun.spec.User;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config of a container run from an image: what `jrun spec` writes, with the image's
 * settings (Entrypoint and Cmd, Env, WorkingDir, User) and `run`'s options over it, the way
 * docker combines them: a command given replaces Cmd and keeps the Entrypoint; -e adds to or
 * overrides the image's environment; -w and -u override WorkingDir and User. Like docker on
 * cgroup v2, the container gets its own cgroup namespace, so that its limits show at
 * /sys/fs/cgroup.
 */
final class RunSpec {
    private RunSpec() {}

    static final String IMAGE = "io.jrun.image.name";

    /**
     * @param id      the container id
     * @param dir     the container's directory (the bundle), named in the config for its removal
     * @param user    the user, resolved in the image's root filesystem
     * @param hostEnv the caller's environment, for -e KEY
     */
    static Spec build(Image image, ImageRunOptions o, String id, Path dir, Users.User user, Map<String, String> hostEnv) {
        Spec base = SpecDefaults.example();
        Image.Settings s = image.settings();
        if (o.tty() && o.detach() && o.create().consoleSocket() == null) {
            throw new JrunException("-t with --detach needs --console-socket: jrun cannot be the terminal of a container "
                    + "it leaves");
        }

        List<String> args = new ArrayList<>(s.entrypoint() == null ? List.of() : s.entrypoint());
        args.addAll(!o.command().isEmpty() ? o.command() : s.cmd() == null ? List.of() : s.cmd());
        if (args.isEmpty()) {
            throw new JrunException("image " + image.name() + " has no command (neither Entrypoint nor Cmd): give one, as in "
                    + "jrun run " + image.name() + " /bin/sh");
        }

        Map<String, String> env = new LinkedHashMap<>();
        ConfigEdits.putEnv(env, base.process().envOrEmpty());
        ConfigEdits.putEnv(env, s.env() == null ? List.of() : s.env());
        for (String e : o.env()) {
            if (e.startsWith("=") || e.isEmpty()) {
                throw new JrunException("-e " + Quote.value(e) + ": expected KEY=VALUE or KEY");
            }
            if (e.contains("=")) {
                ConfigEdits.putEnv(env, List.of(e));
            } else if (hostEnv.containsKey(e)) {
                env.put(e, hostEnv.get(e));
            }
        }
        env.putIfAbsent("HOME", user.home());
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));

        String cwd = o.workdir() != null ? o.workdir() : s.workingDir() != null ? s.workingDir() : "/";
        if (!cwd.startsWith("/")) {
            throw new JrunException((o.workdir() != null ? "-w " : "the image's WorkingDir ") + Quote.bare(cwd)
                    + ": the working directory must be an absolute path");
        }

        Process p = base.process();
        Process process = new Process(o.tty(), null,
                new User(user.uid(), user.gid(), null, user.additionalGids().isEmpty() ? null : user.additionalGids(), null),
                args, null, envList, cwd, p.capabilities(), p.rlimits(), p.noNewPrivileges(), null, null, null, null, null,
                null);

        List<Mount> mounts = new ArrayList<>(base.mountsOrEmpty());
        for (String v : o.volumes()) {
            mounts.add(volume(v, o.cwd()));
        }

        String network = o.network() == null ? "none" : o.network();
        if (!network.equals("none") && !network.equals("host")) {
            throw new JrunException("--network " + Quote.bare(network) + ": jrun knows \"none\" (the container's own network "
                    + "namespace, with loopback only) and \"host\" (the host's)");
        }
        Linux linux = base.linux();
        List<LinuxNamespace> namespaces = ConfigEdits.namespaces(linux.namespacesOrEmpty(), network.equals("host"));
        LinuxResources resources = ConfigEdits.limits(linux.resources(),
                o.memory() == null ? null : ConfigEdits.bytes("--memory", o.memory()),
                o.cpus() == null ? null : ConfigEdits.cpuQuota("--cpus", o.cpus()),
                o.pidsLimit() == null ? null : pidsLimit(o.pidsLimit()));
        Linux newLinux = new Linux(linux.uidMappings(), linux.gidMappings(), linux.sysctl(), resources, linux.cgroupsPath(),
                namespaces, linux.devices(), linux.netDevices(), linux.seccomp(), linux.rootfsPropagation(),
                linux.maskedPaths(), linux.readonlyPaths(), linux.mountLabel(), linux.intelRdt(), linux.memoryPolicy(),
                linux.personality(), linux.timeOffsets());

        String hostname = o.hostname() != null ? o.hostname() : ConfigEdits.defaultHostname(id);
        if (hostname.isEmpty() || hostname.length() > ConfigEdits.HOST_NAME_MAX) {
            throw new JrunException("--hostname " + Quote.value(hostname) + ": a hostname has 1 to "
                    + ConfigEdits.HOST_NAME_MAX + " characters");
        }

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(IMAGE, image.name());
        annotations.put(Annotations.CONTAINER_DIR, dir.toString());
        if (network.equals("none")) {
            annotations.put(Annotations.LOOPBACK, "up");
        }
        return new Spec(base.ociVersion(), process, new Root("rootfs", o.readOnly()), hostname, null, mounts, null,
                annotations, newLinux);
    }


    /** -v HOST:CONTAINER[:ro|:rw]: a recursive bind mount, private. */
    static Mount volume(String spec, Path cwd) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new JrunException("-v " + Quote.bare(spec) + ": expected HOST:CONTAINER or HOST:CONTAINER:ro");
        }
        String mode = parts.length == 3 ? parts[2] : "rw";
        if (!mode.equals("ro") && !mode.equals("rw")) {
            throw new JrunException("-v " + Quote.bare(spec) + ": the mode is ro or rw, not " + Quote.value(mode));
        }
        Path host = cwd.resolve(parts[0]).normalize();
        if (!Files.exists(host)) {
            throw new JrunException("-v " + Quote.bare(spec) + ": " + Quote.bare(host.toString()) + " does not exist");
        }
        if (!parts[1].startsWith("/")) {
            throw new JrunException("-v " + Quote.bare(spec) + ": the path in the container must be absolute");
        }
        return ConfigEdits.bind(host.toString(), parts[1], mode.equals("ro"));
    }

    private static long pidsLimit(long value) {
        if (value <= 0) {
            throw new JrunException("--pids-limit " + value + ": must be more than 0");
        }
        return value;
    }
}
