package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

/**
 * How a finished command went: its exit status and everything it printed.
 *
 * @param exit the exit status; 128+N when a signal N killed it
 */
public record Result(List<String> command, int exit, String stdout, String stderr) {

    /** Asserts exit status 0 and returns this, for chaining. */
    public Result ok() {
        assertEquals(0, exit, () -> "expected success of " + this);
        return this;
    }

    /** Asserts a non-zero exit status and returns this, for chaining. */
    public Result failed() {
        assertNotEquals(0, exit, () -> "expected failure of " + this);
        return this;
    }

    /** stdout without the surrounding white space. */
    public String out() {
        return stdout.strip();
    }

    /** stdout's lines, each stripped, blank ones left out. */
    public List<String> lines() {
        return stdout.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\n  exit " + exit + "\n  stdout: " + stdout.strip() + "\n  stderr: "
                + stderr.strip();
    }
}
