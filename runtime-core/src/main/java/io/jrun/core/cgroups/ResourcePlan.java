package io.jrun.core.cgroups;

import io.jrun.spec.LinuxResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code linux.resources} turned into cgroup file writes, validated as a whole before anything
 * is written. For cgroup v2 ({@link #of}) the conversions and the order are runc's fs2 driver's
 * (Set: pids, memory, io, cpu, cpuset, hugetlb, rdma, then unified last so that it can override
 * the rest), each controller's by its {@link ControllerPlanner}; devices become a compiled BPF
 * program. For cgroup v1 ({@link #ofV1}) they are runc's fs driver's, devices included as writes.
 *
 * <p>Every problem is collected, then reported together, one line per field, each starting with
 * the field's JSON path. A resource whose controller the hierarchy does not offer is such a
 * problem: the message names the controller, the file that lists the controllers, and (on a
 * hybrid host) the v1 hierarchy that holds it instead.
 *
 * @param steps       the writes, in order
 * @param controllers the controllers the writes need, to be enabled down to the container
 * @param devices     the device program (always present in a v2 plan: without device rules runc
 *                    still installs deny-all plus its defaults); null in a v1 plan, which has a
 *                    {@link DeviceTransition} step instead
 * @param memoryCheck the limits to check against memory.current first, or null
 *                    (memory.checkBeforeUpdate; always null in a v1 plan, where the kernel itself
 *                    refuses a limit below the usage it cannot reclaim)
 * @param warnings    fields that the hierarchy ignores, already logged
 */
public record ResourcePlan(
        List<Step> steps,
        Set<String> controllers,
        DeviceFilter.Program devices,
        MemoryCheck memoryCheck,
        List<String> warnings) {

    public ResourcePlan {
        steps = List.copyOf(steps);
        controllers = Collections.unmodifiableSet(new LinkedHashSet<>(controllers));
        warnings = List.copyOf(warnings);
    }

    /** One planned change to the cgroup directory. */
    public sealed interface Step permits Write, IoWeight, BlkioWeight, DeviceTransition {
        /** The JSON path of the field this step comes from. */
        String field();
    }

    /**
     * Write {@code value} to {@code file}.
     *
     * @param optional   a missing file is not an error (a feature of newer kernels that the
     *                   value would only restate, e.g. hugetlb.*.rsvd.max)
     * @param retryAfter if the write fails with EINVAL, try again right after writing this file
     *                   (cpu.max.burst, which the kernel checks against the current cpu.max)
     */
    public record Write(String file, String value, String field, boolean optional, String retryAfter) implements Step {
        Write(String file, String value, String field) {
            this(file, value, field, false, null);
        }
    }

    /**
     * A blkio weight (10..1000): to io.bfq.weight as is if the BFQ scheduler is there, else to
     * io.weight converted (runc's setIo). A per-device weight goes to io.bfq.weight only if the
     * kernel takes per-device BFQ weights (5.4+), else to io.weight.
     *
     * @param device "MAJ:MIN", or null for the default weight
     */
    public record IoWeight(String device, int weight, String field) implements Step {}

    /**
     * A cgroup v1 blkio weight (runc's fs blkio.go): to blkio.weight, or blkio.weight_device for
     * a device, where the cgroup has blkio.weight (CFQ); else to blkio.bfq.weight or
     * blkio.bfq.weight_device (runc's detectWeightFilenames, which looks once per cgroup).
     *
     * @param device "MAJ:MIN", or null for the default weight
     */
    public record BlkioWeight(String device, int weight, String field) implements Step {
        /** The file to write, given whether the cgroup has blkio.weight. */
        public String file(boolean haveBlkioWeight) {
            return (haveBlkioWeight ? "blkio.weight" : "blkio.bfq.weight") + (device == null ? "" : "_device");
        }

        /** "WEIGHT", or "MAJ:MIN WEIGHT" for a device. */
        public String value() {
            return device == null ? Integer.toString(weight) : device + " " + weight;
        }
    }

    /**
     * The cgroup v1 device rules (runc's fs devices.go): the writes depend on what the cgroup
     * allows now, so the step holds the target and {@link #writes} works out the difference from
     * the cgroup's devices.list when it is written. A new cgroup under an allow-all parent gets
     * "a *:* rwm" to devices.deny, then one devices.allow line per rule; an update of a container
     * gets only what changed, so that its devices are never all denied in between.
     *
     * @param rules the target: the minimal rules that, written onto deny-all, give the
     *              container's device access ({@link DeviceEmulator#rules})
     */
    public record DeviceTransition(List<DeviceRule> rules, String field) implements Step {
        /** What devices.list shows in allow-all mode (the root's, and a child's of an allow-all parent). */
        public static final String ALLOW_ALL = "a *:* rwm\n";

        public DeviceTransition {
            rules = List.copyOf(rules);
        }

        /**
         * The writes, in order, that turn a cgroup whose devices.list reads {@code devicesList}
         * into the target: an allow rule to devices.allow, a deny rule to devices.deny (runc's
         * Transition).
         *
         * @throws CgroupException if devicesList is not devices.list text
         */
        public List<Write> writes(String devicesList) {
            List<Write> out = new ArrayList<>();
            for (DeviceRule r : current(devicesList).transition(target())) {
                out.add(new Write(r.allow() ? "devices.allow" : "devices.deny", r.cgroupString(), field));
            }
            return out;
        }

        /**
         * runc's check after the writes: an allow-list cgroup's devices.list must now show
         * exactly the target, an allow-all one at least be in allow-all mode (its list cannot
         * show more).
         *
         * @throws CgroupException with runc's words if it does not
         */
        public void check(String devicesListAfter) {
            DeviceEmulator after = current(devicesListAfter);
            DeviceEmulator target = target();
            if (target.defaultAllow() != after.defaultAllow()) {
                throw new CgroupException(field + ": resulting devices cgroup doesn't match target mode");
            }
            if (!target.defaultAllow() && !after.sameState(target)) {
                throw new CgroupException(field + ": resulting devices cgroup doesn't precisely match target");
            }
        }

        private DeviceEmulator target() {
            DeviceEmulator target = new DeviceEmulator();
            for (DeviceRule r : rules) {
                target.apply(r);
            }
            return target;
        }

        private DeviceEmulator current(String devicesList) {
            try {
                return DeviceEmulator.fromList(devicesList);
            } catch (IllegalArgumentException e) {
                throw new CgroupException(field + ": devices.list: " + e.getMessage(), e);
            }
        }
    }

    /** memory.checkBeforeUpdate: refuse limits at or below the current usage. */
    public record MemoryCheck(long limit, long swap) {}

    /**
     * What the hierarchy offers, for validation.
     *
     * @param controllers     the controllers available (cgroup.controllers of the root)
     * @param controllersFile the file they were read from, named in errors
     * @param hugePageSizes   the page sizes the kernel has, e.g. "2MB", "1GB"
     * @param v1Controllers   v1 controllers mounted on this host (for the hybrid hint)
     */
    public record Environment(Set<String> controllers, Path controllersFile, List<String> hugePageSizes,
            Map<String, Path> v1Controllers) {
        public Environment {
            controllers = Set.copyOf(controllers);
            hugePageSizes = List.copyOf(hugePageSizes);
            v1Controllers = Map.copyOf(v1Controllers);
        }
    }

    /**
     * The cgroup v2 planners in the order their writes are made (runc's fs2 Set). network has no
     * v2 files; it is there for its errors.
     */
    private static final List<ControllerPlanner> V2 = List.of(new PidsPlanner(), new MemoryPlanner(),
            new BlockIoPlanner(), new CpuPlanner(), new CpusetPlanner(), new HugetlbPlanner(HugetlbPlanner.V2_SUFFIX),
            new RdmaPlanner(), new NetworkPlanner(), new UnifiedPlanner());

    /** No linux.resources: on v1 runc's default device rules are still written. */
    private static final LinuxResources NO_RESOURCES = new LinuxResources(null, null, null, null, null, null, null,
            null, null);

    /**
     * Validates and converts a configuration for cgroup v2.
     *
     * @throws CgroupException listing every invalid field
     */
    public static ResourcePlan of(CgroupConfig config, Environment env) {
        PlanBuilder plan = new PlanBuilder(env);
        LinuxResources r = config.resources();
        if (r != null) {
            for (ControllerPlanner planner : V2) {
                planner.plan(r, plan);
            }
        }
        List<DeviceRules.Sourced> rules = DeviceRules.of(
                r == null ? List.of() : r.devicesOrEmpty(), config.devices(), plan.errors());
        DeviceFilter.Program devices = plan.errors().isEmpty() ? DeviceFilter.compileSourced(rules, plan.errors()) : null;
        return plan.build(devices);
    }

    /**
     * Validates and converts a configuration for cgroup v1, runc's fs driver: {@code env}'s
     * controllers are the subsystems this host has mounted, and the steps come in runc's fs Set
     * order (cpuset, devices, memory, cpu, pids, blkio, hugetlb, net_cls, net_prio, rdma).
     * cpuacct, perf_event, freezer and misc have nothing in the config: the manager only joins
     * them (freezer is what pause and kill use).
     *
     * <p>Files: every file a v1 step names is relative to "the container's cgroup", and its name
     * starts with its subsystem's name and a dot (memory.limit_in_bytes, cpu.shares, cpuset.cpus,
     * blkio.weight, hugetlb.2MB.limit_in_bytes, net_cls.classid, net_prio.ifpriomap, pids.max,
     * rdma.max, devices.allow; {@link BlkioWeight} writes blkio.*, {@link DeviceTransition}
     * devices.*): the manager finds the hierarchy of each with {@link #v1Subsystem}, whichever
     * subsystems share a mount (cpu,cpuacct; net_cls,net_prio). No planned file breaks this. A
     * hierarchy mounted with the "noprefix" option (old cpuset setups) would name its files
     * without the prefix; runc does not handle that, and a manager should refuse such a mount
     * rather than guess.
     *
     * <p>The manager's part, beyond writing the steps in order (and a {@link Write}'s optional
     * and retryAfter as documented there): before the cpuset writes of a new cgroup, give every
     * cgroup on the way down, the container's too, the cpuset.cpus and cpuset.mems of its parent
     * where they are empty, as runc's cpusetEnsureParent and cpusetCopyIfNeeded do (a v1 cpuset
     * cgroup starts empty and takes no task); turn EBUSY from memory.limit_in_bytes into runc's
     * "unable to set memory limit to N (current usage: U, peak usage: P)"; write the plan before
     * the process joins, which runc's cpu Apply needs for the realtime files; skip the devices
     * step in a user namespace as runc does (the kernel refuses it there).
     *
     * @throws CgroupException listing every invalid field
     */
    public static ResourcePlan ofV1(CgroupConfig config, Environment env) {
        PlanBuilder plan = new PlanBuilder(env, PlanBuilder.Version.V1);
        LinuxResources r = config.resources() == null ? NO_RESOURCES : config.resources();
        if (!r.unifiedOrEmpty().isEmpty()) {
            // runc's fs manager refuses it before anything else (ErrV1NoUnified), also on a
            // hybrid host whose unified hierarchy has no controllers to write to.
            plan.error(ControllerPlanner.R + ".unified",
                    "invalid configuration: cannot use unified on cgroup v1 (its keys are cgroup v2 files)");
        }
        List<ControllerPlanner> planners = List.of(new CpusetPlanner(), new DevicesV1Planner(config.devices()),
                new MemoryV1Planner(), new CpuV1Planner(), new PidsPlanner(), new BlkioV1Planner(),
                new HugetlbPlanner(HugetlbPlanner.V1_SUFFIX), new NetworkV1Planner(), new RdmaPlanner());
        for (ControllerPlanner planner : planners) {
            planner.plan(r, plan);
        }
        return plan.build(null);
    }

    /**
     * The cgroup v1 subsystem whose hierarchy holds a file a v1 plan names: the name before its
     * first dot ("hugetlb" for hugetlb.2MB.limit_in_bytes). See {@link #ofV1}.
     */
    public static String v1Subsystem(String file) {
        int dot = file.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException(file + " is not a cgroup v1 subsystem's file");
        }
        return file.substring(0, dot);
    }
}
