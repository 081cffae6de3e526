package io.jrun.core.lifecycle;

import io.jrun.api.ContainerId;
import io.jrun.api.ContainerState;
import io.jrun.api.CreateOptions;
import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.api.RuntimeOptions;
import io.jrun.api.Status;
import io.jrun.core.cgroups.Cgroup;
import io.jrun.core.cgroups.CgroupConfig;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.V1Cgroup;
import io.jrun.core.cgroups.V1Cgroups;
import io.jrun.core.cgroups.V1Paths;
import io.jrun.core.child.ChildFailure;
import io.jrun.core.child.ChildProcess;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.hooks.HookRunner;
import io.jrun.core.host.AppArmor;
import io.jrun.core.host.Fds;
import io.jrun.core.host.Procfs;
import io.jrun.core.program.InitProgram;
import io.jrun.core.program.InitWaiter;
import io.jrun.core.program.JoinNamespaces;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.core.seccomp.SeccompListener;
import io.jrun.core.state.ContainerRecord;
import io.jrun.core.state.StateStore;
import io.jrun.core.terminal.ConsoleSocket;
import io.jrun.core.terminal.Terminals;
import io.jrun.spec.Hooks;
import io.jrun.spec.Json;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.LinuxIdMapping;
import io.jrun.spec.Quote;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecException;
import io.jrun.spec.SpecValidator;
import io.jrun.spec.ValidationError;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The create operation: validate everything, then make the state directory, the cgroup and
 * the init process, taking the init through its sync points (id maps, hooks, ready). Any
 * failure undoes all of it: no process, cgroup, mount (they die with the process's mount
 * namespace) or state directory is left.
 */
final class Create {
    private static final Log log = Log.of(Create.class);

    private final RuntimeOptions runtime;
    private final StateStore store;
    /**
     * The child stage, made when first needed: making it links jffi's native library, which the
     * launcher's warm-up thread may still be loading while this reads the config (Warmup).
     */
    private final Supplier<ChildStage> stage;
    private final HostKernel kernel;
    private final CgroupManagers cgroups;

    Create(RuntimeOptions runtime, StateStore store, Supplier<ChildStage> stage, HostKernel kernel,
           CgroupManagers cgroups) {
        this.runtime = runtime;
        this.store = store;
        this.stage = stage;
        this.kernel = kernel;
        this.cgroups = cgroups;
    }

    /**
     * A created container whose init is still our child (for run, which waits for it).
     *
     * @param terminal the pty master when jrun itself is to be the terminal (run -t without a
     *                 console socket), else -1
     */
    record Created(ContainerState state, ChildProcess init, int terminal) {}

    /**
     * @param proxyTerminal the caller will be the container's terminal itself (foreground
     *                      run -t): no console socket needed
     */
    Created create(String id, Path bundle, CreateOptions options, boolean proxyTerminal) {
        ContainerId.check(id);
        Path bundleDir = bundle.toAbsolutePath().normalize();
        Spec spec = load(bundleDir);
        int listenFds = listenFds();
        if (listenFds > 0) {
            // systemd socket activation, as runc passes it on: the fds after stdio, and the
            // variables that say so (the container's process is pid 1 of its namespace)
            java.util.List<String> env = new java.util.ArrayList<>(spec.process().envOrEmpty());
            env.add("LISTEN_FDS=" + listenFds);
            env.add("LISTEN_PID=1");
            io.jrun.spec.Process p = spec.process();
            spec = spec.withProcess(new io.jrun.spec.Process(p.terminal(), p.consoleSize(), p.user(), p.args(), p.commandLine(),
                    env, p.cwd(), p.capabilities(), p.rlimits(), p.noNewPrivileges(), p.apparmorProfile(), p.oomScoreAdj(),
                    p.scheduler(), p.selinuxLabel(), p.ioPriority(), p.execCPUAffinity()));
            options = new CreateOptions(options.pidFile(), options.consoleSocket(), options.noPivot(), options.noNewKeyring(),
                    options.preserveFds() + listenFds);
        }
        checkOptions(spec, options, proxyTerminal, listenFds);
        Path rootfs = rootfs(bundleDir, spec.root().path());
        warnAmbient(spec);
        checkJoinedNamespaces(spec);
        SeccompCompiler.Compiled seccomp = spec.linux() == null || spec.linux().seccomp() == null ? null
                : SeccompCompiler.compile(spec.linux().seccomp());
        // v2 on a unified host; v1 (runc's fs driver) on a hybrid or legacy one
        String cgroupsPath = spec.linux() == null ? null : spec.linux().cgroupsPath();
        CgroupConfig cgroupConfig = CgroupConfig.of(spec.linux());
        Cgroups cgroups = null;
        Path cgroupPath = null;
        V1Cgroups v1Cgroups = null;
        V1Paths v1Paths = null;
        if (this.cgroups.useV1()) {
            v1Cgroups = this.cgroups.v1();
            v1Paths = v1Cgroups.paths(cgroupsPath, id);
            v1Cgroups.plan(cgroupConfig); // every resource checked before anything is made
        } else {
            cgroups = this.cgroups.v2();
            cgroupPath = cgroups.containerPath(cgroupsPath, id);
            cgroups.plan(cgroupConfig); // every resource checked before anything is made
        }

        StateStore.Handle h = store.create(id);
        ChildProcess init = null;
        ContainerCgroup cgroup = null;
        int cgroupFd = -1;
        int fifoFd = -1;
        int terminal = -1;
        boolean hooksFailed = false;
        Container container = null;
        try (h) {
            copyConfig(bundleDir, h);
            Path fifo = h.file(StateStore.EXEC_FIFO);
            int made = kernel.mkfifo(fifo, 0622);
            if (made != 0) {
                throw new JrunException("create the exec fifo " + fifo + ": " + Errno.message(-made));
            }
            // 0622 whatever the umask: the init writes it as the container's user
            Files.setPosixFilePermissions(fifo, java.nio.file.attribute.PosixFilePermissions.fromString("rw--w--w-"));
            fifoFd = kernel.open(fifo, FileFlags.O_PATH | FileFlags.O_CLOEXEC);
            if (fifoFd < 0) {
                throw new JrunException("open the exec fifo " + fifo + ": " + Errno.message(-fifoFd));
            }
            // Recorded before it is made: a create killed from here on leaves a record that
            // `delete --force` finds the cgroup (and anything in it) by.
            ContainerRecord record = new ContainerRecord(id, spec.ociVersion(), 0, 0, bundleDir.toString(), rootfs.toString(),
                    Instant.now().toString(), owner(h.dir()), spec.annotations(),
                    cgroups != null ? cgroups.refBeforeCreate(cgroupPath) : null,
                    v1Cgroups != null ? v1Cgroups.refBeforeCreate(v1Paths) : null, false, spec.hooks() != null);
            h.write(record); // `state` says creating from here on
            Path cgroupDir; // the v2 directory, which a cgroup2 mount in the container falls back to
            if (cgroups != null) {
                Cgroup v2 = cgroups.create(cgroupPath, cgroupConfig);
                cgroup = v2;
                record = record.withCgroup(v2.ref());
                cgroupDir = v2.path();
            } else {
                V1Cgroup v1 = v1Cgroups.create(v1Paths, cgroupConfig);
                cgroup = v1;
                record = record.withCgroupV1(v1.ref());
                cgroupDir = v1.ref().unified() == null ? null : Path.of(v1.ref().unified().path());
            }
            h.write(record);
            // v2: an fd to clone the init into; v1: none, the init is moved in at its first sync point
            boolean moveIntoCgroup = cgroup instanceof V1Cgroup;
            cgroupFd = moveIntoCgroup ? -1 : cgroup.openFd().orElseThrow();
            Hooks hooks = spec.hooks();
            boolean beforePivotHooks = hooks != null && (!hooks.prestartOrEmpty().isEmpty()
                    || !hooks.createRuntimeOrEmpty().isEmpty() || !hooks.createContainerOrEmpty().isEmpty());
            int terminalFd = spec.process().terminal() ? Fds.scratch(0) : -1;
            int seccompFd = seccomp != null && seccomp.hasListener() ? Fds.scratch(1) : -1;
            int waiterFd = InitWaiter.fd();
            InitProgram program = InitProgram.build(new InitProgram.Config(id, spec, bundleDir, rootfs,
                    cgroupDir, options, fifoFd, Procfs.capLastCap(), beforePivotHooks,
                    terminalFd, seccomp, seccompFd, waiterFd, moveIntoCgroup));
            if (Log.isTraceEnabled()) {
                log.trace("init program of {}:\n{}", id, program.program().describe());
            }
            init = stage.get().start(program.program(), new ChildStage.Clone(program.namespaces().cloneFlags(), cgroupFd));
            if (moveIntoCgroup) {
                // before it makes or joins any namespace, or runs anything of the container's
                init.await(SyncProtocol.CGROUP);
                cgroup.addProcess(init.pid());
                init.proceed();
            }
            if (program.namespaces().newUser()) {
                init.await(SyncProtocol.MAPS);
                writeIdMaps(init.pid(), spec);
                init.proceed();
            }
            if (beforePivotHooks) {
                init.await(SyncProtocol.HOOKS);
                container = new Container(h, record.withPid(init.pid(), startTime(init.pid())), spec, kernel, this.cgroups);
                String state = container.ociStateJson(Status.CREATING);
                HookRunner hr = new HookRunner(stage.get());
                try {
                    hr.run("prestart", hooks.prestartOrEmpty(), state, null, -1);
                    hr.run("createRuntime", hooks.createRuntimeOrEmpty(), state, null, -1);
                    hr.run("createContainer", hooks.createContainerOrEmpty(), container.ociStateJson(Status.CREATING, true),
                            JoinNamespaces.of(init.pid()), cgroupFd);
                } catch (JrunException e) {
                    hooksFailed = true;
                    throw e;
                }
                init.proceed();
            }
            if (spec.process().terminal()) {
                init.await(SyncProtocol.TERMINAL);
                terminal = Terminals.take(init, terminalFd);
                if (options.consoleSocket() != null) {
                    try {
                        ConsoleSocket.send(options.consoleSocket(), Terminals.name(init.pid()), terminal);
                    } finally {
                        kernel.close(terminal);
                        terminal = -1;
                    }
                }
                init.proceed();
            }
            if (seccompFd >= 0) {
                init.await(SyncProtocol.LISTENER);
                SeccompListener.send(init.pidfd(), seccompFd, Path.of(seccomp.listenerPath()), seccomp.listenerMetadata(),
                        new Container(h, record.withPid(init.pid(), startTime(init.pid())), spec, kernel, this.cgroups).ociStateJson(Status.CREATING),
                        init.pid());
                init.proceed();
            }
            init.await(SyncProtocol.READY);
            record = record.withPid(init.pid(), startTime(init.pid()));
            h.write(record);
            if (options.pidFile() != null) {
                writePidFile(options.pidFile(), init.pid());
            }
            init.proceed(); // recorded: the init may live on without us
            if (waiterFd >= 0) {
                init.awaitExec(); // it waits for `start` as jrun-init, not as a copy of this JVM
            }
            container = new Container(h, record, spec, kernel, this.cgroups);
            ContainerState state = container.state();
            return new Created(state, init, terminal);
        } catch (ChildFailure e) {
            closeQuietly(terminal);
            cleanUp(h, init, cgroup, container, spec, hooksFailed);
            throw new JrunException(e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(terminal);
            cleanUp(h, init, cgroup, container, spec, hooksFailed);
            throw new JrunException("create: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(terminal);
            cleanUp(h, init, cgroup, container, spec, hooksFailed);
            throw e;
        } finally {
            if (fifoFd >= 0) {
                kernel.close(fifoFd);
            }
            if (cgroupFd >= 0) {
                kernel.close(cgroupFd);
            }
        }
    }

    private void closeQuietly(int fd) {
        if (fd >= 0) {
            kernel.close(fd);
        }
    }

    private void cleanUp(StateStore.Handle h, ChildProcess init, ContainerCgroup cgroup, Container container, Spec spec,
                         boolean hooksFailed) {
        if (init != null) {
            init.kill();
            init.close();
        }
        if (cgroup != null) {
            try {
                cgroup.killAll();
                cgroup.destroy();
            } catch (RuntimeException e) {
                log.warn("remove cgroup {}: {}", cgroup instanceof Cgroup v2 ? v2.path() : cgroup, e.getMessage());
            }
        }
        if (hooksFailed && container != null && spec.hooks() != null) {
            // config.md: a failed createRuntime/createContainer hook stops the container and
            // the lifecycle goes on at the poststop hooks
            new HookRunner(stage.get()).runWarning("poststop", spec.hooks().poststopOrEmpty(),
                    container.ociStateJson(Status.STOPPED), null, -1);
        }
        h.delete();
    }

    /**
     * root.path, relative to the bundle, as a real path. Like runc, a root that is a symlink or
     * is reached through one is refused: the path the config names is the one mounted, so that
     * nothing between the check and the mount can point it elsewhere. (The bundle's own path is
     * taken as its real path, as runc takes it from getcwd(3) after chdir to the bundle.)
     */
    static Path rootfs(Path bundleDir, String rootPath) {
        Path named;
        Path real;
        try {
            named = bundleDir.toRealPath().resolve(rootPath).normalize();
            real = named.toRealPath();
        } catch (IOException e) {
            throw new JrunException("root.path: " + Quote.value(rootPath) + ": " + Quote.bare(e.getMessage()));
        }
        if (!real.equals(named)) {
            throw new JrunException("root.path: " + Quote.bare(named.toString()) + " is a symlink or passes through one (to "
                    + Quote.bare(real.toString()) + "); set root.path to the real path");
        }
        if (!Files.isDirectory(real)) {
            throw new JrunException("root.path: " + Quote.bare(real.toString()) + " is not a directory");
        }
        return real;
    }

    /** $LISTEN_FDS, the number of fds systemd passed after stdio; 0 without it. */
    private static int listenFds() {
        String v = System.getenv("LISTEN_FDS");
        try {
            return v == null ? 0 : Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Spec load(Path bundle) {
        Spec spec;
        try {
            spec = Json.readConfig(bundle);
        } catch (NoSuchFileException e) {
            throw new JrunException("config.json not found in the bundle " + Quote.bare(bundle.toString())
                    + " (create one with `jrun spec`)");
        } catch (IOException e) {
            throw new JrunException("read " + Quote.bare(bundle.resolve("config.json").toString()) + ": "
                    + Quote.bare(e.getMessage()), e);
        } catch (SpecException e) {
            throw new JrunException(e.getMessage(), e);
        }
        try {
            SpecValidator.validateOrThrow(spec, bundle);
        } catch (SpecException e) {
            throw new JrunException(e.getMessage(), e);
        }
        for (ValidationError w : SpecValidator.warnings(spec)) {
            log.warn("config.json: {}: {}", w.jsonPath(), w.message());
        }
        return spec;
    }

    /** @param listenFds how many of {@code options.preserveFds()} come from $LISTEN_FDS */
    private void checkOptions(Spec spec, CreateOptions options, boolean proxyTerminal, int listenFds) {
        if (runtime.systemdCgroup()) {
            throw new JrunException("--systemd-cgroup is not supported: jrun manages its cgroup v2 directories itself; "
                    + "drop the flag (cgroupsPath \"slice:prefix:name\" is not understood either)");
        }
        if ("true".equals(runtime.rootless()) && kernel.getuid() != 0) {
            throw new JrunException("--rootless: rootless containers are not supported yet; run jrun as root");
        }
        if (spec.process().terminal() && options.consoleSocket() == null && !proxyTerminal) {
            throw new JrunException("cannot allocate tty if jrun will detach without setting console socket "
                    + "(process.terminal is true: pass --console-socket, or set it to false)");
        }
        if (!spec.process().terminal() && options.consoleSocket() != null) {
            throw new JrunException("cannot use console socket if jrun will not detach or allocate tty "
                    + "(--console-socket needs process.terminal true)");
        }
        AppArmor.check(spec.process().apparmorProfile(), "process.apparmorProfile");
        if (spec.process().selinuxLabel() != null && !spec.process().selinuxLabel().isEmpty()) {
            throw new JrunException("process.selinuxLabel: SELinux is not supported by jrun; remove it");
        }
        if (options.preserveFds() < 0) {
            throw new JrunException("--preserve-fds: must not be negative");
        }
        int preserved = options.preserveFds() - listenFds;
        Fds.checkPassed(listenFds == 0 ? "--preserve-fds " + preserved
                : "--preserve-fds " + preserved + " and LISTEN_FDS=" + listenFds, options.preserveFds());
    }

    /**
     * Each namespace to join is a namespace file of the type the config says (ioctl
     * NS_GET_NSTYPE), checked before anything is made: setns(2) would only say EINVAL.
     */
    private void checkJoinedNamespaces(Spec spec) {
        List<io.jrun.spec.LinuxNamespace> list = spec.linux() == null ? List.of() : spec.linux().namespacesOrEmpty();
        for (int i = 0; i < list.size(); i++) {
            io.jrun.spec.LinuxNamespace ns = list.get(i);
            if (ns.createsNew()) {
                continue;
            }
            String where = "linux.namespaces[" + i + "].path";
            int fd = kernel.open(Path.of(ns.path()), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC);
            String path = Quote.value(ns.path());
            if (fd < 0) {
                throw new JrunException(where + ": " + path + ": " + Errno.message(-fd));
            }
            try {
                long type = kernel.namespaceType(fd);
                if (type < 0) {
                    throw new JrunException(where + ": " + path + " is not a namespace file");
                }
                long want = io.jrun.core.program.NamespacePlan.flag(ns.type());
                if (type != want) {
                    throw new JrunException(where + ": " + path + " is a namespace of type " + typeName(type)
                            + ", but linux.namespaces[" + i + "].type is " + ns.type());
                }
            } finally {
                kernel.close(fd);
            }
        }
    }

    private static String typeName(long flag) {
        for (String t : io.jrun.spec.LinuxNamespace.TYPES) {
            if (io.jrun.core.program.NamespacePlan.flag(t) == flag) {
                return t;
            }
        }
        return "0x" + Long.toHexString(flag);
    }

    /** The kernel raises an ambient capability only if it is also permitted and inheritable. */
    private static void warnAmbient(Spec spec) {
        LinuxCapabilities c = spec.process().capabilities();
        if (c == null || c.ambient() == null) {
            return;
        }
        for (String cap : c.ambient()) {
            boolean ok = c.permitted() != null && c.permitted().contains(cap) && c.inheritable() != null
                    && c.inheritable().contains(cap);
            if (!ok) {
                log.debug("process.capabilities.ambient: {} is not also in the permitted and inheritable sets; "
                        + "the kernel will not raise it", cap);
            }
        }
    }

    private static void copyConfig(Path bundle, StateStore.Handle h) {
        try {
            StateStore.writeAtomically(h.file(StateStore.CONFIG), Files.readAllBytes(bundle.resolve("config.json")));
        } catch (IOException e) {
            throw new JrunException("copy config.json to " + h.dir() + ": " + e.getMessage(), e);
        }
    }

    /** uid_map and gid_map of a new user namespace, written by the parent as the spec asks. */
    private static void writeIdMaps(int pid, Spec spec) {
        write(Path.of("/proc/" + pid + "/uid_map"), spec.linux().uidMappingsOrEmpty(), "linux.uidMappings");
        write(Path.of("/proc/" + pid + "/gid_map"), spec.linux().gidMappingsOrEmpty(), "linux.gidMappings");
    }

    private static void write(Path file, List<LinuxIdMapping> mappings, String what) {
        StringBuilder s = new StringBuilder();
        for (LinuxIdMapping m : mappings) {
            s.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        }
        try {
            // one write(2): the kernel takes a map only whole
            Files.write(file, s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new JrunException(what + ": write " + file + ": " + e.getMessage(), e);
        }
    }

    private long startTime(int pid) {
        Procfs.Stat st = kernel.stat(pid);
        if (st == null) {
            throw new JrunException("the container process " + pid + " is gone");
        }
        return st.startTime();
    }

    static String owner(Path dir) {
        try {
            return Files.getOwner(dir).getName();
        } catch (IOException e) {
            return "";
        }
    }

    /** runc writes the pid file through a temporary file and a rename: a reader never sees it half. */
    static void writePidFile(Path file, int pid) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Integer.toString(pid));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JrunException("write the pid file " + Quote.bare(file.toString()) + ": " + Quote.bare(e.getMessage()), e);
        }
    }
}
