package io.jrun.core.lifecycle;

import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.api.Status;
import io.jrun.core.cgroups.ContainerCgroup;
import io.jrun.core.cgroups.CgroupConfig;
import io.jrun.spec.LinuxBlockIo;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxHugepageLimit;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.LinuxThrottleDevice;
import io.jrun.spec.LinuxWeightDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * `update`: new resource limits for a live container. The request is merged over the
 * container's current resources, applied to its cgroup as a whole (so that values that depend
 * on each other, memory and swap, quota and period, are converted together), and, once applied,
 * stored in the container's config so that later commands and updates start from them.
 *
 * <p>As in runc (and because Docker sends every field, unset ones as 0), a number that is 0 or
 * absent, or a string that is empty, leaves the current value as it is. -1 means unlimited where
 * the spec says so (memory, swap, quota, pids). Setting the memory limit to -1 without a swap
 * value makes swap unlimited too (runc's rule). Device rules are not changed by update (runc's
 * neither); a request that has some is told so.
 */
final class Update {
    private static final Log log = Log.of(Update.class);

    private Update() {}

    static void update(Container c, LinuxResources request) {
        Status status = c.status();
        if (status == Status.STOPPED) {
            throw new JrunException("cannot update container " + c.id() + ": it is stopped");
        }
        if (!c.record().hasCgroup()) {
            throw new JrunException("cannot update container " + c.id() + ": it has no cgroup");
        }
        CgroupConfig current = CgroupConfig.of(c.spec().linux());
        LinuxResources merged = merge(current.resources(), request);
        ContainerCgroup cgroup = c.cgroup();
        try {
            cgroup.update(current.withResources(merged));
        } catch (RuntimeException e) {
            // As runc: what was written of the new values is undone by writing the old ones again.
            try {
                cgroup.update(current);
            } catch (RuntimeException again) {
                log.warn("restore the resources of container {} after a failed update: {}", c.id(), again.getMessage());
            }
            throw e;
        }
        StoredConfig.replaceResources(c.handle(), merged);
    }

    /** {@code request} over {@code current}: what is set in the request replaces what was there. */
    static LinuxResources merge(LinuxResources current, LinuxResources request) {
        LinuxResources cur = current != null ? current
                : new LinuxResources(null, null, null, null, null, null, null, null, null);
        if (request == null) {
            return cur;
        }
        if (!request.devicesOrEmpty().isEmpty()) {
            log.warn("linux.resources.devices: update does not change device rules (runc's does not either); "
                    + "the {} given are ignored", request.devicesOrEmpty().size());
        }
        return new LinuxResources(
                cur.devices(),
                memory(cur.memory(), request.memory()),
                cpu(cur.cpu(), request.cpu()),
                pids(cur.pids(), request.pids()),
                blockIo(cur.blockIO(), request.blockIO()),
                byKey(cur.hugepageLimits(), request.hugepageLimits(), LinuxHugepageLimit::pageSize),
                request.network() != null ? request.network() : cur.network(),
                union(cur.rdma(), request.rdma()),
                union(cur.unified(), request.unified()));
    }

    private static LinuxMemory memory(LinuxMemory cur, LinuxMemory req) {
        if (req == null) {
            return cur;
        }
        LinuxMemory c = cur != null ? cur : new LinuxMemory(null, null, null, null, null, null, null, null, null);
        Long swap = set(req.swap()) ? req.swap() : c.swap();
        if (req.limit() != null && req.limit() == -1 && !set(req.swap())) {
            swap = -1L; // unlimited memory without a swap value: unlimited swap (runc)
        }
        return new LinuxMemory(
                set(req.limit()) ? req.limit() : c.limit(),
                set(req.reservation()) ? req.reservation() : c.reservation(),
                swap,
                set(req.kernel()) ? req.kernel() : c.kernel(),
                set(req.kernelTCP()) ? req.kernelTCP() : c.kernelTCP(),
                req.swappiness() != null ? req.swappiness() : c.swappiness(),
                req.disableOOMKiller() != null ? req.disableOOMKiller() : c.disableOOMKiller(),
                req.useHierarchy() != null ? req.useHierarchy() : c.useHierarchy(),
                req.checkBeforeUpdate() != null ? req.checkBeforeUpdate() : c.checkBeforeUpdate());
    }

    private static LinuxCpu cpu(LinuxCpu cur, LinuxCpu req) {
        if (req == null) {
            return cur;
        }
        LinuxCpu c = cur != null ? cur : new LinuxCpu(null, null, null, null, null, null, null, null, null);
        Long shares = set(req.shares()) ? req.shares() : c.shares();
        if (req.idle() != null && req.idle() == 1 && !set(req.shares())) {
            // The kernel refuses cpu.weight for an idle cgroup: the old shares would fail the update.
            shares = null;
        }
        return new LinuxCpu(
                shares,
                // quota and period each keep the old value when not given (runc)
                set(req.quota()) ? req.quota() : c.quota(),
                // 0 is a real burst (none), so a given burst always counts
                req.burst() != null ? req.burst() : c.burst(),
                set(req.period()) ? req.period() : c.period(),
                set(req.realtimeRuntime()) ? req.realtimeRuntime() : c.realtimeRuntime(),
                set(req.realtimePeriod()) ? req.realtimePeriod() : c.realtimePeriod(),
                set(req.cpus()) ? req.cpus() : c.cpus(),
                set(req.mems()) ? req.mems() : c.mems(),
                req.idle() != null ? req.idle() : c.idle());
    }

    private static LinuxPids pids(LinuxPids cur, LinuxPids req) {
        return req != null && set(req.limit()) ? new LinuxPids(req.limit()) : cur;
    }

    private static LinuxBlockIo blockIo(LinuxBlockIo cur, LinuxBlockIo req) {
        if (req == null) {
            return cur;
        }
        LinuxBlockIo c = cur != null ? cur : new LinuxBlockIo(null, null, null, null, null, null, null);
        Function<LinuxThrottleDevice, String> dev = d -> d.major() + ":" + d.minor();
        return new LinuxBlockIo(
                req.weight() != null && req.weight() != 0 ? req.weight() : c.weight(),
                req.leafWeight() != null && req.leafWeight() != 0 ? req.leafWeight() : c.leafWeight(),
                byKey(c.weightDevice(), req.weightDevice(), (LinuxWeightDevice d) -> d.major() + ":" + d.minor()),
                byKey(c.throttleReadBpsDevice(), req.throttleReadBpsDevice(), dev),
                byKey(c.throttleWriteBpsDevice(), req.throttleWriteBpsDevice(), dev),
                byKey(c.throttleReadIOPSDevice(), req.throttleReadIOPSDevice(), dev),
                byKey(c.throttleWriteIOPSDevice(), req.throttleWriteIOPSDevice(), dev));
    }

    /** The current entries, each replaced by the requested one with the same key, then the new ones. */
    private static <T> List<T> byKey(List<T> cur, List<T> req, Function<T, String> key) {
        if (req == null || req.isEmpty()) {
            return cur;
        }
        Map<String, T> out = new LinkedHashMap<>();
        if (cur != null) {
            cur.forEach(e -> out.put(key.apply(e), e));
        }
        req.forEach(e -> out.put(key.apply(e), e));
        return new ArrayList<>(out.values());
    }

    private static <V> Map<String, V> union(Map<String, V> cur, Map<String, V> req) {
        if (req == null || req.isEmpty()) {
            return cur;
        }
        Map<String, V> out = cur == null ? new LinkedHashMap<>() : new LinkedHashMap<>(cur);
        out.putAll(req);
        return out;
    }

    private static boolean set(Long v) {
        return v != null && v != 0;
    }

    private static boolean set(String v) {
        return v != null && !v.isEmpty();
    }
}
