package io.jrun.core.lifecycle;

import io.jrun.api.JrunException;
import io.jrun.core.cgroups.CgroupLayout;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.V1Cgroups;
import io.jrun.core.state.ContainerRecord;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The cgroup managers the lifecycle makes and reopens containers' cgroups with, chosen by the
 * host's layout as runc chooses between its fs2 and fs drivers: a unified host gets the v2
 * manager ({@link Cgroups}), a hybrid or legacy host the v1 one ({@link V1Cgroups}). A container
 * is reopened by whichever its record names, whatever the host's choice. Each manager, and the
 * layout, is found when a command first needs it: `state` of a stopped container never does.
 *
 * <p>The seam of the lifecycle's tests: {@link #v2} and {@link #v1} inject a fake of either.
 */
final class CgroupManagers {
    private final Supplier<Cgroups> v2;
    private final Supplier<V1Cgroups> v1;
    private final BooleanSupplier useV1;

    private CgroupManagers(Supplier<Cgroups> v2, Supplier<V1Cgroups> v1, BooleanSupplier useV1) {
        this.v2 = v2;
        this.v1 = v1;
        this.useV1 = useV1;
    }

    /** This host's: v2 on a unified host, v1 on a hybrid or legacy one. */
    static CgroupManagers host() {
        return new CgroupManagers(Cgroups::host, V1Cgroups::host,
                () -> !(CgroupLayout.host() instanceof CgroupLayout.Unified));
    }

    /** New containers get {@code v2}'s cgroups (a test's fake, or a unified host). */
    static CgroupManagers v2(Supplier<Cgroups> v2) {
        return new CgroupManagers(v2, () -> {
            throw new JrunException("no cgroup v1 manager here");
        }, () -> false);
    }

    /** New containers get {@code v1}'s cgroups (a test's fake of a hybrid or legacy host). */
    static CgroupManagers v1(Supplier<V1Cgroups> v1) {
        return new CgroupManagers(() -> {
            throw new JrunException("no cgroup v2 manager here");
        }, v1, () -> true);
    }

    /** Whether new containers get v1 cgroups. */
    boolean useV1() {
        return useV1.getAsBoolean();
    }

    Cgroups v2() {
        return v2.get();
    }

    V1Cgroups v1() {
        return v1.get();
    }

    /** The cgroup {@code record} names, reopened; see {@link ContainerRecord#hasCgroup()}. */
    ContainerCgroup open(ContainerRecord record) {
        if (record.cgroupV1() != null) {
            return v1().open(record.cgroupV1());
        }
        if (record.cgroup() != null) {
            return v2().open(record.cgroup());
        }
        throw new JrunException("container " + record.id() + " has no cgroup");
    }
}
