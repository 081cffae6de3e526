package io.jrun.core.cgroups.systemd;

import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.CgroupLayout;
import io.jrun.core.cgroups.CgroupPaths;
import io.jrun.core.cgroups.V1Paths;
import io.jrun.spec.Quote;
import java.nio.file.Path;

/**
 * The systemd unit that is a container's cgroup, read from {@code linux.cgroupsPath} as runc's
 * specconv reads it for the systemd driver ("slice:prefix:name", e.g.
 * "system.slice:docker:4f2a..."), and where systemd puts its cgroup.
 *
 * <p>The unit is a scope, "PREFIX-NAME.scope", in the slice; a name that ends in ".slice" makes
 * the unit that slice instead (runc's getUnitName), for engines that create pod slices.
 *
 * @param slice  the slice the unit goes in; "" for the manager's default (runc's Parent)
 * @param prefix the scope's prefix, "docker", "crio", "libpod"; unused for a slice (ScopePrefix)
 * @param name   the scope's own part, usually the container id; or a slice's whole name (Name)
 */
public record SystemdCgroup(String slice, String prefix, String name) {
    /** The default slice of the system manager's containers (runc's, with no Parent). */
    public static final String SYSTEM_SLICE = "system.slice";

    /** The default slice under a user manager (runc's for rootless). */
    public static final String USER_SLICE = "user.slice";

    /** The prefix when linux.cgroupsPath is empty (runc's specconv). */
    public static final String DEFAULT_PREFIX = "runc";

    /** systemd's UNIT_NAME_MAX less its NUL. */
    static final int UNIT_NAME_MAX = 255;

    private static final String FIELD = "linux.cgroupsPath";

    /**
     * {@code linux.cgroupsPath} for the systemd driver, as runc's specconv: "slice:prefix:name"
     * split at its colons; empty or absent, the default slice, prefix "runc" and the container
     * id, which gives "runc-ID.scope" in system.slice.
     *
     * <p>runc checks no more here; a bad slice fails later when it is expanded, and a unit name
     * systemd refuses fails at StartTransientUnit, after runc has begun. jrun checks both now, so
     * that nothing is made: the slice must expand, the unit name must be one systemd takes, and
     * a slice unit must be named for the slice it goes in (systemd places a slice by its name,
     * whatever slice it is told; runc would compute a directory systemd never made).
     *
     * @param containerId the name when cgroupsPath is empty
     * @throws CgroupException naming linux.cgroupsPath (or the container id it came from)
     */
    public static SystemdCgroup parse(String cgroupsPath, String containerId) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            SystemdCgroup c = new SystemdCgroup("", DEFAULT_PREFIX, containerId == null ? "" : containerId);
            c.check("container id", containerId);
            return c;
        }
        String[] parts = cgroupsPath.split(":", -1);
        if (parts.length != 3) {
            throw new CgroupException(FIELD + ": expected cgroupsPath to be of format \"slice:prefix:name\" for systemd "
                    + "cgroups, got " + Quote.value(cgroupsPath) + " instead");
        }
        SystemdCgroup c = new SystemdCgroup(parts[0], parts[1], parts[2]);
        c.check(FIELD, cgroupsPath);
        return c;
    }

    private void check(String field, String value) {
        String where = field + ": " + Quote.value(value) + ": ";
        if (!slice.isEmpty()) {
            try {
                Slices.expand(slice);
            } catch (IllegalArgumentException e) {
                throw new CgroupException(where + e.getMessage());
            }
        }
        String unit = unitName();
        String bad = unitNameProblem(unit);
        if (bad != null) {
            throw new CgroupException(where + "the unit name " + Quote.value(unit) + " is not one systemd takes: " + bad);
        }
        if (isSlice()) {
            // With no slice given, against the system manager's default: slices of their own are
            // what the kubelet makes, as root.
            String parent;
            try {
                parent = Slices.parent(name);
            } catch (IllegalArgumentException e) {
                throw new CgroupException(where + e.getMessage());
            }
            String given = parentSlice(false);
            if (!parent.equals(given)) {
                String stem = given.equals(Slices.ROOT) ? "" : given.substring(0, given.length() - Slices.SUFFIX.length())
                        + "-";
                throw new CgroupException(where + "systemd puts the slice " + name + " in " + parent
                        + " (a slice's name says its parent), not in " + given + "; name it " + stem + "NAME"
                        + Slices.SUFFIX + " to have it there");
            }
        }
    }

    /**
     * Why systemd would refuse {@code unit} as a unit name (unit_name_is_valid), or null: at most
     * 255 characters of letters, digits and ":-_.\@".
     */
    static String unitNameProblem(String unit) {
        if (unit.length() > UNIT_NAME_MAX) {
            return "it has " + unit.length() + " characters, more than systemd's " + UNIT_NAME_MAX;
        }
        for (int i = 0; i < unit.length(); i++) {
            char ch = unit.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ":-_.\\@".indexOf(ch) >= 0;
            if (!ok) {
                return "it has " + Quote.value(String.valueOf(ch))
                        + ", and a unit name is made of letters, digits and \":-_.\\@\"";
            }
        }
        return null;
    }

    /** Whether the unit is a slice rather than a scope. */
    public boolean isSlice() {
        return name.endsWith(Slices.SUFFIX);
    }

    /** runc's getUnitName: "PREFIX-NAME.scope", or the slice's name. */
    public String unitName() {
        return isSlice() ? name : prefix + "-" + name + ".scope";
    }

    /**
     * runc's getUnitType: the unit's D-Bus interface after "org.freedesktop.systemd1.", where
     * its cgroup properties are.
     */
    public String unitType() {
        return isSlice() ? "Slice" : "Scope";
    }

    /**
     * The slice the unit goes in: the one given, else system.slice, or user.slice under a user
     * manager (runc's Apply).
     */
    public String parentSlice(boolean userManager) {
        if (!slice.isEmpty()) {
            return slice;
        }
        return userManager ? USER_SLICE : SYSTEM_SLICE;
    }

    /**
     * The unit's cgroup relative to the manager's root cgroup: the parent slice expanded, then
     * the unit (runc's getSliceFull and initPath), e.g. "/system.slice/docker-ID.scope".
     */
    public String cgroup(boolean userManager) {
        String parent = Slices.expand(parentSlice(userManager));
        return (parent.equals("/") ? "" : parent) + "/" + unitName();
    }

    /**
     * The unit's directory on a cgroup v2 host under the system manager (runc's unifiedManager
     * initPath): the mount point, the expanded slice, the unit.
     */
    public Path unifiedDir(CgroupLayout.Unified layout) {
        return CgroupPaths.under(layout.unified().mountPoint(), cgroup(false));
    }

    /**
     * The unit's directory on a cgroup v2 host under a user manager (runc's rootless
     * getSliceFull): below the manager's own cgroup, its ControlGroup property, typically
     * "/user.slice/user-1000.slice/user@1000.service", with user.slice as the default slice.
     */
    public Path unifiedDir(CgroupLayout.Unified layout, String managerCgroup) {
        return CgroupPaths.under(layout.unified().mountPoint(), CgroupPaths.cleanPath(managerCgroup + cgroup(true)));
    }

    /**
     * The unit's directories on a v1 host, legacy or hybrid: in each hierarchy, the mount point,
     * the expanded slice, the unit; and so in the v2 hierarchy of a hybrid host (runc's systemd
     * v1 initPaths). runc 1.1.5 also put the cgroup of PID 1, less "init.scope", in between;
     * runc 1.1.6 and later do not ("don't take init's cgroup into account"), like its v2
     * manager, and neither does jrun. Only the system manager runs containers on v1 (runc:
     * "cannot use rootless systemd cgroups manager on cgroup v1").
     */
    public V1Paths legacyDirs(CgroupLayout layout) {
        return V1Paths.below(layout, cgroup(false));
    }
}
