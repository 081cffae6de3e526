package io.jrun.api;

import io.jrun.spec.LinuxCpu;
import io.jrun.spec.LinuxMemory;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.LinuxPids;
import io.jrun.spec.LinuxResources;
import io.jrun.spec.Mount;
import io.jrun.spec.Quote;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What `run`'s image form and the Java API ({@link ContainerSpec}) both do to a base config, the
 * way docker does it: one place for the settings a user gives in docker's terms (a memory size
 * such as "64m", a number of CPUs, a bind mount, a network of none or the host's).
 */
public final class ConfigEdits {
    private ConfigEdits() {}

    /** cpu.max's period for a number of CPUs, in microseconds, as docker's --cpus uses. */
    public static final long CPU_PERIOD = 100_000;
    /** The most a hostname may be (HOST_NAME_MAX). */
    public static final int HOST_NAME_MAX = 64;

    /** A container's hostname when none is given: its id, cut to {@link #HOST_NAME_MAX}. */
    public static String defaultHostname(String id) {
        return id.length() > HOST_NAME_MAX ? id.substring(0, HOST_NAME_MAX) : id;
    }

    /**
     * The base's namespaces with a cgroup namespace (its cgroup is the root of its
     * /sys/fs/cgroup, as docker does on cgroup v2), and without the network namespace for the
     * host's network.
     */
    public static List<LinuxNamespace> namespaces(List<LinuxNamespace> base, boolean hostNetwork) {
        List<LinuxNamespace> namespaces = new ArrayList<>(base);
        if (namespaces.stream().noneMatch(ns -> ns.type().equals(LinuxNamespace.CGROUP))) {
            namespaces.add(new LinuxNamespace(LinuxNamespace.CGROUP, null));
        }
        if (hostNetwork) {
            namespaces.removeIf(ns -> ns.type().equals(LinuxNamespace.NETWORK));
        }
        return namespaces;
    }

    /** A recursive, private bind mount of a host path (docker's -v). */
    public static Mount bind(String source, String destination, boolean readOnly) {
        return new Mount(destination, "bind", source, List.of("rbind", "rprivate", readOnly ? "ro" : "rw"), null, null);
    }

    /** The base's resources with the limits given (null: the base's). */
    public static LinuxResources limits(LinuxResources base, Long memoryBytes, Long cpuQuota, Long pids) {
        LinuxResources r = base != null ? base : new LinuxResources(null, null, null, null, null, null, null, null, null);
        return new LinuxResources(r.devices(),
                memoryBytes == null ? r.memory() : new LinuxMemory(memoryBytes, null, null, null, null, null, null, null, null),
                cpuQuota == null ? r.cpu() : new LinuxCpu(null, cpuQuota, null, CPU_PERIOD, null, null, null, null, null),
                pids == null ? r.pids() : new LinuxPids(pids),
                r.blockIO(), r.hugepageLimits(), r.network(), r.rdma(), r.unified());
    }

    /** "KEY=VALUE" entries into {@code env}, a later one replacing an earlier one of the same key. */
    public static void putEnv(Map<String, String> env, List<String> entries) {
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    /**
     * A size such as "64m", "1.5g" or "1048576", in bytes (units are powers of 1024, as docker's).
     *
     * @param what what names the value in an error ("--memory")
     */
    public static long bytes(String what, String value) {
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new JrunException(what + " " + Quote.bare(value) + ": expected a number of bytes with an optional unit "
                    + "(b, k, m, g, t), such as 64m");
        }
        int power = "bkmgt".indexOf(m.group(2).isEmpty() ? "b" : m.group(2));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new JrunException(what + " " + Quote.bare(value) + ": must be more than 0 and less than 8 EiB");
        }
        return bytes.longValue();
    }

    /**
     * A number of CPUs such as "1.5", as a CFS quota over {@link #CPU_PERIOD}.
     *
     * @param what what names the value in an error ("--cpus")
     */
    public static long cpuQuota(String what, String value) {
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new JrunException(what + " " + Quote.bare(value) + ": expected a decimal number of CPUs, such as 1.5");
        }
        long quota = cpus.multiply(BigDecimal.valueOf(CPU_PERIOD)).longValue();
        if (quota < 1000) {
            throw new JrunException(what + " " + Quote.bare(value) + ": must be at least 0.01");
        }
        return quota;
    }
}
