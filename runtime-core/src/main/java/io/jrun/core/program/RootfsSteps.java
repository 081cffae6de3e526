package io.jrun.core.program;

import io.jrun.api.JrunException;
import io.jrun.core.child.Label;
import io.jrun.core.child.Reg;
import io.jrun.core.child.Tag.Op;
import io.jrun.spec.LinuxDevice;
import io.jrun.spec.Mount;
import io.jrun.spec.Quote;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.MountFlags;
import io.jrun.sys.Sys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jrun.core.child.Arg.imm;
import static io.jrun.core.program.Steps.str;

/**
 * The container's root filesystem, as instructions: propagation of "/", the rootfs bound onto
 * itself, the config's mounts in order, /dev's devices and links, then (after the hooks)
 * pivot_root and what applies to the final root: its propagation, read-only root, sysctls,
 * read-only and masked paths. runc's libcontainer/rootfs_linux.go is the model.
 */
final class RootfsSteps {
    private RootfsSteps() {}

    /**
     * @param rootfs        the rootfs, absolute and with symlinks resolved
     * @param bundle        relative bind sources are relative to it
     * @param cgroupDir     the container's cgroup directory on the host (a cgroup2 mount falls
     *                      back to binding it), or null
     * @param userns        the container is in a user namespace: devices are bound, not made
     * @param propagation   MS_* flags for "/" from linux.rootfsPropagation, 0 for the default (private)
     */
    record Plan(Path rootfs, Path bundle, List<Mount> mounts, List<LinuxDevice> devices,
                boolean userns, long propagation, boolean readonly, boolean noPivot, List<String> maskedPaths,
                List<String> readonlyPaths, Map<String, String> sysctl, String cwd, Path cgroupDir) {}

    /** What every container gets in /dev (config-linux.md "Default Devices"). */
    static final List<LinuxDevice> DEFAULT_DEVICES = List.of(
            new LinuxDevice("/dev/null", "c", 1L, 3L, 0666L, 0L, 0L),
            new LinuxDevice("/dev/zero", "c", 1L, 5L, 0666L, 0L, 0L),
            new LinuxDevice("/dev/full", "c", 1L, 7L, 0666L, 0L, 0L),
            new LinuxDevice("/dev/random", "c", 1L, 8L, 0666L, 0L, 0L),
            new LinuxDevice("/dev/urandom", "c", 1L, 9L, 0666L, 0L, 0L),
            new LinuxDevice("/dev/tty", "c", 5L, 0L, 0666L, 0L, 0L));

    /** Files under /proc a bind mount may cover (runc's checkProcMount list, for lxcfs). */
    private static final Set<String> PROC_BIND_ALLOWED = Set.of(
            "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat", "/proc/swaps", "/proc/uptime",
            "/proc/loadavg", "/proc/slabinfo", "/proc/net/dev", "/proc/sys/kernel/ns_last_pid");

    /** Everything up to the createRuntime/createContainer hooks, which run before pivot_root. */
    static void beforeHooks(Steps s, Plan p) {
        var b = s.b;
        // Nothing made in here may reach the host: "/" becomes rprivate, or rslave when the root is
        // to receive the host's mounts (slave, shared). Either way no mount is shared now, which
        // pivot_root also needs of the new root's parent; a shared root gets its own peer group
        // after the pivot. (runc makes the rootfs's parent private, which leaves a slave or
        // shared root without the host's mounts.)
        long base = receivesHostMounts(p.propagation()) ? MountFlags.MS_SLAVE : MountFlags.MS_PRIVATE;
        b.tag(Op.ISOLATE_MOUNTS, "/");
        b.syscall("make / " + propagationName(MountFlags.MS_REC | base) + " in the container's mount namespace", Sys.MOUNT,
                imm(0), str("/"), imm(0), imm(MountFlags.MS_REC | base), imm(0));
        String rootfs = Quote.bare(p.rootfs().toString());
        b.tag(Op.BIND_ROOTFS, p.rootfs().toString());
        b.syscall("bind mount the rootfs " + rootfs + " onto itself", Sys.MOUNT, str(p.rootfs().toString()),
                str(p.rootfs().toString()), imm(0), imm(MountFlags.MS_BIND | MountFlags.MS_REC), imm(0));
        b.syscall("open the rootfs " + rootfs, Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(p.rootfs().toString()),
                imm(FileFlags.O_PATH | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC), imm(0)).into(s.rootfd);
        // The process works with umask 0 while it makes files; the user's umask comes last.
        b.tag(Op.UMASK, "0");
        b.syscall("set umask 0", Sys.UMASK, imm(0));
        boolean devBound = false;
        List<Mount> mounts = p.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount m = mounts.get(i);
            mount(s, p, m, "mounts[" + i + "]");
            if (Steps.components(m.destination()).equals(List.of("dev")) && m.hasBindOption()) {
                devBound = true;
            }
        }
        if (!devBound) {
            devices(s, p);
        }
        if (p.cwd() != null && !p.cwd().equals("/")) {
            b.tag(Op.MAKE_CWD, p.cwd());
            s.makePath(p.cwd(), false, "process.cwd");
        }
    }

    /** pivot_root (or chroot) and what applies to the final root. */
    static void afterHooks(Steps s, Plan p, Label parentGone) {
        var b = s.b;
        // What masks a file in linux.maskedPaths: the host's null device, taken now, while "/"
        // is still the host's. The container's own /dev/null is the rootfs's to make: a symlink
        // there (to /proc/sys/kernel/core_pattern, say) would put that file, writable, where the
        // mask should be (CVE-2025-31133). One detached mount per path: each is attached once.
        List<Reg> nulls = new ArrayList<>();
        for (String path : p.maskedPaths()) {
            Reg r = b.reg("null for " + Quote.bare(path));
            b.tag(Op.TAKE_HOST_NULL, path);
            b.syscall("take the host's /dev/null to mask " + Quote.bare(path) + " with (linux.maskedPaths)", Sys.OPEN_TREE,
                    imm(FileFlags.AT_FDCWD), str("/dev/null"),
                    imm(MountFlags.OPEN_TREE_CLONE | MountFlags.OPEN_TREE_CLOEXEC | FileFlags.AT_SYMLINK_NOFOLLOW)).into(r);
            nulls.add(r);
        }
        if (p.noPivot()) {
            b.tag(Op.CHROOT, p.rootfs().toString());
            b.syscall("chdir to the rootfs", Sys.FCHDIR, s.rootfd);
            b.syscall("move the rootfs to / (--no-pivot)", Sys.MOUNT, str("."), str("/"), imm(0), imm(MountFlags.MS_MOVE), imm(0));
            b.syscall("chroot to the rootfs", Sys.CHROOT, str("."));
        } else {
            var oldroot = b.reg("oldroot");
            b.tag(Op.PIVOT_ROOT, p.rootfs().toString());
            b.syscall("open the old root", Sys.OPENAT, imm(FileFlags.AT_FDCWD), str("/"),
                    imm(FileFlags.O_PATH | FileFlags.O_DIRECTORY | FileFlags.O_CLOEXEC), imm(0)).into(oldroot);
            b.syscall("chdir to the rootfs", Sys.FCHDIR, s.rootfd);
            b.syscall("pivot_root to " + Quote.bare(p.rootfs().toString()), Sys.PIVOT_ROOT, str("."), str("."));
            b.syscall("chdir to the old root", Sys.FCHDIR, oldroot);
            // rslave first, so that the unmount of the old root does not reach the host
            b.syscall("make the old root rslave", Sys.MOUNT, imm(0), str("."), imm(0),
                    imm(MountFlags.MS_SLAVE | MountFlags.MS_REC), imm(0));
            b.syscall("unmount the old root", Sys.UMOUNT2, str("."), imm(MountFlags.MNT_DETACH));
            s.close(oldroot);
        }
        b.syscall("chdir to /", Sys.CHDIR, str("/"));
        s.close(s.rootfd);
        if ((p.propagation() & (MountFlags.MS_SHARED | MountFlags.MS_UNBINDABLE)) != 0) {
            b.tag(Op.ROOTFS_PROPAGATION, "/");
            b.syscall("make / " + propagationName(p.propagation()) + " (linux.rootfsPropagation)", Sys.MOUNT, imm(0),
                    str("/"), imm(0), imm(p.propagation()), imm(0));
        }
        if (p.readonly()) {
            b.tag(Op.REMOUNT_ROOT_READONLY);
            b.syscall("remount / read-only (root.readonly)", Sys.MOUNT_SETATTR, imm(FileFlags.AT_FDCWD), str("/"), imm(0),
                    Steps.mountAttr(MountFlags.MOUNT_ATTR_RDONLY, 0, 0), imm(MountFlags.MOUNT_ATTR_SIZE_VER0));
        }
        for (Map.Entry<String, String> e : p.sysctl().entrySet()) {
            String file = "/proc/sys/" + e.getKey().replace('.', '/');
            b.tag(Op.SYSCTL, e.getKey());
            s.writeFile(file, e.getValue(), "set sysctl " + Quote.bare(e.getKey()) + " (" + Quote.bare(file) + ")");
        }
        for (String path : p.readonlyPaths()) {
            Label next = b.label("readonly done");
            b.tag(Op.READONLY_PATH, path);
            String shown = Quote.bare(path);
            b.syscall("bind mount " + shown + " (linux.readonlyPaths)", Sys.MOUNT, str(path), str(path), imm(0),
                    imm(MountFlags.MS_BIND | MountFlags.MS_REC), imm(0)).onErrno(Errno.ENOENT, next);
            b.syscall("make " + shown + " read-only (linux.readonlyPaths)", Sys.MOUNT_SETATTR, imm(FileFlags.AT_FDCWD),
                    str(path), imm(MountFlags.AT_RECURSIVE), Steps.mountAttr(MountFlags.MOUNT_ATTR_RDONLY, 0, 0),
                    imm(MountFlags.MOUNT_ATTR_SIZE_VER0));
            b.bind(next);
        }
        for (int i = 0; i < p.maskedPaths().size(); i++) {
            String path = p.maskedPaths().get(i);
            String shown = Quote.bare(path);
            Label file = b.label("mask a file");
            Label next = b.label("masked");
            b.tag(Op.MASK, path);
            // O_DIRECTORY tells a directory (masked with a tmpfs) from a file (ENOTDIR); a
            // symlink is not followed, so the mask lands on the path itself or not at all.
            b.syscall("open " + shown + " to mask it (linux.maskedPaths)", Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(path),
                    imm(FileFlags.O_PATH | FileFlags.O_DIRECTORY | FileFlags.O_NOFOLLOW | FileFlags.O_CLOEXEC), imm(0))
                    .into(s.target).onErrno(Errno.ENOENT, next).onErrno(Errno.ENOTDIR, file);
            s.close(s.target);
            b.syscall("mask " + shown + " with an empty read-only tmpfs (linux.maskedPaths)", Sys.MOUNT, str("tmpfs"),
                    str(path), str("tmpfs"), imm(MountFlags.MS_RDONLY), imm(0));
            b.jump(s.scratch, next);
            b.bind(file);
            b.syscall("open " + shown + " to mask it (linux.maskedPaths)", Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(path),
                    imm(FileFlags.O_PATH | FileFlags.O_NOFOLLOW | FileFlags.O_CLOEXEC), imm(0)).into(s.target);
            b.syscall("mask " + shown + " with /dev/null (linux.maskedPaths)", Sys.MOVE_MOUNT, nulls.get(i), str(""), s.target,
                    str(""), imm(MountFlags.MOVE_MOUNT_F_EMPTY_PATH | MountFlags.MOVE_MOUNT_T_EMPTY_PATH));
            s.close(s.target);
            b.bind(next);
            s.close(nulls.get(i));
        }
    }

    private static void mount(Steps s, Plan p, Mount m, String where) {
        var b = s.b;
        String dest = "/" + String.join("/", Steps.components(m.destination()));
        MountOptions o = MountOptions.parse(m.optionsOrEmpty(), where + ".options");
        String type = m.type() == null ? "" : m.type();
        String shownDest = Quote.bare(dest);
        String step = "mount " + Quote.bare(m.source() == null ? type : m.source()) + " on " + shownDest;
        b.tag(Op.MOUNT, dest);
        if (dest.equals("/")) {
            throw new JrunException(where + ".destination: \"/\" cannot be a mount destination; set root.path instead");
        }
        boolean proc = type.equals("proc");
        if (proc && !dest.equals("/proc")) {
            throw new JrunException(where + ": a proc filesystem can only be mounted on /proc, not " + Quote.value(dest));
        }
        if (!proc && (dest.equals("/proc") || dest.startsWith("/proc/")) && !PROC_BIND_ALLOWED.contains(dest)) {
            throw new JrunException(where + ".destination: " + Quote.value(dest) + " is inside /proc: only a proc "
                    + "filesystem on /proc and binds over " + PROC_BIND_ALLOWED + " are allowed there");
        }
        if ((o.flags() & MountFlags.MS_REMOUNT) != 0) {
            s.resolve(dest, s.target, FileFlags.O_PATH, step + ": open the mount point");
            if (o.bind()) {
                s.setAttributes(s.target, o.bindAttributes(), o.hasRecursiveAttributes() ? o.recursiveAttributes() : null, step);
            } else {
                s.mountOnTarget(m.source(), type, o.flags(), o.data(), step);
            }
            s.close(s.target);
            return;
        }
        if (o.bind()) {
            Path source = Path.of(m.source() == null ? "" : m.source());
            if (!source.isAbsolute()) {
                source = p.bundle().resolve(source);
            }
            if (!Files.exists(source)) {
                throw new JrunException(where + ".source: " + Quote.value(source.toString()) + " does not exist");
            }
            s.makePath(dest, !Files.isDirectory(source), where);
            s.resolve(dest, s.target, FileFlags.O_PATH, step + ": open the mount point");
            s.bindOnTarget(source.toString(), o.recursiveBind(), o.bindAttributes(),
                    o.hasRecursiveAttributes() ? o.recursiveAttributes() : null, o.propagation(), step);
            s.close(s.target);
            return;
        }
        if (type.isEmpty()) {
            throw new JrunException(where + ".type: a mount that is not a bind needs a type");
        }
        s.makePath(dest, false, where);
        s.resolve(dest, s.target, FileFlags.O_PATH | FileFlags.O_DIRECTORY, step + ": open the mount point");
        String fstype = type.equals("cgroup") ? "cgroup2" : type;
        // Where a user namespace may not mount the filesystem itself, runc binds the host's.
        String fallbackSource = switch (fstype) {
            case "cgroup2" -> p.cgroupDir() == null ? null : p.cgroupDir().toString();
            case "sysfs" -> "/sys";
            case "mqueue" -> "/dev/mqueue";
            default -> null;
        };
        Label done = fallbackSource == null ? null : b.label("mounted");
        Label fallback = fallbackSource == null ? null : b.label("fallback");
        var insn = s.mountOnTarget(m.source() == null ? type : m.source(), fstype, o.flags(), o.data(), step);
        if (fallbackSource != null) {
            insn.onErrno(Errno.EPERM, fallback);
            if (fstype.equals("cgroup2")) {
                insn.onErrno(Errno.EBUSY, fallback);
            }
        }
        b.syscall("chdir back to the rootfs", Sys.FCHDIR, s.rootfd);
        s.close(s.target);
        if (!o.propagation().isEmpty() || o.hasRecursiveAttributes()) {
            s.resolve(dest, s.target, FileFlags.O_PATH | FileFlags.O_DIRECTORY, step + ": open the new mount");
            s.setAttributes(s.target, null, o.hasRecursiveAttributes() ? o.recursiveAttributes() : null, step);
            s.propagate(s.target, o.propagation(), step);
            s.close(s.target);
        }
        if (fallbackSource != null) {
            b.jump(s.scratch, done);
            b.bind(fallback);
            b.syscall("chdir back to the rootfs", Sys.FCHDIR, s.rootfd);
            s.bindOnTarget(fallbackSource, !fstype.equals("cgroup2"), o.bindAttributes(),
                    o.hasRecursiveAttributes() ? o.recursiveAttributes() : null, o.propagation(),
                    "bind " + fallbackSource + " on " + shownDest + " (mounting " + fstype + " was not permitted)");
            s.close(s.target);
            b.bind(done);
        }
    }

    /** The default devices and linux.devices (the config's win), the /dev links, /dev/ptmx. */
    private static void devices(Steps s, Plan p) {
        var b = s.b;
        Map<String, LinuxDevice> all = new LinkedHashMap<>();
        for (LinuxDevice d : DEFAULT_DEVICES) {
            all.put(d.path(), d);
        }
        for (LinuxDevice d : p.devices()) {
            all.put("/" + String.join("/", Steps.components(d.path())), d);
        }
        var dirfd = b.reg("devdir");
        for (LinuxDevice d : all.values()) {
            List<String> c = Steps.components(d.path());
            String path = "/" + String.join("/", c);
            String parent = "/" + Steps.join(c, c.size() - 1);
            String name = c.getLast();
            String step = "create device " + Quote.bare(path);
            b.tag(Op.CREATE_DEVICE, path);
            if (p.userns()) {
                // mknod is not permitted in a user namespace: bind the host's node (runc does the same)
                s.makePath(path, true, "linux.devices");
                s.resolve(path, s.target, FileFlags.O_PATH, step + ": open it");
                s.bindOnTarget(path, false, null, null, List.of(), "bind the host's " + Quote.bare(path));
                s.close(s.target);
                continue;
            }
            s.makePath(parent, false, "linux.devices");
            s.resolve(parent, dirfd, FileFlags.O_PATH | FileFlags.O_DIRECTORY, step + ": open " + Quote.bare(parent));
            long mode = (d.fileMode() == null ? 0666 : d.fileMode()) & 07777;
            long kind = switch (d.type()) {
                case "b" -> FileFlags.S_IFBLK;
                case "p" -> FileFlags.S_IFIFO;
                default -> FileFlags.S_IFCHR;
            };
            long dev = d.type().equals("p") ? 0 : makedev(d.major(), d.minor());
            Label made = b.label("made");
            b.syscall(step, Sys.MKNODAT, dirfd, str(name), imm(kind | mode), imm(dev)).onErrno(Errno.EEXIST, made);
            b.syscall(step + ": chown", Sys.FCHOWNAT, dirfd, str(name), imm(d.uid() == null ? 0 : d.uid()),
                    imm(d.gid() == null ? 0 : d.gid()), imm(FileFlags.AT_SYMLINK_NOFOLLOW));
            b.bind(made);
            s.close(dirfd);
        }
        b.tag(Op.DEV_LINKS, "/dev");
        s.makePath("/dev", false, "the /dev links");
        s.resolve("/dev", dirfd, FileFlags.O_PATH | FileFlags.O_DIRECTORY, "open /dev for its links");
        String[][] links = {{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
            {"/proc/self/fd/2", "stderr"}};
        for (String[] l : links) {
            b.syscall("symlink /dev/" + l[1] + " -> " + l[0], Sys.SYMLINKAT, str(l[0]), dirfd, str(l[1])).ignore(Errno.EEXIST);
        }
        b.syscall("remove /dev/ptmx", Sys.UNLINKAT, dirfd, str("ptmx"), imm(0)).ignore(Errno.ENOENT);
        b.syscall("symlink /dev/ptmx -> pts/ptmx", Sys.SYMLINKAT, str("pts/ptmx"), dirfd, str("ptmx"));
        s.close(dirfd);
    }

    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** slave and shared roots keep receiving the host's mounts (as slaves of them). */
    static boolean receivesHostMounts(long propagation) {
        return (propagation & (MountFlags.MS_SLAVE | MountFlags.MS_SHARED)) != 0;
    }

    static String propagationName(long flags) {
        String r = (flags & MountFlags.MS_REC) != 0 ? "r" : "";
        if ((flags & MountFlags.MS_SHARED) != 0) return r + "shared";
        if ((flags & MountFlags.MS_SLAVE) != 0) return r + "slave";
        if ((flags & MountFlags.MS_UNBINDABLE) != 0) return r + "unbindable";
        return r + "private";
    }

    /** linux.rootfsPropagation → MS_* flags; absent → 0 (the default, rprivate). */
    static long rootfsPropagation(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        return switch (value) {
            case "private" -> MountFlags.MS_PRIVATE;
            case "rprivate" -> MountFlags.MS_PRIVATE | MountFlags.MS_REC;
            case "slave" -> MountFlags.MS_SLAVE;
            case "rslave" -> MountFlags.MS_SLAVE | MountFlags.MS_REC;
            case "shared" -> MountFlags.MS_SHARED;
            case "rshared" -> MountFlags.MS_SHARED | MountFlags.MS_REC;
            case "unbindable" -> MountFlags.MS_UNBINDABLE;
            case "runbindable" -> MountFlags.MS_UNBINDABLE | MountFlags.MS_REC;
            default -> throw new JrunException("linux.rootfsPropagation: unknown value " + Quote.value(value));
        };
    }
}
