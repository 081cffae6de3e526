package io.jrun.spec;

/**
 * {@code root}: the container's root filesystem.
 *
 * @param path     REQUIRED; absolute, or relative to the bundle directory
 * @param readonly make the root read-only before the process runs; left out when false
 */
public record Root(String path, boolean readonly) {}
