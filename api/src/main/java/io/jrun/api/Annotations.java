package io.jrun.api;

/**
 * The config annotations of jrun's own (the "io.jrun." prefix): what `jrun run IMAGE` writes into
 * the config it makes and the runtime acts on. A bundle without them runs as under runc.
 */
public final class Annotations {
    private Annotations() {}

    /** "up": the container's init brings up the loopback interface of its new network namespace (--network none). */
    public static final String LOOPBACK = "io.jrun.network.loopback";

    /**
     * The directory jrun made for the container in the image storage (its bundle, the overlay's
     * mount point, upper and work directories), which goes with the container: the runtime's
     * delete releases it ({@link ContainerDirRelease}). runtime-cli/src/main/c/fast.c spells it
     * out too: its delete leaves such a container to the JVM.
     */
    public static final String CONTAINER_DIR = "io.jrun.image.container-dir";
}
