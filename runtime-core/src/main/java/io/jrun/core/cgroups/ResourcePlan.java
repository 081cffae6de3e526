package io.jrun.core.cgroups;

import io.jrun.core.Log;
import io.jrun.spec.JsonPath;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxHugepageLimit;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxNetwork;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxRdma;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxThrottleDevice;
import io.jrun.spec.LinuxWeightDevice;
import io.jrun.spec.Quote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code linux.resources} turned into cgroup v2 file writes, validated as a whole before anything
 * is written. The conversions and the order are runc's fs2 driver's (Set: pids, memory, io, cpu,
 * cpuset, hugetlb, rdma, then unified last so that it can override the rest); devices become a
 * compiled BPF program.
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

    private static final Log LOG = Log.of(ResourcePlan.class);

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

    private static final String R = "linux.resources";

    /**
     * Validates and converts a configuration.
     *
     * @throws CgroupException listing every invalid field
     */
    public static ResourcePlan of(CgroupConfig config, Environment env) {
        return new Builder(env).build(config);
    }

    private static final class Builder {
        final Environment env;
        final List<Step> steps = new ArrayList<>();
        final Set<String> controllers = new LinkedHashSet<>();
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        /** Fields needing each missing controller, for one error line per controller. */
        final Map<String, List<String>> missing = new LinkedHashMap<>();
        MemoryCheck memoryCheck;

        Builder(Environment env) {
            this.env = env;
        }

        ResourcePlan build(CgroupConfig config) {
            LinuxResources r = config.resources();
            if (r != null) {
                pids(r.pids());
                memory(r.memory());
                blockIo(r.blockIO());
                cpu(r.cpu());
                hugetlb(r.hugepageLimitsOrEmpty());
                rdma(r.rdmaOrEmpty());
                network(r.network());
                unified(r.unifiedOrEmpty());
            }
            List<DeviceRules.Sourced> rules = DeviceRules.of(
                    r == null ? List.of() : r.devicesOrEmpty(), config.devices(), errors);
            DeviceFilter.Program devices = errors.isEmpty() ? DeviceFilter.compileSourced(rules, errors) : null;
            missing.forEach((controller, fields) -> errors.add(String.join(", ", fields) + ": "
                    + missingController(controller)));
            if (!errors.isEmpty()) {
                throw new CgroupException(String.join("\n", errors));
            }
            for (String w : warnings) {
                LOG.warn("{}", w);
            }
            return new ResourcePlan(steps, controllers, devices, memoryCheck, warnings);
        }

        private String missingController(String controller) {
            StringBuilder sb = new StringBuilder("needs the cgroup v2 \"").append(controller)
                    .append("\" controller, which is not available: ").append(env.controllersFile());
            if (env.controllers().isEmpty()) {
                sb.append(" is empty");
            } else {
                sb.append(" lists only \"").append(String.join(" ", env.controllers().stream().sorted().toList()))
                        .append('"');
            }
            Path v1 = env.v1Controllers().get(controller);
            if (v1 != null) {
                sb.append(" (this host binds \"").append(controller).append("\" to the cgroup v1 hierarchy at ")
                        .append(v1).append(", which jrun does not use; it needs a cgroup v2 host for this limit)");
            }
            return sb.toString();
        }

        /** Records that {@code field} needs {@code controller}; false if it is not available. */
        private boolean need(String controller, String field) {
            if (!env.controllers().contains(controller)) {
                missing.computeIfAbsent(controller, c -> new ArrayList<>()).add(field);
                return false;
            }
            controllers.add(controller);
            return true;
        }

        private void warn(String field, String why) {
            warnings.add(field + ": ignored on cgroup v2: " + why);
        }

        private void error(String field, String message) {
            errors.add(field + ": " + message);
        }

        private void pids(LinuxPids p) {
            if (p == null || p.limit() == null) {
                return;
            }
            String field = R + ".pids.limit";
            long limit = p.limit();
            // runtime-spec 1.3 (#1279): 0 is a real limit (no new tasks) and a negative value
            // means "max". runc 1.1.x took 0 as "unset" and wrote nothing; runc 1.4 follows the
            // spec as we do.
            String value = limit > 0 ? Long.toString(limit) : limit == 0 ? "0" : "max";
            if (need("pids", field)) {
                steps.add(new Write("pids.max", value, field));
            }
        }

        private void memory(LinuxMemory m) {
            if (m == null) {
                return;
            }
            String base = R + ".memory";
            long limit = nz(m.limit());
            long reservation = nz(m.reservation());
            long swap = nz(m.swap());
            boolean ok = true;
            ok &= memoryValue(base + ".limit", limit);
            ok &= memoryValue(base + ".reservation", reservation);
            ok &= memoryValue(base + ".swap", swap);
            if (m.kernel() != null) {
                // runc: "Kernel memory settings are ignored and will be removed".
                warn(base + ".kernel", "kernel memory is accounted in memory.max and has no separate limit");
            }
            if (m.kernelTCP() != null) {
                warn(base + ".kernelTCP", "kernel TCP memory is accounted in memory.max and has no separate limit");
            }
            if (m.swappiness() != null) {
                warn(base + ".swappiness", "cgroup v2 has no per-cgroup swappiness (runc ignores it too)");
            }
            if (Boolean.TRUE.equals(m.disableOOMKiller())) {
                warn(base + ".disableOOMKiller", "cgroup v2 cannot disable the OOM killer (runc ignores it too)");
            }
            if (Boolean.FALSE.equals(m.useHierarchy())) {
                warn(base + ".useHierarchy", "cgroup v2 accounting is always hierarchical");
            }
            if (limit == 0 && reservation == 0 && swap == 0) {
                return;
            }
            List<String> fields = new ArrayList<>();
            if (limit != 0) {
                fields.add(base + ".limit");
            }
            if (reservation != 0) {
                fields.add(base + ".reservation");
            }
            if (swap != 0) {
                fields.add(base + ".swap");
            }
            boolean have = true;
            for (String f : fields) {
                have &= need("memory", f);
            }
            if (!ok || !have) {
                return;
            }
            long swapV2;
            try {
                swapV2 = Conversions.memorySwapToV2(swap, limit);
            } catch (IllegalArgumentException e) {
                error(base + ".swap", e.getMessage() + " (swap is the memory+swap limit; limit is " + limit + ")");
                return;
            }
            String swapStr = Conversions.numToStr(swapV2);
            if (swapStr.isEmpty() && swapV2 == 0 && swap > 0) {
                swapStr = "0"; // memory+swap == memory: no swap at all
            }
            if (!swapStr.isEmpty()) {
                // Without swap accounting there is no memory.swap.max; "max" and "0" then say
                // nothing the kernel does not do already (runc ignores them there too).
                boolean optional = swapStr.equals("max") || swapStr.equals("0");
                String field = swap != 0 ? base + ".swap" : base + ".limit";
                steps.add(new Write("memory.swap.max", swapStr, field, optional, null));
            }
            if (limit != 0) {
                steps.add(new Write("memory.max", Conversions.numToStr(limit), base + ".limit"));
            }
            if (reservation != 0) {
                steps.add(new Write("memory.low", Conversions.numToStr(reservation), base + ".reservation"));
            }
            if (Boolean.TRUE.equals(m.checkBeforeUpdate()) && (limit > 0 || swap > 0)) {
                memoryCheck = new MemoryCheck(limit, swap);
            }
        }

        private boolean memoryValue(String field, long v) {
            if (v < -1) {
                error(field, "must be -1 (unlimited) or a number of bytes, not " + v);
                return false;
            }
            return true;
        }

        private void cpu(LinuxCpu c) {
            if (c == null) {
                return;
            }
            String base = R + ".cpu";
            if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0) {
                error(base + ".realtimeRuntime", "not supported on cgroup v2: its cpu controller has no realtime "
                        + "bandwidth (cpu.rt_runtime_us is cgroup v1 only); remove the field");
            }
            if (c.realtimePeriod() != null && c.realtimePeriod() != 0) {
                error(base + ".realtimePeriod", "not supported on cgroup v2: its cpu controller has no realtime "
                        + "bandwidth (cpu.rt_period_us is cgroup v1 only); remove the field");
            }
            if (c.idle() != null) {
                if (c.idle() != 0 && c.idle() != 1) {
                    error(base + ".idle", "must be 0 or 1, not " + c.idle());
                } else if (need("cpu", base + ".idle")) {
                    steps.add(new Write("cpu.idle", Long.toString(c.idle()), base + ".idle"));
                }
            }
            if (c.shares() != null && c.shares() != 0) {
                long shares = c.shares();
                // uint64: a negative long is a huge unsigned number.
                long clamped = shares < 0 || shares > Conversions.MAX_CPU_SHARES ? Conversions.MAX_CPU_SHARES
                        : Math.max(shares, Conversions.MIN_CPU_SHARES);
                if (clamped != shares) {
                    warnings.add(base + ".shares: " + Long.toUnsignedString(shares) + " is outside [2, 262144]; "
                            + "using " + clamped + " as the kernel's cpu.shares would");
                }
                if (need("cpu", base + ".shares")) {
                    steps.add(new Write("cpu.weight", Long.toString(Conversions.cpuSharesToWeight(clamped)),
                            base + ".shares"));
                }
            }
            long quota = nz(c.quota());
            long period = nz(c.period());
            boolean writeMax = quota != 0 || period != 0;
            if (c.burst() != null) {
                long burst = c.burst();
                if (burst < 0) {
                    error(base + ".burst", Long.toUnsignedString(burst) + " microseconds is out of range");
                } else if (quota > 0 && burst > quota) {
                    // runtime-spec: burst MUST be no larger than a positive quota.
                    error(base + ".burst", burst + " must not exceed quota " + quota);
                } else if (need("cpu", base + ".burst")) {
                    // Written before cpu.max, as runc does; if the kernel refuses it against the
                    // old quota, again after the new cpu.max.
                    steps.add(new Write("cpu.max.burst", Long.toString(burst), base + ".burst", false,
                            writeMax ? "cpu.max" : null));
                }
            }
            if (writeMax) {
                boolean valid = true;
                if (period != 0 && (period < 1000 || period > 1_000_000)) {
                    error(base + ".period", "must be between 1000 and 1000000 microseconds, not "
                            + Long.toUnsignedString(period));
                    valid = false;
                }
                if (quota > 0 && quota < 1000) {
                    error(base + ".quota", "must be at least 1000 microseconds (or -1 for no limit), not " + quota);
                    valid = false;
                }
                String field = quota != 0 ? base + ".quota" : base + ".period";
                if (valid && need("cpu", field)) {
                    String max = (quota > 0 ? Long.toString(quota) : "max") + " "
                            + Long.toUnsignedString(period == 0 ? 100_000 : period);
                    steps.add(new Write("cpu.max", max, field));
                }
            }
            if (c.cpus() != null && !c.cpus().isEmpty() && need("cpuset", base + ".cpus")) {
                steps.add(new Write("cpuset.cpus", c.cpus(), base + ".cpus"));
            }
            if (c.mems() != null && !c.mems().isEmpty() && need("cpuset", base + ".mems")) {
                steps.add(new Write("cpuset.mems", c.mems(), base + ".mems"));
            }
        }

        private void blockIo(LinuxBlockIo b) {
            if (b == null) {
                return;
            }
            String base = R + ".blockIO";
            if (b.weight() != null && b.weight() != 0 && blkioWeight(base + ".weight", b.weight())
                    && need("io", base + ".weight")) {
                steps.add(new IoWeight(null, b.weight(), base + ".weight"));
            }
            if (b.leafWeight() != null) {
                warn(base + ".leafWeight", "cgroup v2 has no leaf weight (the CFQ scheduler's)");
            }
            List<LinuxWeightDevice> wd = b.weightDevice() == null ? List.of() : b.weightDevice();
            for (int i = 0; i < wd.size(); i++) {
                LinuxWeightDevice d = wd.get(i);
                String f = JsonPath.element(base + ".weightDevice", i);
                if (d.weight() != null && d.weight() != 0 && device(f, d.major(), d.minor())
                        && blkioWeight(f + ".weight", d.weight()) && need("io", f + ".weight")) {
                    steps.add(new IoWeight(d.major() + ":" + d.minor(), d.weight(), f + ".weight"));
                }
                if (d.leafWeight() != null) {
                    warn(f + ".leafWeight", "cgroup v2 has no leaf weight (the CFQ scheduler's)");
                }
            }
            throttle(base + ".throttleReadBpsDevice", b.throttleReadBpsDevice(), "rbps");
            throttle(base + ".throttleWriteBpsDevice", b.throttleWriteBpsDevice(), "wbps");
            throttle(base + ".throttleReadIOPSDevice", b.throttleReadIOPSDevice(), "riops");
            throttle(base + ".throttleWriteIOPSDevice", b.throttleWriteIOPSDevice(), "wiops");
        }

        private boolean blkioWeight(String field, int weight) {
            // runc's conversion is linear from [10, 1000]; below 10 it would underflow.
            if (weight < 10 || weight > 1000) {
                error(field, "must be between 10 and 1000, not " + weight);
                return false;
            }
            return true;
        }

        private boolean device(String field, long major, long minor) {
            if (major < 0 || minor < 0 || major > 0xFFFFFFFFL || minor > 0xFFFFFFFFL) {
                error(field, major + ":" + minor + " is not a device number");
                return false;
            }
            return true;
        }

        private void throttle(String base, List<LinuxThrottleDevice> list, String key) {
            if (list == null) {
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                LinuxThrottleDevice d = list.get(i);
                String f = JsonPath.element(base, i);
                if (device(f, d.major(), d.minor()) && need("io", f + ".rate")) {
                    steps.add(new Write("io.max", d.major() + ":" + d.minor() + " " + key + "="
                            + Long.toUnsignedString(d.rate()), f + ".rate"));
                }
            }
        }

        private void hugetlb(List<LinuxHugepageLimit> limits) {
            for (int i = 0; i < limits.size(); i++) {
                LinuxHugepageLimit h = limits.get(i);
                String f = JsonPath.element(R + ".hugepageLimits", i);
                String size = h.pageSize();
                if (size == null || !env.hugePageSizes().contains(size)) {
                    error(f + ".pageSize", (size == null ? "missing" : Quote.value(size) + " is not a huge page size of "
                            + "this kernel") + " (it has " + (env.hugePageSizes().isEmpty() ? "none"
                            : String.join(", ", env.hugePageSizes())) + ")");
                    continue;
                }
                if (need("hugetlb", f + ".limit")) {
                    String value = Long.toUnsignedString(h.limit());
                    steps.add(new Write("hugetlb." + size + ".max", value, f + ".limit"));
                    // Reservations (5.7+): limit them too, so that mmap fails instead of a later
                    // SIGBUS (runc does the same where the file exists).
                    steps.add(new Write("hugetlb." + size + ".rsvd.max", value, f + ".limit", true, null));
                }
            }
        }

        private void rdma(Map<String, LinuxRdma> rdma) {
            rdma.forEach((device, limits) -> {
                String f = JsonPath.member(R + ".rdma", device);
                if (device.isEmpty() || device.chars().anyMatch(ch -> ch <= ' ')) {
                    error(f, Quote.value(device) + " is not an RDMA device name");
                    return;
                }
                if (limits == null || (limits.hcaHandles() == null && limits.hcaObjects() == null)) {
                    error(f, "give hcaHandles, hcaObjects or both");
                    return;
                }
                if (need("rdma", f)) {
                    StringBuilder v = new StringBuilder(device);
                    if (limits.hcaHandles() != null) {
                        v.append(" hca_handle=").append(limits.hcaHandles());
                    }
                    if (limits.hcaObjects() != null) {
                        v.append(" hca_object=").append(limits.hcaObjects());
                    }
                    steps.add(new Write("rdma.max", v.toString(), f));
                }
            });
        }

        private void network(LinuxNetwork n) {
            if (n == null) {
                return;
            }
            // net_cls and net_prio exist on cgroup v1 only and have no v2 equivalent (traffic is
            // classified by cgroup path with eBPF there). runtime-spec: a v1 setting that cannot
            // be converted MUST be an error. runc's fs2 silently ignores these; jrun follows the
            // spec.
            if (n.classID() != null) {
                error(R + ".network.classID", "net_cls is cgroup v1 only; cgroup v2 has no class id to set");
            }
            if (n.priorities() != null && !n.priorities().isEmpty()) {
                error(R + ".network.priorities", "net_prio is cgroup v1 only; cgroup v2 has no interface priorities");
            }
        }

        private void unified(Map<String, String> unified) {
            unified.forEach((key, value) -> {
                String f = JsonPath.member(R + ".unified", key);
                if (key.isEmpty() || key.contains("/") || key.equals(".") || key.equals("..") || key.indexOf('\0') >= 0) {
                    error(f, "the key must be the name of a file in the cgroup directory (no slashes)");
                    return;
                }
                int dot = key.indexOf('.');
                if (dot <= 0) {
                    error(f, "the key must have the form CONTROLLER.PARAMETER, e.g. \"memory.high\"");
                    return;
                }
                String controller = key.substring(0, dot);
                if (!controller.equals("cgroup") && !need(controller, f)) {
                    return;
                }
                if (value == null) {
                    error(f, "the value must be a string");
                    return;
                }
                // runc's WriteFileByLine: multi-line values (io.max for several devices) are one
                // write per line, as the kernel parses one line per write.
                boolean wrote = false;
                for (String line : value.split("\n")) {
                    if (!line.isEmpty()) {
                        steps.add(new Write(key, line, f));
                        wrote = true;
                    }
                }
                if (!wrote) {
                    steps.add(new Write(key, value, f));
                }
            });
        }

        private static long nz(Long v) {
            return v == null ? 0 : v;
        }
    }
}
