package io.jrun.api;

import io.jrun.spec.Json;
import io.jrun.spec.Linux;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxSeccomp;
import io.jrun.spec.Mount;
import io.jrun.spec.Process;
import io.jrun.spec.Root;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import io.jrun.spec.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ContainerSpec} in the forms jrun takes: the config.json of a bundle (for a bundle or a
 * root directory), or the options of `run`'s image form (for an image, whose configuration jrun's
 * image store makes).
 */
final class ContainerConfig {
    private ContainerConfig() {}


    /**
     * The config.json of a bundle, root directory or host source; its cgroup is {@code /ID}.
     * {@code dir} is the container's own directory, where a host source's empty root is made.
     */
    static Spec bundleConfig(ContainerSpec s, String id, Path dir) {
        Spec base;
        Path rootPath;
        boolean readOnly;
        List<Mount> hostMounts = new ArrayList<>();
        switch (s.source()) {
            case ContainerSpec.Source.Bundle b -> {
                try {
                    base = Json.readConfig(b.dir());
                } catch (IOException e) {
                    throw new JrunException("cannot read " + b.dir().resolve(Json.CONFIG_FILE) + ": " + e.getMessage());
                }
                rootPath = base.root() == null ? b.dir().resolve("rootfs") : b.dir().resolve(base.root().path());
                readOnly = s.readOnlyRoot() != null ? s.readOnlyRoot() : base.root() != null && base.root().readonly();
            }
            case ContainerSpec.Source.RootDirectory r -> {
                base = SpecDefaults.example();
                rootPath = r.dir();
                if (Boolean.FALSE.equals(s.readOnlyRoot())) {
                    throw new JrunException("readOnlyRoot(false): a host directory is always the container's root "
                            + "read-only; add tmpfs or bind mounts where it writes");
                }
                readOnly = true;
            }
            case ContainerSpec.Source.Host h -> {
                base = SpecDefaults.example();
                rootPath = hostRoot(dir.resolve("rootfs"), hostMounts);
                // the root is jrun's own empty directory, which may be writable; the host's
                // directories in it are bind-mounted read-only whatever this says
                readOnly = s.readOnlyRoot() == null || s.readOnlyRoot();
            }
            case ContainerSpec.Source.Image i -> throw new IllegalArgumentException("an image has no bundle config");
        }

        Process p = base.process() == null ? SpecDefaults.example().process() : base.process();
        List<String> args = s.command().isEmpty() ? p.args() : s.command();
        if (args.isEmpty()) {
            throw new JrunException("no command: give one with ContainerSpec.Builder.command");
        }
        Map<String, String> env = new LinkedHashMap<>();
        ConfigEdits.putEnv(env, p.envOrEmpty());
        env.remove("TERM"); // no terminal
        env.putAll(s.env());
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));

        User user = p.userOrRoot();
        if (s.user() != null) {
            String[] parts = s.user().split(":", 2);
            try {
                long uid = Long.parseLong(parts[0]);
                long gid = parts.length > 1 ? Long.parseLong(parts[1]) : uid;
                user = new User(uid, gid, user.umask(), null, null);
            } catch (NumberFormatException e) {
                throw new JrunException("user " + s.user() + ": give numbers, UID[:GID] (names are an image's)");
            }
        }

        Process process = new Process(false, null, user, args, null, envList, s.cwd() != null ? s.cwd() : p.cwd(),
                capabilities(p.capabilities(), s), p.rlimits(), p.noNewPrivileges(), p.apparmorProfile(),
                p.oomScoreAdj(), p.scheduler(), p.selinuxLabel(), p.ioPriority(), p.execCPUAffinity());

        List<Mount> mounts = new ArrayList<>(base.mountsOrEmpty());
        mounts.addAll(hostMounts);
        for (ContainerSpec.Volume v : s.volumes()) {
            mounts.add(switch (v) {
                case ContainerSpec.Volume.Bind b -> ConfigEdits.bind(b.source().toString(), b.target(), b.readOnly());
                case ContainerSpec.Volume.Tmpfs t -> new Mount(t.target(), "tmpfs", "tmpfs",
                        t.sizeBytes() > 0 ? List.of("nosuid", "nodev", "mode=1777", "size=" + t.sizeBytes())
                                : List.of("nosuid", "nodev", "mode=1777"), null, null);
            });
        }

        Linux linux = base.linux() == null ? SpecDefaults.example().linux() : base.linux();
        List<LinuxNamespace> namespaces = ConfigEdits.namespaces(linux.namespacesOrEmpty(),
                s.network() == ContainerSpec.Network.HOST);
        LinuxResources resources = ConfigEdits.limits(linux.resources(), s.memoryBytes(),
                s.cpus() == null ? null : ConfigEdits.cpuQuota("cpus", Double.toString(s.cpus())), s.pidsLimit());
        LinuxSeccomp seccomp = s.seccomp() == null ? linux.seccomp() : seccomp(s.seccomp());
        Linux newLinux = new Linux(linux.uidMappings(), linux.gidMappings(), linux.sysctl(), resources, "/" + id,
                namespaces, linux.devices(), linux.netDevices(), seccomp, linux.rootfsPropagation(), linux.maskedPaths(),
                linux.readonlyPaths(), linux.mountLabel(), linux.intelRdt(), linux.memoryPolicy(), linux.personality(),
                linux.timeOffsets());

        Map<String, String> annotations = new LinkedHashMap<>(base.annotations() == null ? Map.of() : base.annotations());
        if (s.network() == ContainerSpec.Network.NONE) {
            annotations.put(Annotations.LOOPBACK, "up");
        }
        String hostname = s.hostname() != null ? s.hostname() : ConfigEdits.defaultHostname(id);
        return new Spec(base.ociVersion(), process, new Root(rootPath.toString(), readOnly), hostname, base.domainname(),
                mounts, base.hooks(), annotations, newLinux);
    }

    /**
     * An empty root in {@code rootfs} with a mount point (or the same symbolic link) for each of
     * the host's {@link ContainerSpec.Source.Host#DIRECTORIES}, and a read-only bind mount of each
     * directory into {@code mounts}.
     */
    private static Path hostRoot(Path rootfs, List<Mount> mounts) {
        try {
            java.nio.file.Files.createDirectories(rootfs);
            for (String d : ContainerSpec.Source.Host.DIRECTORIES) {
                Path host = Path.of(d);
                Path inside = rootfs.resolve(d.substring(1));
                if (java.nio.file.Files.isSymbolicLink(host)) {
                    java.nio.file.Files.createSymbolicLink(inside, java.nio.file.Files.readSymbolicLink(host));
                } else if (java.nio.file.Files.isDirectory(host)) {
                    java.nio.file.Files.createDirectory(inside);
                    mounts.add(new Mount(d, "bind", d, List.of("rbind", "rprivate", "ro", "nosuid", "nodev"), null, null));
                }
            }
            for (String d : List.of("proc", "sys", "dev", "tmp", "root", "run")) {
                java.nio.file.Files.createDirectories(rootfs.resolve(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the container's root in " + rootfs, e);
        }
        return rootfs;
    }

    private static LinuxSeccomp seccomp(ContainerSpec.Seccomp seccomp) {
        return switch (seccomp) {
            case ContainerSpec.Seccomp.Default d -> DefaultSeccomp.profile();
            case ContainerSpec.Seccomp.Unconfined u -> null;
            case ContainerSpec.Seccomp.File f -> {
                try {
                    yield Json.read(f.path(), LinuxSeccomp.class, f.path().getFileName().toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the seccomp profile " + f.path(), e);
                }
            }
        };
    }

    /** The base's capabilities, with {@code capAdd} added to and {@code capDrop} taken from every set. */
    private static LinuxCapabilities capabilities(LinuxCapabilities base, ContainerSpec s) {
        if (s.capAdd().isEmpty() && s.capDrop().isEmpty()) {
            return base;
        }
        LinuxCapabilities b = base == null ? new LinuxCapabilities(null, null, null, null, null) : base;
        return new LinuxCapabilities(change(b.bounding(), s), change(b.effective(), s), change(b.inheritable(), s),
                change(b.permitted(), s), change(b.ambient(), s));
    }

    private static List<String> change(List<String> set, ContainerSpec s) {
        // dropped first, then added, as docker's --cap-drop ALL --cap-add X leaves X
        Set<String> out = new LinkedHashSet<>(set == null ? List.of() : set);
        for (String cap : s.capDrop()) {
            if (cap.equalsIgnoreCase("ALL")) {
                out.clear();
            } else {
                out.remove(capName(cap));
            }
        }
        for (String cap : s.capAdd()) {
            out.add(capName(cap));
        }
        return new ArrayList<>(out);
    }

    private static String capName(String cap) {
        String upper = cap.toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    }

    /**
     * The options and operands of `run`'s image form for an image source, after
     * {@code run --keep --pid-file FILE}.
     */
    static List<String> imageRunArguments(ContainerSpec s, String id) {
        String image = ((ContainerSpec.Source.Image) s.source()).name();
        List<String> unsupported = new ArrayList<>();
        if (s.seccomp() != null) {
            unsupported.add("seccomp");
        }
        if (!s.capAdd().isEmpty() || !s.capDrop().isEmpty()) {
            unsupported.add("capAdd/capDrop");
        }
        if (s.volumes().stream().anyMatch(v -> v instanceof ContainerSpec.Volume.Tmpfs)) {
            unsupported.add("tmpfs");
        }
        if (!unsupported.isEmpty()) {
            throw new JrunException(String.join(", ", unsupported) + ": not supported yet for an image source (the "
                    + "image form of `jrun run` has no such option); use a bundle or a root directory");
        }
        List<String> a = new ArrayList<>(List.of("--name", id, "--interactive"));
        s.env().forEach((k, v) -> {
            a.add("--env");
            a.add(k + "=" + v);
        });
        if (s.cwd() != null) {
            a.add("--workdir=" + s.cwd());
        }
        if (s.user() != null) {
            a.add("--user=" + s.user());
        }
        if (s.hostname() != null) {
            a.add("--hostname=" + s.hostname());
        }
        for (ContainerSpec.Volume v : s.volumes()) {
            ContainerSpec.Volume.Bind b = (ContainerSpec.Volume.Bind) v;
            a.add("--volume=" + b.source() + ":" + b.target() + (b.readOnly() ? ":ro" : ":rw"));
        }
        if (Boolean.TRUE.equals(s.readOnlyRoot())) {
            a.add("--read-only");
        }
        if (s.memoryBytes() != null) {
            a.add("--memory=" + s.memoryBytes());
        }
        if (s.pidsLimit() != null) {
            a.add("--pids-limit=" + s.pidsLimit());
        }
        if (s.cpus() != null) {
            a.add("--cpus=" + s.cpus());
        }
        a.add("--network=" + s.network().name().toLowerCase(Locale.ROOT));
        a.add(image);
        a.addAll(s.command());
        return a;
    }
}
