package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Making controllers available to a cgroup: cgroup.type checked on the way down and
 * cgroup.subtree_control written from the root to the cgroup's parent (runc's fs2 create.go).
 */
final class SubtreeControl {
    private static final Log LOG = Log.of(SubtreeControl.class);

    /** Controllers that cannot live in a threaded subtree (runc's containsDomainController). */
    private static final Set<String> DOMAIN_CONTROLLERS = Set.of("memory", "io", "cpu", "hugetlb", "rdma", "misc");

    private final Cgroups cgroups;
    private final CgroupKernel kernel;
    private final Path dir;

    SubtreeControl(Cgroups cgroups, Path dir) {
        this.cgroups = cgroups;
        this.kernel = cgroups.kernel;
        this.dir = dir;
    }

    /**
     * runc's cgroup.type handling: a "domain invalid" cgroup (one created below a cgroup that
     * already had processes) can only become threaded, and a threaded one cannot take domain
     * controllers.
     */
    void checkTypes(List<Path> levels, Set<String> controllers) {
        Set<String> domain = new LinkedHashSet<>(controllers);
        domain.retainAll(DOMAIN_CONTROLLERS);
        for (Path level : levels) {
            String type = CgroupFiles.readIfExists(level.resolve("cgroup.type"), "check cgroup " + dir);
            if (type == null) {
                continue;
            }
            type = type.strip();
            switch (type) {
                case "domain invalid" -> {
                    if (!domain.isEmpty()) {
                        throw new CgroupException("cgroup " + level + " cannot take the " + domain + " controller(s): "
                                + "its cgroup.type is \"domain invalid\" (a parent has processes of its own)");
                    }
                    int r = kernel.write(level.resolve("cgroup.type"), "threaded");
                    if (r < 0) {
                        LOG.debug("write threaded to {}/cgroup.type: {}", level, Messages.errno(r));
                    }
                }
                case "threaded", "domain threaded" -> {
                    if (!domain.isEmpty()) {
                        throw new CgroupException("cgroup " + level + " cannot take the " + domain + " controller(s): "
                                + "its cgroup.type is \"" + type + "\" and they are not thread-aware");
                    }
                }
                default -> {
                    // "domain": anything goes
                }
            }
        }
    }

    /**
     * Enables {@code controllers} in cgroup.subtree_control of the root and of every cgroup down
     * to this one's parent, so that they are available here; also, best effort, the accounting
     * controllers that stats read.
     */
    void enable(Set<String> controllers) {
        Path root = cgroups.root();
        List<Path> parents = new ArrayList<>();
        parents.add(root);
        for (Path level : cgroups.levels(dir)) {
            if (!level.equals(dir)) {
                parents.add(level);
            }
        }
        for (Path level : parents) {
            Path subtree = level.resolve("cgroup.subtree_control");
            String doing = "enable controllers for " + dir;
            Set<String> enabled = Cgroups.words(CgroupFiles.read(subtree, doing));
            Set<String> available = Cgroups.words(CgroupFiles.read(level.resolve("cgroup.controllers"), doing));
            Set<String> required = new LinkedHashSet<>(controllers);
            required.removeAll(enabled);
            for (String c : required) {
                if (!available.contains(c)) {
                    throw new CgroupException(doing + ": the \"" + c + "\" controller is not available in " + level
                            + " (" + level.resolve("cgroup.controllers") + " lists \"" + String.join(" ", available)
                            + "\")");
                }
            }
            if (!required.isEmpty()) {
                String value = "+" + String.join(" +", required);
                int r = kernel.write(subtree, value);
                if (r < 0) {
                    // Find the one the kernel refuses, to name it.
                    for (String c : required) {
                        int one = kernel.write(subtree, "+" + c);
                        if (one < 0) {
                            throw new CgroupException(doing + ": write \"+" + c + "\" to " + subtree + ": "
                                    + Messages.errno(one) + hint(one, level));
                        }
                    }
                }
            }
            for (String c : Cgroups.ACCOUNTING) {
                if (available.contains(c) && !enabled.contains(c) && !required.contains(c)) {
                    int r = kernel.write(subtree, "+" + c);
                    if (r < 0) {
                        LOG.debug("enable {} in {} (for stats only): {}", c, subtree, Messages.errno(r));
                    }
                }
            }
        }
    }

    private static String hint(int errno, Path level) {
        if (errno == -Errno.EBUSY) {
            return " (" + level + " has processes of its own, and cgroup v2 lets only a cgroup without processes "
                    + "hand controllers to its children; use a linux.cgroupsPath outside it)";
        }
        return "";
    }
}
