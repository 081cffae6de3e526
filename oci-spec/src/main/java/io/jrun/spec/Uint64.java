package io.jrun.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code long}/{@code Long} record component that the spec types as {@code uint64}.
 *
 * <p>Java has no unsigned 64-bit type, so the value is kept as the two's-complement bit pattern:
 * {@code 18446744073709551615} (RLIM_INFINITY, common in real configs) is read as {@code -1L}
 * and written back as {@code 18446744073709551615}. Compare such values with
 * {@link Long#compareUnsigned} and print them with {@link Long#toUnsignedString}. A negative
 * number in the JSON is a parse error naming the field.
 *
 * <p>Documentation, as {@link Uint32} is: the codec never reads it.
 */
@Documented
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.RUNTIME)
public @interface Uint64 {}
