package io.jrun.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code root}: the container's root filesystem.
 *
 * @param path     REQUIRED; absolute, or relative to the bundle directory
 * @param readonly make the root read-only before the process runs
 */
public record Root(String path, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readonly) {}
