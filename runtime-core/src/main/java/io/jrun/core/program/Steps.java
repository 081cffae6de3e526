package io.jrun.core.program;

import io.jrun.core.child.Arg;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Reg;
import io.jrun.spec.Quote;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.MountFlags;
import io.jrun.sys.Sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.jrun.core.child.Arg.imm;

/**
 * The instruction sequences an init program is made of: files and directories inside the
 * container's root (resolved with openat2 RESOLVE_IN_ROOT, so a symlink in the rootfs never
 * leads out of it), mounts, and plain file writes. One instance per program; it owns a few
 * scratch registers.
 */
final class Steps {
    final ProgramBuilder b;
    /** An O_PATH fd of the container's root before pivot_root (the bind mount of the rootfs). */
    final Reg rootfd;
    private final Reg dir;
    final Reg target;
    private final Reg mnt;
    private final Reg fd;
    final Reg scratch;

    Steps(ProgramBuilder b) {
        this.b = b;
        this.rootfd = b.reg("rootfd");
        this.dir = b.reg("dir");
        this.target = b.reg("target");
        this.mnt = b.reg("mnt");
        this.fd = b.reg("fd");
        this.scratch = b.reg("scratch");
    }

    static Arg.Str str(String s) {
        return new Arg.Str(s);
    }

    static Arg.Bytes longs(String what, long... values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.nativeOrder());
        for (long v : values) {
            bb.putLong(v);
        }
        return new Arg.Bytes(what, bb.array());
    }

    static Arg.Bytes ints(String what, int... values) {
        ByteBuffer bb = ByteBuffer.allocate(Math.max(values.length * 4, 4)).order(ByteOrder.nativeOrder());
        for (int v : values) {
            bb.putInt(v);
        }
        return new Arg.Bytes(what, bb.array());
    }

    /** struct open_how for openat2(2), resolving inside the root. */
    static Arg.Bytes inRoot(long flags, long mode) {
        return longs("open_how", flags | FileFlags.O_CLOEXEC, mode,
                FileFlags.RESOLVE_IN_ROOT | FileFlags.RESOLVE_NO_MAGICLINKS);
    }

    /** struct mount_attr for mount_setattr(2). */
    static Arg.Bytes mountAttr(long set, long clear, long propagation) {
        return longs("mount_attr", set, clear, propagation, 0);
    }

    /** "/a/b/c" → "a/b/c": paths relative to the rootfd; "/" → ".". */
    static String relative(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? "." : p;
    }

    /** The components of a cleaned absolute path. */
    static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                continue;
            }
            out.add(c);
        }
        return out;
    }

    static String join(List<String> components, int n) {
        return String.join("/", components.subList(0, n));
    }

    /** Opens {@code path} (inside the root) into {@code into}. */
    void resolve(String path, Reg into, long flags, String step) {
        b.syscall(step, Sys.OPENAT2, rootfd, str(relative(path)), inRoot(flags, 0), imm(FileFlags.OPEN_HOW_SIZE)).into(into);
    }

    void close(Reg r) {
        b.syscall("close " + r.name(), Sys.CLOSE, r);
    }

    /**
     * mkdir -p of {@code path} inside the root, each component created in its resolved parent
     * (mode 0755, as runc creates mount points); with {@code file}, the last one is an empty file.
     * The steps name each prefix {@link Quote#bare bounded}.
     */
    void makePath(String path, boolean file, String why) {
        List<String> c = components(path);
        for (int i = 0; i < c.size(); i++) {
            boolean last = i == c.size() - 1;
            String prefix = join(c, i + 1);
            Reg parent;
            if (i == 0) {
                parent = rootfd;
            } else {
                resolve("/" + join(c, i), dir, FileFlags.O_PATH | FileFlags.O_DIRECTORY,
                        "open /" + Quote.bare(join(c, i)) + " in the rootfs (" + why + ")");
                parent = dir;
            }
            if (last && file) {
                // An existing directory there is left for the mount to report (ENOTDIR).
                Label exists = b.label("exists");
                b.syscall("create /" + Quote.bare(prefix) + " in the rootfs (" + why + ")", Sys.OPENAT2, rootfd, str(prefix),
                        inRoot(FileFlags.O_CREAT | FileFlags.O_WRONLY, 0644), imm(FileFlags.OPEN_HOW_SIZE))
                        .into(fd).onErrno(Errno.EISDIR, exists);
                close(fd);
                b.bind(exists);
            } else {
                b.syscall("mkdir /" + Quote.bare(prefix) + " in the rootfs (" + why + ")", Sys.MKDIRAT, parent,
                        str(c.get(i)), imm(0755)).ignore(Errno.EEXIST);
            }
            if (i > 0) {
                close(dir);
            }
        }
    }

    /** Writes {@code content} to an existing file (an absolute path in the current root). */
    void writeFile(String path, String content, String step) {
        b.syscall(step, Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(path),
                imm(FileFlags.O_WRONLY | FileFlags.O_TRUNC | FileFlags.O_CLOEXEC), imm(0)).into(fd);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        b.syscall(step, Sys.WRITE, fd, new Arg.Bytes(Quote.value(content.strip()), bytes), imm(bytes.length));
        close(fd);
    }

    /** Bind-mounts the host's {@code source} on the opened {@code target}, with attributes. */
    void bindOnTarget(String source, boolean recursive, long[] attrs, long[] recursiveAttrs, List<Long> propagation,
                      String step) {
        b.syscall(step + ": open_tree " + Quote.bare(source), Sys.OPEN_TREE, imm(FileFlags.AT_FDCWD), str(source),
                imm(MountFlags.OPEN_TREE_CLONE | MountFlags.OPEN_TREE_CLOEXEC | (recursive ? MountFlags.AT_RECURSIVE : 0)))
                .into(mnt);
        setAttributes(mnt, attrs, recursiveAttrs, step);
        b.syscall(step, Sys.MOVE_MOUNT, mnt, str(""), target, str(""),
                imm(MountFlags.MOVE_MOUNT_F_EMPTY_PATH | MountFlags.MOVE_MOUNT_T_EMPTY_PATH));
        propagate(mnt, propagation, step);
        close(mnt);
    }

    void setAttributes(Reg mount, long[] attrs, long[] recursiveAttrs, String step) {
        if (attrs != null && (attrs[0] != 0 || attrs[1] != 0)) {
            b.syscall(step + ": set mount attributes", Sys.MOUNT_SETATTR, mount, str(""), imm(FileFlags.AT_EMPTY_PATH),
                    mountAttr(attrs[0], attrs[1], 0), imm(MountFlags.MOUNT_ATTR_SIZE_VER0));
        }
        if (recursiveAttrs != null && (recursiveAttrs[0] != 0 || recursiveAttrs[1] != 0)) {
            b.syscall(step + ": set recursive mount attributes", Sys.MOUNT_SETATTR, mount, str(""),
                    imm(FileFlags.AT_EMPTY_PATH | MountFlags.AT_RECURSIVE),
                    mountAttr(recursiveAttrs[0], recursiveAttrs[1], 0), imm(MountFlags.MOUNT_ATTR_SIZE_VER0));
        }
    }

    void propagate(Reg mount, List<Long> propagation, String step) {
        for (long p : propagation) {
            boolean rec = (p & MountFlags.MS_REC) != 0;
            b.syscall(step + ": set propagation", Sys.MOUNT_SETATTR, mount, str(""),
                    imm(FileFlags.AT_EMPTY_PATH | (rec ? MountFlags.AT_RECURSIVE : 0)),
                    mountAttr(0, 0, p & ~MountFlags.MS_REC), imm(MountFlags.MOUNT_ATTR_SIZE_VER0));
        }
    }

    /**
     * classic mount(2) of a filesystem on the opened {@code target}, through fchdir and ".";
     * returns the mount instruction for the caller to add errno handling to.
     */
    ProgramBuilder.Pending mountOnTarget(String source, String fstype, long flags, String data, String step) {
        b.syscall(step + ": chdir to the mount point", Sys.FCHDIR, target);
        return b.syscall(step, Sys.MOUNT, str(source), str("."), str(fstype), imm(flags),
                data == null || data.isEmpty() ? imm(0) : str(data));
    }
}
