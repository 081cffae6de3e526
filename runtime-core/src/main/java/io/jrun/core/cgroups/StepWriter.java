package io.jrun.core.cgroups;

import io.jrun.api.Log;
import io.jrun.sys.Errno;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes the {@link ResourcePlan.Write} steps of a plan, in order, with their rules: an optional
 * file may be missing, and a write the kernel refuses with EINVAL until another file is written
 * is tried again right after it. Shared by cgroup v2 ({@link ResourceWriter}: one directory) and
 * v1 ({@link V1ResourceWriter}: a directory per subsystem); a {@link Target} says where each
 * file is. Every failure names the field, the value and the file.
 */
final class StepWriter {
    private static final Log LOG = Log.of(StepWriter.class);

    /** Where the files of one cgroup are. */
    interface Target {
        /** The file a step writes; throws naming the step's field if there is none. */
        Path file(ResourcePlan.Write write);

        /** Words that explain the failed write of {@code value} to {@code file}, with a leading space, or "". */
        String hint(Path file, String value, int errno);
    }

    private final CgroupKernel kernel;
    private final Target target;

    StepWriter(CgroupKernel kernel, Target target) {
        this.kernel = kernel;
        this.target = target;
    }

    /** Writes the Write steps in order; any other step goes to {@code other}, in its place. */
    void write(List<ResourcePlan.Step> steps, Consumer<ResourcePlan.Step> other) {
        List<ResourcePlan.Write> deferred = new ArrayList<>();
        for (ResourcePlan.Step step : steps) {
            // instanceof, not a pattern switch: that bootstraps a class at run time, which the AOT
            // cache does not keep (see ProgramImage.lower)
            if (!(step instanceof ResourcePlan.Write w)) {
                other.accept(step);
                continue;
            }
            Path file = target.file(w);
            int r = kernel.write(file, w.value());
            if (r == -Errno.ENOENT && w.optional()) {
                LOG.debug("{}: {} does not exist; skipped", w.field(), file);
            } else if (r == -Errno.EINVAL && w.retryAfter() != null) {
                deferred.add(w);
            } else if (r < 0) {
                throw error(w.field(), file, w.value(), r);
            } else {
                for (var it = deferred.iterator(); it.hasNext(); ) {
                    ResourcePlan.Write d = it.next();
                    if (d.retryAfter().equals(w.file())) {
                        Path again = target.file(d);
                        int r2 = kernel.write(again, d.value());
                        if (r2 < 0) {
                            throw error(d.field(), again, d.value(), r2);
                        }
                        it.remove();
                    }
                }
            }
        }
        if (!deferred.isEmpty()) {
            ResourcePlan.Write d = deferred.get(0);
            throw error(d.field(), target.file(d), d.value(), -Errno.EINVAL);
        }
    }

    /** "FIELD: write "VALUE" to FILE: ERRNO" and the target's hint. */
    CgroupException error(String field, Path file, String value, int errno) {
        return new CgroupException(field + ": write \"" + value + "\" to " + file + ": " + Messages.errno(errno)
                + target.hint(file, value, errno));
    }
}
