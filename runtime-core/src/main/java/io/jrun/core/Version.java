package io.jrun.core;

/** jrun's version, as `jrun --version` and the features document say it. */
public final class Version {
    private Version() {}

    public static final String VERSION = "0.1.0";
}
