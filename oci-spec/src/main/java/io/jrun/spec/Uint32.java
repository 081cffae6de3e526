package io.jrun.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code long}/{@code Long} record component that the spec types as {@code uint32}
 * (uids, gids, id mappings, errno values...). It is held in a {@code long} so that values above
 * 2^31 need no unsigned arithmetic; reading rejects anything outside 0..4294967295 with an error
 * naming the field.
 *
 * <p>Documentation for readers of the model: the codec ({@link LinuxCodec} and its siblings) is
 * written to match, and never reads annotations. They are kept at run time for the tests, which
 * check the codec against them.
 */
@Documented
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.RUNTIME)
public @interface Uint32 {}
