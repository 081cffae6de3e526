package io.jrun.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What container to run and how: its root filesystem ({@link Source}), its command, and the
 * settings over it. Made with {@link #image}, {@link #bundle} or {@link #rootDirectory} and the
 * {@link Builder}; immutable, so one spec can start many containers.
 *
 * <pre>{@code
 * ContainerSpec spec = ContainerSpec.rootDirectory(Path.of("/srv/rootfs"))
 *         .command("/bin/sh", "-c", "echo hello")
 *         .env("GREETING", "hello")
 *         .tmpfs("/tmp")
 *         .timeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * Unset settings keep the source's: the image's configuration, the bundle's config.json, or for
 * a root directory the configuration {@code jrun spec} writes (root, {@code /}, runc's default
 * capabilities, no network but loopback). Limits need the host's cgroup v2 controllers; where
 * the host lacks one, starting the container fails with jrun's error naming it.
 *
 * @param source       where the root filesystem comes from
 * @param command      the program and its arguments; empty: the source's
 * @param env          variables set over the source's
 * @param cwd          the working directory, or null for the source's
 * @param user         "UID[:GID]" (numbers; an image also takes names), or null for the source's
 * @param volumes      bind mounts and tmpfs mounts, added to the source's
 * @param network      {@link Network#NONE} (the default) or {@link Network#HOST}
 * @param hostname     or null for the container's id
 * @param memoryBytes  memory limit (memory.max), or null
 * @param pidsLimit    the most processes (pids.max), or null
 * @param cpus         CPUs' worth of time (cpu.max), or null
 * @param seccomp      the system call filter, or null for the source's
 * @param capAdd       capabilities added to the source's (names as "CAP_NET_ADMIN")
 * @param capDrop      capabilities taken away ("ALL" for every one)
 * @param readOnlyRoot the root filesystem read-only; null for the source's (always true for a root directory)
 * @param timeout      how long the container may run before it is killed, or null for no limit
 * @param stdio        what becomes of its standard input, output and error
 */
public record ContainerSpec(Source source, List<String> command, Map<String, String> env, String cwd, String user,
                            List<Volume> volumes, Network network, String hostname, Long memoryBytes, Long pidsLimit,
                            Double cpus, Seccomp seccomp, Set<String> capAdd, Set<String> capDrop, Boolean readOnlyRoot,
                            Duration timeout, Stdio stdio) {
    public ContainerSpec {
        Objects.requireNonNull(source, "source");
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        volumes = List.copyOf(volumes);
        network = network == null ? Network.NONE : network;
        capAdd = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(capAdd));
        capDrop = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(capDrop));
        stdio = stdio == null ? Stdio.COLLECT : stdio;
    }

    /** This spec with another {@link Stdio}: all else the same. */
    public ContainerSpec withStdio(Stdio stdio) {
        return new ContainerSpec(source, command, env, cwd, user, volumes, network, hostname, memoryBytes, pidsLimit, cpus,
                seccomp, capAdd, capDrop, readOnlyRoot, timeout, stdio);
    }

    /** A container from an image of jrun's image store ({@code jrun image import}, {@code jrun image ls}). */
    public static Builder image(String name) {
        return new Builder(new Source.Image(name));
    }

    /** A container from an OCI bundle: its config.json, with this spec's settings over it. */
    public static Builder bundle(Path dir) {
        return new Builder(new Source.Bundle(dir.toAbsolutePath().normalize()));
    }

    /** A container whose root is a directory of the host, read-only. */
    public static Builder rootDirectory(Path dir) {
        return new Builder(new Source.RootDirectory(dir.toAbsolutePath().normalize()));
    }

    /**
     * A container of the host's own programs: an empty root with the host's {@link Source.Host#DIRECTORIES}
     * bind-mounted read-only, and nothing else of the host (no /home, /root, /run, /var, /tmp).
     * The root itself is read-only unless {@link Builder#readOnlyRoot readOnlyRoot(false)}: then
     * the container may write beside the host's directories, in a root that goes with it.
     */
    public static Builder host() {
        return new Builder(new Source.Host());
    }

    /** Where a container's root filesystem comes from. */
    public sealed interface Source {
        /** An image of jrun's store, by name. */
        record Image(String name) implements Source {}

        /** An OCI bundle directory (config.json and the root it names). */
        record Bundle(Path dir) implements Source {}

        /** A host directory, mounted read-only as the root. */
        record RootDirectory(Path dir) implements Source {}

        /** The host's programs and their configuration, read-only, in an empty root. */
        record Host() implements Source {
            /** What the container sees of the host, where it exists: symbolic links (as /bin on a merged /usr) stay links. */
            public static final List<String> DIRECTORIES = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
                    "/libx32", "/etc", "/opt");
        }
    }

    /** A mount added to the container's. */
    public sealed interface Volume {
        /** A bind mount of a host file or directory at {@code target}. */
        record Bind(Path source, String target, boolean readOnly) implements Volume {}

        /** An empty tmpfs at {@code target}, of at most {@code sizeBytes} (0: the kernel's default, half of RAM). */
        record Tmpfs(String target, long sizeBytes) implements Volume {}
    }

    /** The container's network. */
    public enum Network {
        /** A network namespace of its own with only loopback, up. */
        NONE,
        /** The host's network namespace. */
        HOST
    }

    /** The container's system call filter. */
    public sealed interface Seccomp {
        /**
         * jrun's default profile ({@link DefaultSeccomp}): every system call allowed but those that
         * reach past the container (kernel modules, keyrings, mounts, namespaces, kexec, reboot,
         * clock setting, BPF, perf, ptrace of others...), which fail with EPERM.
         */
        record Default() implements Seccomp {}

        /** No filter. */
        record Unconfined() implements Seccomp {}

        /** A profile in the runtime spec's form ({@code linux.seccomp}), read from a JSON file. */
        record File(Path path) implements Seccomp {}
    }

    /** What becomes of the container's standard input, output and error. */
    public enum Stdio {
        /**
         * Input empty; output and error collected, read with {@link Container#stdout()} and
         * {@link Container#stderr()} (while it runs, what it wrote so far). Detached: it runs
         * on its own while the caller does other things.
         */
        COLLECT,
        /**
         * Attached: {@link Container#stdin()}, {@link Container#stdoutStream()} and
         * {@link Container#stderrStream()} are pipes to it. Read them, or a program that writes
         * much blocks.
         */
        STREAMS,
        /** This JVM's own standard input, output and error. */
        INHERIT,
        /** Input empty, output and error thrown away. */
        DISCARD
    }

    /** A mutable builder of {@link ContainerSpec}; not thread-safe, unlike the spec it builds. */
    public static final class Builder {
        private final Source source;
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String cwd;
        private String user;
        private final List<Volume> volumes = new ArrayList<>();
        private Network network = Network.NONE;
        private String hostname;
        private Long memoryBytes;
        private Long pidsLimit;
        private Double cpus;
        private Seccomp seccomp;
        private final Set<String> capAdd = new LinkedHashSet<>();
        private final Set<String> capDrop = new LinkedHashSet<>();
        private Boolean readOnlyRoot;
        private Duration timeout;
        private Stdio stdio = Stdio.COLLECT;

        Builder(Source source) {
            this.source = source;
        }

        /** The program and its arguments (replacing the source's; an image's Entrypoint stays). */
        public Builder command(String... command) {
            return command(List.of(command));
        }

        public Builder command(List<String> command) {
            this.command.clear();
            this.command.addAll(command);
            return this;
        }

        /** Sets an environment variable. */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** The working directory, an absolute path in the container. */
        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        /** The user and group, as numbers. */
        public Builder user(long uid, long gid) {
            this.user = uid + ":" + gid;
            return this;
        }

        /** The user as "UID[:GID]"; an image also takes "name[:group]" from its /etc/passwd. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Bind-mounts a host file or directory at {@code target}, read-write. */
        public Builder bind(Path source, String target) {
            volumes.add(new Volume.Bind(source.toAbsolutePath().normalize(), target, false));
            return this;
        }

        /** Bind-mounts a host file or directory at {@code target}, read-only. */
        public Builder bindReadOnly(Path source, String target) {
            volumes.add(new Volume.Bind(source.toAbsolutePath().normalize(), target, true));
            return this;
        }

        /** An empty tmpfs at {@code target} (the usual writable place under a read-only root). */
        public Builder tmpfs(String target) {
            return tmpfs(target, 0);
        }

        public Builder tmpfs(String target, long sizeBytes) {
            volumes.add(new Volume.Tmpfs(target, sizeBytes));
            return this;
        }

        public Builder network(Network network) {
            this.network = Objects.requireNonNull(network);
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** The memory limit in bytes (memory.max; an OOM kill beyond it). */
        public Builder memory(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /** The most processes and threads the container may have (pids.max). */
        public Builder pidsLimit(long pids) {
            this.pidsLimit = pids;
            return this;
        }

        /** CPUs' worth of time, such as 0.5 (cpu.max). */
        public Builder cpus(double cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder seccomp(Seccomp seccomp) {
            this.seccomp = seccomp;
            return this;
        }

        /** jrun's default seccomp profile ({@link Seccomp.Default}). */
        public Builder defaultSeccomp() {
            return seccomp(new Seccomp.Default());
        }

        /** A seccomp profile in the runtime spec's JSON form. */
        public Builder seccompProfile(Path file) {
            return seccomp(new Seccomp.File(file.toAbsolutePath()));
        }

        public Builder capAdd(String... capabilities) {
            capAdd.addAll(List.of(capabilities));
            return this;
        }

        public Builder capDrop(String... capabilities) {
            capDrop.addAll(List.of(capabilities));
            return this;
        }

        public Builder readOnlyRoot(boolean readOnly) {
            this.readOnlyRoot = readOnly;
            return this;
        }

        /** How long the container may run: then it is killed (SIGKILL) and its exit says timed out. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder stdio(Stdio stdio) {
            this.stdio = Objects.requireNonNull(stdio);
            return this;
        }

        public ContainerSpec build() {
            return new ContainerSpec(source, command, env, cwd, user, volumes, network, hostname, memoryBytes, pidsLimit,
                    cpus, seccomp, capAdd, capDrop, readOnlyRoot, timeout, stdio);
        }
    }
}
