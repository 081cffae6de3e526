package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One clock's offset in a time namespace ({@code linux.timeOffsets}).
 *
 * @param secs     seconds (int64)
 * @param nanosecs additional nanoseconds (uint32)
 */
public record LinuxTimeOffset(
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long secs,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @Uint32 long nanosecs) {

    /** The clocks a time namespace can offset. */
    public static final String MONOTONIC = "monotonic";
    public static final String BOOTTIME = "boottime";
}
