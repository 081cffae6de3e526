package io.jrun.core.lifecycle;

import io.jrun.api.Log;
import io.jrun.sys.LibC;
import io.jrun.sys.Madvise;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A foreground `run` or `exec` keeps jrun's JVM alive for as long as the container's program
 * runs, only to wait for it, pass signals on and delete the container at the end. Most of what
 * that JVM has in memory is the pages of files it started from (libjvm.so, the AOT cache, the
 * JDK's modules), touched once at start-up and not again until the program exits. So before it
 * waits, jrun asks the kernel to reclaim them (madvise MADV_PAGEOUT): the kernel drops the
 * clean ones, which are read again from their files if they are touched, and never changes what
 * a page holds. Pages shared with other processes are not reclaimed.
 *
 * Only once the program has run for {@link #SETTLE_MILLIS}: reclaiming takes tens of
 * milliseconds, and the JVM reads back what it needs to finish, which a short program's `run`
 * would pay for in its latency without holding the memory for long anyway.
 */
final class WaitingFootprint {
    private WaitingFootprint() {}

    private static final Log log = Log.of(WaitingFootprint.class);

    static final int SETTLE_MILLIS = 1000;

    /** Waits up to {@link #SETTLE_MILLIS} for our child {@code pid} to exit; if it is still running then, {@link #release}s. */
    static void releaseOnceSettled(HostKernel kernel, int pid) {
        int pidfd = kernel.pidfdOpen(pid);
        if (pidfd < 0) {
            return; // gone already (or a kernel before 5.3: nothing is released)
        }
        try {
            // a pidfd polls readable once its process has exited; 0 is the timeout
            if (kernel.poll(pidfd, LibC.POLLIN, SETTLE_MILLIS) == 0) {
                release();
            }
        } finally {
            kernel.close(pidfd);
        }
    }

    /** Reclaims the pages of every file mapped into this process; failures are only logged (it is an optimisation). */
    static void release() {
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            log.debug("read /proc/self/maps: {}", e.getMessage());
            return;
        }
        int failed = 0;
        for (String line : maps) {
            // start-end perms offset dev inode path: a file's mapping has an inode
            String[] f = line.split("\\s+", 6);
            if (f.length < 6 || f[4].equals("0") || !f[5].startsWith("/")) {
                continue;
            }
            int dash = f[0].indexOf('-');
            long start = Long.parseUnsignedLong(f[0], 0, dash, 16);
            long end = Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16);
            if (Native.libc().syscall(Sys.MADVISE, start, end - start, Madvise.MADV_PAGEOUT, 0, 0) != 0) {
                failed++;
            }
        }
        if (failed > 0) {
            log.debug("madvise(MADV_PAGEOUT) failed for {} mappings: errno {}", failed, Native.errno());
        }
    }
}
