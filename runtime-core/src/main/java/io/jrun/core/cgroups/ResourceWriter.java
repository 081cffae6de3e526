package io.jrun.core.cgroups;

import io.jrun.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link ResourcePlan} into a cgroup v2 directory: its values in order, then its device
 * program (runc's fs2 Set). Every failure names the field it comes from.
 */
final class ResourceWriter implements StepWriter.Target {
    private final CgroupKernel kernel;
    private final Path dir;
    private final StepWriter steps;

    ResourceWriter(CgroupKernel kernel, Path dir) {
        this.kernel = kernel;
        this.dir = dir;
        this.steps = new StepWriter(kernel, this);
    }

    /** Writes the plan's values in order, then installs its device program. */
    void apply(ResourcePlan plan) {
        if (plan.memoryCheck() != null) {
            checkMemoryUsage(plan.memoryCheck());
        }
        steps.write(plan.steps(), step -> {
            if (step instanceof ResourcePlan.IoWeight io) {
                applyIoWeight(io);
            } else {
                // A v1 step (BlkioWeight, DeviceTransition): a v2 plan has none.
                throw new IllegalStateException("not a cgroup v2 step: " + step);
            }
        });
        DeviceFilterInstaller.install(kernel, dir, plan.devices());
    }

    @Override
    public Path file(ResourcePlan.Write write) {
        return dir.resolve(write.file());
    }

    @Override
    public String hint(Path file, String value, int errno) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        if (errno == -Errno.ENOENT && dot > 0 && !name.startsWith("cgroup.")) {
            return " (the kernel has no such file here: is the \"" + name.substring(0, dot)
                    + "\" controller enabled for this cgroup, and does this kernel have " + name + "?)";
        }
        return "";
    }

    private void applyIoWeight(ResourcePlan.IoWeight io) {
        Path bfq = dir.resolve("io.bfq.weight");
        boolean haveBfq = Files.exists(bfq);
        String bfqValue = io.device() == null ? Integer.toString(io.weight()) : io.device() + " " + io.weight();
        if (haveBfq && (io.device() == null || bfqPerDevice(bfq))) {
            int r = kernel.write(bfq, bfqValue);
            if (r < 0) {
                throw steps.error(io.field(), bfq, bfqValue, r);
            }
            return;
        }
        long converted = Conversions.blkioWeightToIoWeight(io.weight());
        String value = io.device() == null ? Long.toString(converted) : io.device() + " " + converted;
        Path weight = dir.resolve("io.weight");
        int r = kernel.write(weight, value);
        if (r < 0) {
            throw steps.error(io.field(), weight, value, r);
        }
    }

    /**
     * runc's bfqDeviceWeightSupported: BFQ takes per-device weights since Linux 5.4, where
     * io.bfq.weight reads "default 100" rather than a bare number.
     */
    private static boolean bfqPerDevice(Path bfq) {
        String s = CgroupFiles.readIfExists(bfq, "check BFQ per-device weights");
        if (s == null) {
            return false;
        }
        try {
            Long.parseLong(s.strip());
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** runc's CheckMemoryUsage: best effort, an unreadable memory.current skips the check. */
    private void checkMemoryUsage(ResourcePlan.MemoryCheck check) {
        String s;
        try {
            s = Files.readString(dir.resolve("memory.current")).strip();
        } catch (IOException e) {
            return;
        }
        long usage;
        try {
            usage = Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return;
        }
        if (check.swap() > 0 && Long.compareUnsigned(check.swap(), usage) <= 0) {
            throw new CgroupException("linux.resources.memory.swap: rejecting memory+swap limit " + check.swap()
                    + " <= usage " + usage + " (" + dir.resolve("memory.current") + "; memory.checkBeforeUpdate is set)");
        }
        if (check.limit() > 0 && Long.compareUnsigned(check.limit(), usage) <= 0) {
            throw new CgroupException("linux.resources.memory.limit: rejecting memory limit " + check.limit()
                    + " <= usage " + usage + " (" + dir.resolve("memory.current") + "; memory.checkBeforeUpdate is set)");
        }
    }
}
