package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ResourcePlan} into a cgroup directory: its values in order, then its device
 * program (runc's fs2 Set). Every failure names the field it comes from.
 */
final class ResourceWriter {
    private static final Log LOG = Log.of(ResourceWriter.class);

    private final CgroupKernel kernel;
    private final Path dir;

    ResourceWriter(CgroupKernel kernel, Path dir) {
        this.kernel = kernel;
        this.dir = dir;
    }

    /** Writes the plan's values in order, then installs its device program. */
    void apply(ResourcePlan plan) {
        if (plan.memoryCheck() != null) {
            checkMemoryUsage(plan.memoryCheck());
        }
        List<ResourcePlan.Write> deferred = new ArrayList<>();
        for (ResourcePlan.Step step : plan.steps()) {
            // instanceof, not a pattern switch: that bootstraps a class at run time, which the AOT
            // cache does not keep (see ProgramImage.lower)
            if (step instanceof ResourcePlan.IoWeight io) {
                applyIoWeight(io);
            } else if (step instanceof ResourcePlan.Write w) {
                int r = kernel.write(dir.resolve(w.file()), w.value());
                if (r == -Errno.ENOENT && w.optional()) {
                    LOG.debug("{}: {} does not exist; skipped", w.field(), dir.resolve(w.file()));
                } else if (r == -Errno.EINVAL && w.retryAfter() != null) {
                    deferred.add(w);
                } else if (r < 0) {
                    throw writeError(w.field(), w.file(), w.value(), r);
                } else {
                    for (var it = deferred.iterator(); it.hasNext(); ) {
                        ResourcePlan.Write d = it.next();
                        if (d.retryAfter().equals(w.file())) {
                            int again = kernel.write(dir.resolve(d.file()), d.value());
                            if (again < 0) {
                                throw writeError(d.field(), d.file(), d.value(), again);
                            }
                            it.remove();
                        }
                    }
                }
            } else {
                // A v1 step (BlkioWeight, DeviceTransition): a v2 plan has none.
                throw new IllegalStateException("not a cgroup v2 step: " + step);
            }
        }
        if (!deferred.isEmpty()) {
            ResourcePlan.Write d = deferred.get(0);
            throw writeError(d.field(), d.file(), d.value(), -Errno.EINVAL);
        }
        DeviceFilterInstaller.install(kernel, dir, plan.devices());
    }

    private CgroupException writeError(String field, String file, String value, int errno) {
        String hint = "";
        int dot = file.indexOf('.');
        if (errno == -Errno.ENOENT && dot > 0 && !file.startsWith("cgroup.")) {
            hint = " (the kernel has no such file here: is the \"" + file.substring(0, dot)
                    + "\" controller enabled for this cgroup, and does this kernel have " + file + "?)";
        }
        return new CgroupException(field + ": write \"" + value + "\" to " + dir.resolve(file) + ": "
                + Messages.errno(errno) + hint);
    }

    private void applyIoWeight(ResourcePlan.IoWeight io) {
        Path bfq = dir.resolve("io.bfq.weight");
        boolean haveBfq = Files.exists(bfq);
        String bfqValue = io.device() == null ? Integer.toString(io.weight()) : io.device() + " " + io.weight();
        if (haveBfq && (io.device() == null || bfqPerDevice(bfq))) {
            int r = kernel.write(bfq, bfqValue);
            if (r < 0) {
                throw writeError(io.field(), "io.bfq.weight", bfqValue, r);
            }
            return;
        }
        long converted = Conversions.blkioWeightToIoWeight(io.weight());
        String value = io.device() == null ? Long.toString(converted) : io.device() + " " + converted;
        int r = kernel.write(dir.resolve("io.weight"), value);
        if (r < 0) {
            throw writeError(io.field(), "io.weight", value, r);
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
