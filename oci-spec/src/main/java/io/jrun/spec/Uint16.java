package io.jrun.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code Integer} record component that the spec types as {@code uint16} (block I/O
 * weights); reading rejects anything outside 0..65535 with an error naming the field.
 *
 * <p>Documentation, as {@link Uint32} is: the codec never reads it.
 */
@Documented
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.RUNTIME)
public @interface Uint16 {}
