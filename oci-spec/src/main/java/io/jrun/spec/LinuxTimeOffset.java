package io.jrun.spec;

/**
 * One clock's offset in a time namespace ({@code linux.timeOffsets}).
 *
 * @param secs     seconds (int64); this and {@code nanosecs} are left out when 0 (Go's omitempty)
 * @param nanosecs additional nanoseconds (uint32)
 */
public record LinuxTimeOffset(
        long secs,
        @Uint32 long nanosecs) {

    /** The clocks a time namespace can offset. */
    public static final String MONOTONIC = "monotonic";
    public static final String BOOTTIME = "boottime";
}
