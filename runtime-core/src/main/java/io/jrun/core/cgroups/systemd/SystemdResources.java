package io.jrun.core.cgroups.systemd;

import io.jrun.api.Log;
import io.jrun.core.cgroups.CgroupConfig;
import io.jrun.core.cgroups.CgroupException;
import io.jrun.core.cgroups.DeviceRule;
import io.jrun.core.cgroups.DeviceRules;
import io.jrun.core.cgroups.ResourcePlan;
import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code linux.resources} for a container whose cgroup is a systemd unit, as runc's systemd
 * managers set them: the unit's properties first (SetUnitProperties), then every file of the
 * plain plan (runc's Set ends with its fs manager's Set of all the resources).
 *
 * <p>Both, because neither is enough alone. systemd has no property for some resources, and
 * expresses some device rules and old systemd versions some limits not at all; and when systemd
 * applies a unit's settings again (a daemon-reload, a property set on the unit or its slice), it
 * writes every file of a controller it manages from the properties, its defaults where the unit
 * has none, over what the files got. So every resource that has a property gets it, and
 * {@link #filesOnly} says which set fields have none.
 *
 * <p>The manager's part: check the memory limits against the usage ({@link
 * ResourcePlan#memoryCheck}) before it sets the properties, since systemd writes the new limit at
 * once and an OOM kill would stop the unit (later runc's order); freeze a v1 container around
 * SetUnitProperties, as runc's freezeBeforeSet does, since systemd rewrites the devices cgroup
 * from deny-all; then write the file plan.
 *
 * @param properties the unit's resource properties, in order (later ones of the same name win)
 * @param files      the file plan to write after them: {@link ResourcePlan#of} or {@link
 *                   ResourcePlan#ofV1} of the config, with a CPU quota rounded as systemd
 *                   rounds it
 * @param filesOnly  the set fields no property carries
 * @param warnings   what the unit holds otherwise than the files, already logged
 */
public record SystemdResources(List<UnitProperty> properties, ResourcePlan files, List<FilesOnly> filesOnly,
        List<String> warnings) {
    private static final Log LOG = Log.of(SystemdResources.class);

    public SystemdResources {
        properties = List.copyOf(properties);
        filesOnly = List.copyOf(filesOnly);
        warnings = List.copyOf(warnings);
    }

    /**
     * A set field that no unit property carries; only the file plan sets it, and systemd may put
     * its own default in its place when it applies the unit's settings again.
     *
     * @param field the JSON path
     * @param why   e.g. "systemd has no hugetlb properties"
     */
    public record FilesOnly(String field, String why) {
        @Override
        public String toString() {
            return field + ": " + why;
        }
    }

    /**
     * The properties and files of a configuration on cgroup v2 (runc's unifiedManager Set).
     *
     * @throws CgroupException listing every invalid field: the file plan's, then the properties'
     */
    public static SystemdResources of(CgroupConfig config, ResourcePlan.Environment env, SystemdHost host) {
        PropertyBuilder b = properties(config, host, true);
        return build(b, config, true, env);
    }

    /**
     * The properties and files of a configuration on cgroup v1 (runc's legacyManager Set).
     *
     * @throws CgroupException listing every invalid field: the file plan's, then the properties'
     */
    public static SystemdResources ofV1(CgroupConfig config, ResourcePlan.Environment env, SystemdHost host) {
        PropertyBuilder b = properties(config, host, false);
        return build(b, config, false, env);
    }

    private static PropertyBuilder properties(CgroupConfig config, SystemdHost host, boolean unified) {
        PropertyBuilder b = new PropertyBuilder(host);
        LinuxResources r = config.resources();
        // runc's defaults are part of the rules even without linux.resources, as in the file plan;
        // invalid rules are the file plan's to report.
        List<DeviceRule> rules = DeviceRules.effective(DeviceRules.of(r == null ? List.of() : r.devicesOrEmpty(),
                config.devices(), new ArrayList<>()), new ArrayList<>());
        if (rules != null) {
            DeviceProperties.add(rules, b);
        }
        if (r != null && unified) {
            V2Properties.add(r, b);
        } else if (r != null) {
            V1Properties.add(r, b);
        }
        return b;
    }

    private static SystemdResources build(PropertyBuilder b, CgroupConfig config, boolean unified,
            ResourcePlan.Environment env) {
        CgroupConfig rounded = b.roundedQuota == null && b.roundedCpuMax == null ? config
                : config.withResources(rounded(config.resources(), b.roundedQuota, b.roundedCpuMax));
        List<String> errors = new ArrayList<>();
        ResourcePlan files = null;
        try {
            files = unified ? ResourcePlan.of(rounded, env) : ResourcePlan.ofV1(rounded, env);
        } catch (CgroupException e) {
            errors.add(e.getMessage());
        }
        errors.addAll(b.errors);
        if (!errors.isEmpty()) {
            throw new CgroupException(String.join("\n", errors));
        }
        for (String w : b.warnings) {
            LOG.warn("{}", w);
        }
        for (FilesOnly f : b.filesOnly) {
            LOG.debug("not a systemd property, set in the files only: {}", f);
        }
        return new SystemdResources(b.properties, files, b.filesOnly, b.warnings);
    }

    /** The resources with the quota (or unified cpu.max) that systemd will hold. */
    private static LinuxResources rounded(LinuxResources r, Long quota, String cpuMax) {
        LinuxCpu c = r.cpu();
        LinuxCpu cpu = quota == null ? c : new LinuxCpu(c.shares(), quota, c.burst(), c.period(), c.realtimeRuntime(),
                c.realtimePeriod(), c.cpus(), c.mems(), c.idle());
        Map<String, String> unified = r.unified();
        if (cpuMax != null) {
            unified = new LinkedHashMap<>(r.unified());
            unified.put("cpu.max", cpuMax);
        }
        return new LinuxResources(r.devices(), r.memory(), cpu, r.pids(), r.blockIO(), r.hugepageLimits(), r.network(),
                r.rdma(), unified);
    }
}
