package io.jrun.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition, never for a time: checks often, and gives up past a bound. */
public final class Poll {
    public static final Duration TIMEOUT = Duration.ofSeconds(60L * Exec.SLOWDOWN);
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {}

    /** Returns once {@code condition} holds; fails the test, naming {@code what}, after {@link #TIMEOUT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}; the failure also says {@code detail} (the last value seen). */
    public static void until(String what, BooleanSupplier condition, Supplier<String> detail) {
        if (!settle(condition::getAsBoolean, done -> done, TIMEOUT)) {
            fail("waited " + TIMEOUT + " for " + what + " " + detail.get());
        }
    }

    /** Returns once {@code file} exists. */
    public static void exists(Path file) {
        until(file + " to appear", () -> Files.exists(file));
    }

    /** Probes until {@code done} accepts the value or {@code bound} passes; returns the last value. */
    public static <T> T settle(Supplier<T> probe, Predicate<T> done, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value) || System.nanoTime() > deadline) {
                return value;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling", e);
            }
        }
    }
}
