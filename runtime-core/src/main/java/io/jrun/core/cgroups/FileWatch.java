package io.jrun.core.cgroups;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition on files of one cgroup directory (cgroup.events, memory.events) without
 * sleeping blindly: the kernel signals a modification of those files through inotify, which the
 * JDK's WatchService uses on Linux. Each wake-up re-checks the condition; a re-check also happens
 * at least every {@link #RECHECK} in case an event was coalesced away.
 */
final class FileWatch implements AutoCloseable {
    static final Duration RECHECK = Duration.ofMillis(100);

    private final Path dir;
    private final WatchService service;

    private FileWatch(Path dir, WatchService service) {
        this.dir = dir;
        this.service = service;
    }

    /** Starts watching {@code dir}; do it before the first check so that no change is missed. */
    static FileWatch on(Path dir) {
        WatchService service = null;
        try {
            service = dir.getFileSystem().newWatchService();
            dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY);
            return new FileWatch(dir, service);
        } catch (IOException e) {
            closeQuietly(service);
            throw new CgroupException("watch " + dir + " for changes: " + Messages.of(e), e);
        }
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @return true if it held within {@code timeout}
     */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitForChange(Math.min(left, RECHECK.toNanos()));
        }
    }

    /** Blocks until something in the directory changes or {@code nanos} pass. */
    void waitForChange(long nanos) {
        try {
            WatchKey key = service.poll(nanos, TimeUnit.NANOSECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for a change in " + dir, e);
        } catch (ClosedWatchServiceException e) {
            throw new CgroupException("watch of " + dir + " closed", e);
        }
    }

    @Override
    public void close() {
        closeQuietly(service);
    }

    private static void closeQuietly(WatchService service) {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
