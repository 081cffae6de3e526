package io.jrun.api;

import java.nio.file.Path;

/**
 * Releases the directory named by a deleted container's {@link Annotations#CONTAINER_DIR}: the
 * image store's (jrun-image's io.jrun.image.ContainerDir), whose overlay is unmounted and which
 * is removed. The runtime's delete finds the implementations on the class path with
 * {@link java.util.ServiceLoader} (META-INF/services), so that the runtime needs none of the
 * modules of its clients; where none is there, the directory stays for the image store's garbage
 * collection, which removes the directories of containers that are gone.
 */
public interface ContainerDirRelease {
    /**
     * After container {@code id} is deleted, {@code dir} being what its annotation names. Never
     * fails the delete: what cannot be released is reported and left.
     */
    void release(Path dir, String id);
}
