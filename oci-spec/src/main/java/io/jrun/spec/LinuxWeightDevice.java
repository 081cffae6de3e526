package io.jrun.spec;

/**
 * A {@code major:minor weight} entry of {@code blockIO.weightDevice}.
 *
 * @param major      REQUIRED device major
 * @param minor      REQUIRED device minor
 * @param weight     weight (uint16)
 * @param leafWeight leaf weight, CFQ only (uint16)
 */
public record LinuxWeightDevice(long major, long minor, @Uint16 Integer weight, @Uint16 Integer leafWeight) {}
