package io.jrun.spec;

/** A console size in characters ({@code process.consoleSize}); both REQUIRED. */
public record Box(@Uint64 long height, @Uint64 long width) {}
