package io.jrun.core.cgroups.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * What the property generators of one {@link SystemdResources} collect: the properties in order,
 * the fields that only the cgroup files will hold, warnings and errors, and the cpu quotas that
 * systemd rounds, so that the files get the same.
 */
final class PropertyBuilder {
    final SystemdHost host;
    final List<UnitProperty> properties = new ArrayList<>();
    final List<SystemdResources.FilesOnly> filesOnly = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    /** linux.resources.cpu.quota as systemd will hold it, or null if unchanged. */
    Long roundedQuota;
    /** unified["cpu.max"] as systemd will hold it, or null if unchanged. */
    String roundedCpuMax;

    PropertyBuilder(SystemdHost host) {
        this.host = host;
    }

    void add(String name, DbusValue value) {
        properties.add(new UnitProperty(name, value));
    }

    /** A set field that no property carries: only the file plan sets it. */
    void filesOnly(String field, String why) {
        filesOnly.add(new SystemdResources.FilesOnly(field, why));
    }

    /** A field that a property carries only in part or not at all, where that changes what the container gets. */
    void warn(String field, String text) {
        warnings.add(field + ": " + text);
    }

    void error(String field, String message) {
        errors.add(field + ": " + message);
    }

    /** "needs systemd 244, this is 239" (or "... the version is not known"). */
    String needs(int version) {
        return "needs systemd " + version + ", and this is "
                + (host.version() == SystemdVersion.UNKNOWN ? "of a version not known" : "systemd " + host.version());
    }
}
