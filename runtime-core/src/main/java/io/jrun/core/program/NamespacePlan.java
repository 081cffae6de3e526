package io.jrun.core.program;

import io.jrun.api.JrunException;
import io.jrun.spec.Linux;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.Quote;
import io.jrun.sys.CloneFlags;

import java.util.ArrayList;
import java.util.List;

/**
 * How a container process gets its namespaces. New ones come from clone3 flags when nothing is
 * joined; when a namespace is joined (linux.namespaces[].path) the child first joins, then
 * unshares, because a new user namespace would leave it no right to join the host's others.
 * A new or joined pid namespace then needs a second clone. The cgroup namespace is always
 * unshared after the child is in its cgroup, so that the namespace's root is that cgroup; the
 * time namespace is unshared by the final process, which sets its offsets and enters it.
 */
public record NamespacePlan(long cloneFlags, List<Join> joins, long unshareFlags, boolean secondClone,
                            boolean newPid, boolean newUser, boolean newCgroup, boolean newTime, boolean newMount,
                            boolean joinedMount, boolean anyUser) {

    /** A namespace to join: its type, the file, and the CLONE_NEW* flag setns(2) checks it against. */
    public record Join(String type, String path, long flag) {}

    /** The order joins are made in: user first (it grants the rights for the rest), mount last. */
    private static final List<String> JOIN_ORDER = List.of(
            LinuxNamespace.USER, LinuxNamespace.IPC, LinuxNamespace.UTS, LinuxNamespace.NETWORK,
            LinuxNamespace.PID, LinuxNamespace.CGROUP, LinuxNamespace.TIME, LinuxNamespace.MOUNT);

    public static long flag(String type) {
        return switch (type) {
            case LinuxNamespace.PID -> CloneFlags.CLONE_NEWPID;
            case LinuxNamespace.NETWORK -> CloneFlags.CLONE_NEWNET;
            case LinuxNamespace.MOUNT -> CloneFlags.CLONE_NEWNS;
            case LinuxNamespace.IPC -> CloneFlags.CLONE_NEWIPC;
            case LinuxNamespace.UTS -> CloneFlags.CLONE_NEWUTS;
            case LinuxNamespace.USER -> CloneFlags.CLONE_NEWUSER;
            case LinuxNamespace.CGROUP -> CloneFlags.CLONE_NEWCGROUP;
            case LinuxNamespace.TIME -> CloneFlags.CLONE_NEWTIME;
            default -> throw new JrunException("unknown namespace type " + Quote.value(type));
        };
    }

    /**
     * The namespace types of CLONE_NEW* {@code flags}, in join order, comma-separated ("ipc,uts,mount"):
     * what an unshare creates, as a program's tags name it.
     */
    static String types(long flags) {
        List<String> types = new ArrayList<>();
        for (String type : JOIN_ORDER) {
            if ((flags & flag(type)) != 0) {
                types.add(type);
            }
        }
        return String.join(",", types);
    }

    public static NamespacePlan of(Linux linux) {
        List<LinuxNamespace> namespaces = linux == null ? List.of() : linux.namespacesOrEmpty();
        long fresh = 0;
        List<Join> joins = new ArrayList<>();
        for (LinuxNamespace ns : namespaces) {
            if (ns.createsNew()) {
                fresh |= flag(ns.type());
            } else {
                joins.add(new Join(ns.type(), ns.path(), flag(ns.type())));
            }
        }
        joins.sort((a, b) -> Integer.compare(JOIN_ORDER.indexOf(a.type()), JOIN_ORDER.indexOf(b.type())));
        boolean newMount = (fresh & CloneFlags.CLONE_NEWNS) != 0;
        boolean joinedMount = joins.stream().anyMatch(j -> j.flag() == CloneFlags.CLONE_NEWNS);
        if (!newMount && !joinedMount) {
            throw new JrunException("linux.namespaces: a mount namespace is required: jrun sets up the root "
                    + "filesystem inside it and would otherwise change the host's mounts; add {\"type\": \"mount\"}");
        }
        boolean newCgroup = (fresh & CloneFlags.CLONE_NEWCGROUP) != 0;
        boolean newTime = (fresh & CloneFlags.CLONE_NEWTIME) != 0;
        boolean newUser = (fresh & CloneFlags.CLONE_NEWUSER) != 0;
        boolean anyUser = newUser || joins.stream().anyMatch(j -> j.flag() == CloneFlags.CLONE_NEWUSER);
        long late = CloneFlags.CLONE_NEWCGROUP | CloneFlags.CLONE_NEWTIME;
        if (joins.isEmpty()) {
            return new NamespacePlan(fresh & ~late, List.of(), 0, false, false, newUser, newCgroup, newTime, newMount,
                    false, anyUser);
        }
        boolean newPid = (fresh & CloneFlags.CLONE_NEWPID) != 0;
        boolean pid = newPid || joins.stream().anyMatch(j -> j.flag() == CloneFlags.CLONE_NEWPID);
        long unshare = fresh & ~late & ~CloneFlags.CLONE_NEWPID;
        return new NamespacePlan(0, List.copyOf(joins), unshare, pid, newPid, newUser, newCgroup, newTime, newMount,
                joinedMount, anyUser);
    }

    /**
     * The flags of the second clone: a child of jrun's (CLONE_PARENT), so jrun can wait for it,
     * in a new pid namespace, or in the joined one, which setns(2) made its children's.
     */
    public long secondCloneFlags() {
        return CloneFlags.CLONE_PARENT | (newPid ? CloneFlags.CLONE_NEWPID : 0);
    }
}
