package io.jrun.spec;

import java.util.Objects;

/**
 * One problem found in a document: where ({@code jsonPath}, e.g. {@code mounts[4].destination};
 * empty for the document itself) and what ({@code message}, which names the bad value and, where
 * useful, what to do about it).
 */
public record ValidationError(String jsonPath, String message) {
    public ValidationError {
        Objects.requireNonNull(jsonPath, "jsonPath");
        Objects.requireNonNull(message, "message");
    }

    /** The user-facing line, e.g. {@code config.json: process.cwd: must be an absolute path: "tmp"}. */
    public String format(String source) {
        return jsonPath.isEmpty() ? source + ": " + message : source + ": " + jsonPath + ": " + message;
    }
}
