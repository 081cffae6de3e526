package io.jrun.spec;

/**
 * One entry of {@code linux.resources.hugepageLimits}.
 *
 * @param pageSize REQUIRED, {@code <size><unit>B} such as {@code 2MB}
 * @param limit    REQUIRED byte limit (uint64)
 */
public record LinuxHugepageLimit(String pageSize, @Uint64 long limit) {}
