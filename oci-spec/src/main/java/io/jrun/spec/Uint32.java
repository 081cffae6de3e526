package io.jrun.spec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code long}/{@code Long} record component that the spec types as {@code uint32}
 * (uids, gids, id mappings, errno values...). It is held in a {@code long} so that values above
 * 2^31 need no unsigned arithmetic; reading rejects anything outside 0..4294967295 with an error
 * naming the field.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonDeserialize(using = UnsignedCodec.Uint32Deserializer.class)
public @interface Uint32 {}
