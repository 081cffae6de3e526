package io.jrun.core.program;

import io.jrun.core.child.Arg;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Reg;
import io.jrun.core.child.Tag.Op;
import io.jrun.sys.CloneFlags;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.jrun.core.child.Arg.imm;
import static io.jrun.core.program.Steps.str;

/**
 * Joining the namespaces of a running container process (for hooks that run in the container
 * and for exec): every namespace of the target that differs from jrun's own, user first and
 * mount last, then a second clone so that the process lands in the target's pid namespace.
 */
public final class JoinNamespaces {
    private JoinNamespaces() {}

    /** /proc/PID/ns names in join order. */
    private static final List<String> ORDER = List.of("user", "ipc", "uts", "net", "pid", "cgroup", "time", "mnt");

    public record Target(int pid, List<String> types) {
        public boolean joinsPid() {
            return types.contains("pid");
        }
    }

    /** The namespaces of {@code pid} that are not this process's. */
    public static Target of(int pid) {
        List<String> types = new ArrayList<>();
        for (String t : ORDER) {
            try {
                Path theirs = Path.of("/proc/" + pid + "/ns/" + t);
                Path ours = Path.of("/proc/self/ns/" + t);
                if (!Files.exists(theirs)) {
                    continue;
                }
                if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(ours))) {
                    types.add(t);
                }
            } catch (IOException e) {
                throw new io.jrun.api.JrunException("read the namespaces of process " + pid + ": " + e.getMessage(), e);
            }
        }
        return new Target(pid, List.copyOf(types));
    }

    private static long flag(String t) {
        return switch (t) {
            case "user" -> CloneFlags.CLONE_NEWUSER;
            case "ipc" -> CloneFlags.CLONE_NEWIPC;
            case "uts" -> CloneFlags.CLONE_NEWUTS;
            case "net" -> CloneFlags.CLONE_NEWNET;
            case "pid" -> CloneFlags.CLONE_NEWPID;
            case "cgroup" -> CloneFlags.CLONE_NEWCGROUP;
            case "time" -> CloneFlags.CLONE_NEWTIME;
            case "mnt" -> CloneFlags.CLONE_NEWNS;
            default -> throw new IllegalArgumentException(t);
        };
    }

    /**
     * Emits the joins. After them the process continuing is in every namespace of the target
     * (the intermediate of the pid namespace's second clone exits 0 at {@code exit0}).
     */
    static void emit(ProgramBuilder b, Target t, Label exit0) {
        emit(b, t, exit0, true);
    }

    /**
     * @param jrunsChild the process that goes on is jrun's child, for jrun to wait for; if not
     *                   (a detached exec), a second clone without CLONE_PARENT leaves it to the
     *                   nearest subreaper once the intermediate exits: a JVM that runs for long
     *                   (the Java API) must not collect zombies, which would keep the pid
     *                   namespace's init from ever finishing its exit
     */
    static void emit(ProgramBuilder b, Target t, Label exit0, boolean jrunsChild) {
        List<Reg> fds = new ArrayList<>();
        for (String type : t.types()) {
            Reg r = b.reg("ns " + type);
            String path = "/proc/" + t.pid() + "/ns/" + type;
            b.tag(Op.OPEN_NAMESPACE, path);
            b.syscall("open " + path, Sys.OPENAT, imm(FileFlags.AT_FDCWD), str(path),
                    imm(FileFlags.O_RDONLY | FileFlags.O_CLOEXEC), imm(0)).into(r);
            fds.add(r);
        }
        for (int i = 0; i < fds.size(); i++) {
            String type = t.types().get(i);
            b.tag(Op.JOIN_NAMESPACE, "/proc/" + t.pid() + "/ns/" + type);
            b.syscall("join the container's " + type + " namespace", Sys.SETNS, fds.get(i), imm(flag(type)));
            b.syscall("close", Sys.CLOSE, fds.get(i));
        }
        if (t.joinsPid() || !jrunsChild) {
            b.tag(Op.CLONE_PID_NAMESPACE);
            b.syscall("create the process in the container's pid namespace", Sys.CLONE3,
                    new Arg.CloneArgs(jrunsChild ? CloneFlags.CLONE_PARENT : 0), imm(CloneFlags.CLONE_ARGS_SIZE)).ifNonZero(exit0);
        }
    }
}
