package io.jrun.spec;

/**
 * A condition on one syscall argument. {@code value} and {@code valueTwo} are uint64 bit patterns
 * ({@link Uint64}).
 *
 * @param index    REQUIRED argument index, 0..5
 * @param value    REQUIRED operand
 * @param valueTwo second operand ({@code SCMP_CMP_MASKED_EQ} uses it); 0 when absent, left out when 0
 * @param op       REQUIRED, e.g. {@code SCMP_CMP_EQ}
 */
public record LinuxSeccompArg(
        @Uint32 long index,
        @Uint64 long value,
        @Uint64 long valueTwo,
        String op) {}
