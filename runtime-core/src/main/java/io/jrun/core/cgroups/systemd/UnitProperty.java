package io.jrun.core.cgroups.systemd;

/**
 * One property of a systemd unit as StartTransientUnit and SetUnitProperties take it: a name
 * and a variant, the "(sv)" of their "a(sv)" argument.
 *
 * @param name  the property's D-Bus name, e.g. "MemoryMax", "CPUQuotaPerSecUSec"
 * @param value its value
 */
public record UnitProperty(String name, DbusValue value) {
    /** "MemoryMax=1048576", as systemctl show prints it, for logs and errors. */
    @Override
    public String toString() {
        return name + "=" + value.text();
    }
}
