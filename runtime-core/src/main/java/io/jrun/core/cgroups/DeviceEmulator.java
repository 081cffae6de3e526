package io.jrun.core.cgroups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cgroup v1 devices controller, emulated: applying rules one by one as v1 would gives the
 * state they describe, and {@link #rules()} the minimal rule list that builds that state from
 * deny-all. A port of runc's devices emulator (opencontainers/cgroups devices_emulator.go): the
 * cgroup v2 program is generated from its output so that a config means on v2 exactly what it
 * meant on v1, including v1's refusal to "punch a hole" into a wildcard rule. On v1 itself,
 * {@link #fromList} reads a cgroup's state and {@link #transition} gives the writes that change
 * it into another.
 */
final class DeviceEmulator {
    /**
     * The match part of a rule: no wildcard type, numbers may be wildcards. equals and hashCode
     * written out: a record's own are bootstrapped at run time (ObjectMethods), which the AOT
     * cache does not keep, and every create with cgroups hashes these.
     */
    record Meta(char type, long major, long minor) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Meta m && m.type == type && m.major == major && m.minor == minor;
        }

        @Override
        public int hashCode() {
            return (Character.hashCode(type) * 31 + Long.hashCode(major)) * 31 + Long.hashCode(minor);
        }
    }

    /**
     * Sorted by (major, minor, type), wildcards (-1) first, as runc's orderedEntries. (Not
     * Comparator.comparing: its serializable lambdas are made at run time, outside the AOT cache.)
     */
    private static final Comparator<Meta> ORDER = (a, b) -> {
        int c = Long.compare(a.major(), b.major());
        if (c == 0) {
            c = Long.compare(a.minor(), b.minor());
        }
        return c != 0 ? c : Character.compare(a.type(), b.type());
    };

    private boolean defaultAllow;
    private final Map<Meta, Integer> rules = new HashMap<>();

    /**
     * The state {@code rules} give, applied in order onto deny-all; null, after adding the error
     * of the first rule cgroup v1 would not honour (named by its source) to {@code errors}.
     */
    static DeviceEmulator ofSourced(List<DeviceRules.Sourced> rules, List<String> errors) {
        DeviceEmulator emulator = new DeviceEmulator();
        for (DeviceRules.Sourced s : rules) {
            try {
                emulator.apply(s.rule());
            } catch (IllegalArgumentException e) {
                errors.add(s.source() + ": " + e.getMessage());
                return null;
            }
        }
        return emulator;
    }

    /**
     * The state a cgroup v1 devices.list shows (runc's EmulatorFromList). The file lists what is
     * allowed, so each line is applied as an allow onto deny-all; "a *:* rwm" says allow-all, and
     * then the file cannot show what is denied (which {@link #transition} allows for).
     *
     * @throws IllegalArgumentException for a line that is not "TYPE MAJ:MIN ACCESS"
     */
    static DeviceEmulator fromList(String list) {
        DeviceEmulator emulator = new DeviceEmulator();
        for (String line : list.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("[ :]+");
            Integer access = f.length == 4 ? DeviceRule.parseAccess(f[3]) : null;
            if (access == null || access == 0 || !(f[0].equals("a") || f[0].equals("b") || f[0].equals("c"))) {
                throw new IllegalArgumentException("malformed devices.list line \"" + line + "\"");
            }
            emulator.apply(new DeviceRule(f[0].charAt(0), listNumber(f[1], line), listNumber(f[2], line), access, true));
        }
        return emulator;
    }

    private static long listNumber(String s, String line) {
        if (s.equals("*")) {
            return DeviceRule.WILDCARD;
        }
        try {
            long n = Long.parseLong(s);
            if (n >= 0 && n <= 0xFFFFFFFFL) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("malformed devices.list line \"" + line + "\": bad device number " + s);
    }

    /**
     * The cgroup v1 writes (an allow rule to devices.allow, a deny to devices.deny) that change
     * this state into {@code target}, as runc's Transition: a switch of mode starts with an "a"
     * rule, which clears everything; so does an allow-all source, whose devices.list cannot show
     * its deny rules. Otherwise only the differences are written, access dropped first, then
     * access gained, so that a running container never passes through deny-all.
     */
    List<DeviceRule> transition(DeviceEmulator target) {
        List<DeviceRule> out = new ArrayList<>();
        Map<Meta, Integer> old = rules;
        if (defaultAllow || defaultAllow != target.defaultAllow) {
            out.add(new DeviceRule('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, DeviceRule.RWM, target.defaultAllow));
            old = Map.of();
        }
        for (Meta m : sorted(old.keySet())) {
            int dropped = old.get(m) & ~target.rules.getOrDefault(m, 0);
            if (dropped != 0) {
                out.add(new DeviceRule(m.type(), m.major(), m.minor(), dropped, target.defaultAllow));
            }
        }
        for (Meta m : sorted(target.rules.keySet())) {
            int gained = target.rules.get(m) & ~old.getOrDefault(m, 0);
            if (gained != 0) {
                out.add(new DeviceRule(m.type(), m.major(), m.minor(), gained, !target.defaultAllow));
            }
        }
        return out;
    }

    private static List<Meta> sorted(Set<Meta> metas) {
        List<Meta> out = new ArrayList<>(metas);
        out.sort(ORDER);
        return out;
    }

    /** The same mode and the same exceptions. */
    boolean sameState(DeviceEmulator other) {
        return defaultAllow == other.defaultAllow && rules.equals(other.rules);
    }

    /** True in "black-list" mode: everything allowed but the rules. */
    boolean defaultAllow() {
        return defaultAllow;
    }

    /**
     * Applies one rule as v1's devices.allow / devices.deny would.
     *
     * @throws IllegalArgumentException if v1 would silently ignore the rule (a hole in a wildcard)
     */
    void apply(DeviceRule rule) {
        if (rule.type() == 'a') {
            // "a" resets the cgroup to allow-all or deny-all, whatever the numbers and access.
            defaultAllow = rule.allow();
            rules.clear();
            return;
        }
        Meta meta = new Meta(rule.type(), rule.major(), rule.minor());
        boolean addException = rule.allow() != defaultAllow;
        if (addException) {
            rules.merge(meta, rule.access(), (a, b) -> a | b);
        } else {
            removeException(meta, rule.access());
        }
    }

    private void removeException(Meta meta, int access) {
        // v1 silently ignores a request to remove part of a wildcard exception; runc refuses it so
        // that nobody believes in a restriction that is not there.
        Meta[] partials = {
            new Meta(meta.type(), DeviceRule.WILDCARD, meta.minor()),
            new Meta(meta.type(), meta.major(), DeviceRule.WILDCARD),
            new Meta(meta.type(), DeviceRule.WILDCARD, DeviceRule.WILDCARD),
        };
        for (Meta partial : partials) {
            if (partial.equals(meta)) {
                continue;
            }
            int partialAccess = rules.getOrDefault(partial, 0);
            if ((partialAccess & access) != 0) {
                throw new IllegalArgumentException("the rule " + describe(meta, access)
                        + " cannot be honoured: it would punch a hole in the existing wildcard rule "
                        + describe(partial, partialAccess) + " (cgroup v1 would silently ignore it)");
            }
        }
        int remaining = rules.getOrDefault(meta, 0) & ~access;
        if (remaining == 0) {
            rules.remove(meta);
        } else {
            rules.put(meta, remaining);
        }
    }

    private static String describe(Meta m, int access) {
        return "\"" + m.type() + " " + DeviceRule.number(m.major()) + ":" + DeviceRule.number(m.minor()) + " "
                + DeviceRule.accessString(access) + "\"";
    }

    /**
     * The minimal rules that turn a deny-all cgroup into this state (runc's Rules(), a Transition
     * from an empty white-list): an "a" allow first if the state is allow-all-but, then one
     * exception per device, sorted.
     */
    List<DeviceRule> rules() {
        List<DeviceRule> out = new ArrayList<>();
        if (defaultAllow) {
            out.add(new DeviceRule('a', DeviceRule.WILDCARD, DeviceRule.WILDCARD, DeviceRule.RWM, true));
        }
        for (Meta m : sorted(rules.keySet())) {
            out.add(new DeviceRule(m.type(), m.major(), m.minor(), rules.get(m), !defaultAllow));
        }
        return out;
    }
}
