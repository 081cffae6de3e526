package io.jrun.api;

import java.nio.file.Path;

/**
 * The options of `create` (and of `run`), as runc names them.
 *
 * @param pidFile       where to write the container process's pid, or null
 * @param consoleSocket AF_UNIX socket to send the pty master to, or null
 * @param noPivot       chroot instead of pivot_root (for a rootfs on a ramdisk)
 * @param noNewKeyring  keep the caller's session keyring instead of a new one
 * @param preserveFds   how many fds after stdio (3, 4, ...) the container process gets
 */
public record CreateOptions(Path pidFile, Path consoleSocket, boolean noPivot, boolean noNewKeyring, int preserveFds) {
    public static CreateOptions defaults() {
        return new CreateOptions(null, null, false, false, 0);
    }
}
