package io.jrun.spec;

/**
 * One device cgroup rule ({@code linux.resources.devices}).
 *
 * @param allow  REQUIRED, allow or deny
 * @param type   {@code a} (all, the default), {@code c} or {@code b}
 * @param major  absent means all
 * @param minor  absent means all
 * @param access some of {@code r}, {@code w}, {@code m}
 */
public record LinuxDeviceCgroup(boolean allow, String type, Long major, Long minor, String access) {}
