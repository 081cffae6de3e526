package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ResourcePlan#ofV1 v1 plan} into a container's cgroup v1 directories (runc's fs
 * Set): each file goes to the directory of the subsystem its name starts with
 * ({@link ResourcePlan#v1Subsystem}): memory.limit_in_bytes to the memory hierarchy's, cpu.shares
 * to the cpu one's. The planner refuses a resource whose hierarchy is not mounted, so a file
 * without a directory is a bug, reported as such. The writes keep {@link StepWriter}'s rules;
 * a blkio weight goes to CFQ's or BFQ's file, whichever the cgroup has, and the device rules are
 * worked out from the cgroup's devices.list and checked against it after.
 */
final class V1ResourceWriter implements StepWriter.Target {
    private static final Log LOG = Log.of(V1ResourceWriter.class);

    private final Map<String, Path> subsystems;
    private final boolean skipDevices;
    private final StepWriter steps;

    /**
     * @param subsystems  subsystem → the container's directory in its hierarchy
     * @param skipDevices leave the device rules alone: runc does so in a user namespace, where
     *                    the kernel refuses every write to devices.allow and devices.deny
     */
    V1ResourceWriter(CgroupKernel kernel, Map<String, Path> subsystems, boolean skipDevices) {
        this.subsystems = subsystems;
        this.skipDevices = skipDevices;
        this.steps = new StepWriter(kernel, this);
    }

    /** Writes the plan's steps in order (its memoryCheck is always null on v1: the kernel checks). */
    void apply(ResourcePlan plan) {
        steps.write(plan.steps(), this::special);
    }

    private void special(ResourcePlan.Step step) {
        if (step instanceof ResourcePlan.BlkioWeight w) {
            // runc's detectWeightFilenames: CFQ's blkio.weight where the cgroup has it, else BFQ's
            Path blkio = dir("blkio", w.field(), "blkio.weight");
            String file = w.file(Files.exists(blkio.resolve("blkio.weight")));
            steps.write(List.of(new ResourcePlan.Write(file, w.value(), w.field())), this::notV1);
        } else if (step instanceof ResourcePlan.DeviceTransition t) {
            devices(t);
        } else {
            notV1(step);
        }
    }

    /** runc's devices Set: the writes from the state in place to the target, then a check of the result. */
    private void devices(ResourcePlan.DeviceTransition t) {
        if (skipDevices) {
            LOG.debug("{}: not written in a user namespace, as runc does", t.field());
            return;
        }
        Path list = dir("devices", t.field(), "devices.list").resolve("devices.list");
        String doing = t.field() + ": read the device rules in place";
        steps.write(List.copyOf(t.writes(CgroupFiles.read(list, doing))), this::notV1);
        t.check(CgroupFiles.read(list, doing));
    }

    private void notV1(ResourcePlan.Step step) {
        throw new CgroupException(step.field() + ": cannot apply " + step + " to cgroup v1: it is a cgroup v2 step"
                + " (a bug: the v1 planner should not have made it)");
    }

    @Override
    public Path file(ResourcePlan.Write write) {
        return dir(ResourcePlan.v1Subsystem(write.file()), write.field(), write.file()).resolve(write.file());
    }

    /** The container's directory in the hierarchy of {@code subsystem}, which {@code file} of {@code field} needs. */
    private Path dir(String subsystem, String field, String file) {
        Path dir = subsystems.get(subsystem);
        if (dir == null) {
            // runc's words when Set finds no path for a subsystem
            throw new CgroupException(field + ": cannot set " + subsystem + " limit: container could not join or create"
                    + " cgroup (no \"" + subsystem + "\" hierarchy is mounted on this host, so " + file + " has nowhere"
                    + " to go; a bug: the v1 planner should have refused this field)");
        }
        return dir;
    }

    @Override
    public String hint(Path file, String value, int errno) {
        String name = file.getFileName().toString();
        if (errno == -Errno.EBUSY && name.equals("memory.limit_in_bytes")) {
            // runc's setMemory: EBUSY means the kernel cannot bring the usage below the new limit
            Path dir = file.getParent();
            String doing = "explain a refused memory limit";
            return ": unable to set memory limit to " + value + " (current usage: "
                    + Long.toUnsignedString(CgroupFiles.uintOrZero(dir.resolve("memory.usage_in_bytes"), doing))
                    + ", peak usage: "
                    + Long.toUnsignedString(CgroupFiles.uintOrZero(dir.resolve("memory.max_usage_in_bytes"), doing))
                    + ")";
        }
        if (errno == -Errno.ENOENT) {
            return " (this kernel has no " + name + " in the \"" + ResourcePlan.v1Subsystem(name) + "\" hierarchy)";
        }
        return "";
    }
}
