package io.jrun.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command with its output in files, never in pipes: a container started by
 * `create` or `run --detach` keeps the runtime's stdout and stderr open long after the runtime
 * exits, and reading a pipe to its end would wait for the container.
 */
public final class Exec {
    /**
     * How much slower than a build machine this one may be: 1 here, more in the nested VM
     * (system property {@code jrun.it.slowdown}, a whole factor). Every bound of the tests is
     * multiplied by it: a test must not fail only because the machine is slow.
     */
    public static final int SLOWDOWN = Math.max(1, Integer.getInteger("jrun.it.slowdown", 1));

    /** Bound for one runtime command: generous for a JVM start on a loaded machine, short of hanging CI. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120L * SLOWDOWN);

    /** A host environment variable that no container may see (the env test looks for it). */
    public static final String HOST_ONLY_ENV = "JRUN_IT_HOST_ONLY";

    private static final Path DEV_NULL = Path.of("/dev/null");

    private Exec() {}

    /** Runs {@code command} to its end with {@link #TIMEOUT}; output files go to {@code dir}. */
    public static Result run(Path dir, List<String> command) {
        return start(dir, command).await(TIMEOUT);
    }

    /** Starts {@code command} with stdin from /dev/null and stdout, stderr to fresh files in {@code dir}. */
    public static Started start(Path dir, List<String> command) {
        try {
            Files.createDirectories(dir);
            Path out = Files.createTempFile(dir, "stdout-", ".txt");
            Path err = Files.createTempFile(dir, "stderr-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(DEV_NULL.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put(HOST_ONLY_ENV, "leaked");
            return new Started(command, builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A command that runs; {@link #await} bounds the wait for its end. */
    public record Started(List<String> command, Process process, Path out, Path err) {
        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process.isAlive();
        }

        /** Waits for the end, at most {@code timeout}: past it, kills the command and fails the test. */
        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    fail("timed out after " + timeout + ": " + result(-1));
                }
                return result(process.exitValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + command, e);
            }
        }

        private Result result(int exit) {
            try {
                return new Result(command, exit, Files.readString(out), Files.readString(err));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
