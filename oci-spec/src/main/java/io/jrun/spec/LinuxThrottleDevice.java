package io.jrun.spec;

/**
 * A {@code major:minor rate} entry of the {@code blockIO.throttle*Device} lists.
 *
 * @param major REQUIRED device major
 * @param minor REQUIRED device minor
 * @param rate  REQUIRED rate per second (uint64)
 */
public record LinuxThrottleDevice(long major, long minor, @Uint64 long rate) {}
