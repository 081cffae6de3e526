package io.jrun.core.cgroups;

import io.jrun.spec.LinuxResources;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code linux.resources} turned into cgroup v2 file writes, validated as a whole before anything
 * is written. The conversions and the order are runc's fs2 driver's (Set: pids, memory, io, cpu,
 * cpuset, hugetlb, rdma, then unified last so that it can override the rest), each controller's
 * by its {@link ControllerPlanner}; devices become a compiled BPF program.
 *
 * <p>Every problem is collected, then reported together, one line per field, each starting with
 * the field's JSON path. A resource whose controller the hierarchy does not offer is such a
 * problem: the message names the controller, the file that lists the controllers, and (on a
 * hybrid host) the v1 hierarchy that holds it instead.
 *
 * @param steps       the writes, in order
 * @param controllers the controllers the writes need, to be enabled down to the container
 * @param devices     the device program (always present: without device rules runc still
 *                    installs deny-all plus its defaults)
 * @param memoryCheck the limits to check against memory.current first, or null
 *                    (memory.checkBeforeUpdate)
 * @param warnings    fields that cgroup v2 ignores, already logged
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
    public sealed interface Step permits Write, IoWeight {
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

    /**
     * Validates and converts a configuration.
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
}
