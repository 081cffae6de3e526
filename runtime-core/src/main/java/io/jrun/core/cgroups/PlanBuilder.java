package io.jrun.core.cgroups;

import io.jrun.api.Log;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link ControllerPlanner}s of one {@link ResourcePlan} collect: the steps in order,
 * the controllers they need, and every problem, reported together at the end (one line per
 * field, and one per missing controller naming all the fields that need it).
 */
final class PlanBuilder {
    /** Under ResourcePlan's name: where the warnings have always been logged from. */
    private static final Log LOG = Log.of(ResourcePlan.class);

    /** The hierarchy planned for, which decides how warnings and missing controllers read. */
    enum Version {
        /** cgroup v1: env's controllers are the subsystems mounted on this host. */
        V1("cgroup v1"),
        /** The unified hierarchy: env's controllers are its root's cgroup.controllers. */
        V2("cgroup v2");

        private final String label;

        Version(String label) {
            this.label = label;
        }
    }

    private final ResourcePlan.Environment env;
    private final Version version;
    private final List<ResourcePlan.Step> steps = new ArrayList<>();
    private final Set<String> controllers = new LinkedHashSet<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Fields needing each missing controller, for one error line per controller. */
    private final Map<String, List<String>> missing = new LinkedHashMap<>();
    private ResourcePlan.MemoryCheck memoryCheck;

    PlanBuilder(ResourcePlan.Environment env) {
        this(env, Version.V2);
    }

    PlanBuilder(ResourcePlan.Environment env, Version version) {
        this.env = env;
        this.version = version;
    }

    ResourcePlan.Environment env() {
        return env;
    }

    /** Records that {@code field} needs {@code controller}; false if it is not available. */
    boolean need(String controller, String field) {
        if (!env.controllers().contains(controller)) {
            missing.computeIfAbsent(controller, c -> new ArrayList<>()).add(field);
            return false;
        }
        controllers.add(controller);
        return true;
    }

    /** {@link #need} for each of {@code fields}; false if the controller is not available. */
    boolean needAll(String controller, List<String> fields) {
        boolean have = true;
        for (String f : fields) {
            have &= need(controller, f);
        }
        return have;
    }

    void add(ResourcePlan.Step step) {
        steps.add(step);
    }

    void memoryCheck(ResourcePlan.MemoryCheck check) {
        memoryCheck = check;
    }

    /** A field this hierarchy has no place for, logged and kept in the plan's warnings. */
    void warn(String field, String why) {
        warnings.add(field + ": ignored on " + version.label + ": " + why);
    }

    /** A warning worded whole by the planner. */
    void warning(String text) {
        warnings.add(text);
    }

    void error(String field, String message) {
        errors.add(field + ": " + message);
    }

    /** The errors so far, to add more to (the device rules report theirs there). */
    List<String> errors() {
        return errors;
    }

    /**
     * The plan with {@code devices} (null in a v1 plan, whose device rules are a step), or every
     * problem in one exception.
     *
     * @throws CgroupException one line per invalid field, then one per missing controller
     */
    ResourcePlan build(DeviceFilter.Program devices) {
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
        if (version == Version.V1) {
            List<String> mounted = env.controllers().stream().sorted().toList();
            return "needs the cgroup v1 \"" + controller + "\" controller, which this host has not mounted (it mounts "
                    + (mounted.isEmpty() ? "none" : String.join(" ", mounted)) + ")";
        }
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
}
