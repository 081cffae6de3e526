package io.jrun.spec;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A document (config.json, state.json, a process.json for exec...) that cannot be read as JSON of
 * the right shape, or that fails validation. The message has one line per problem, first problem
 * first, each naming the source file and the JSON path:
 * {@code config.json: process.rlimits[2].soft: expected a number, got "abc"}.
 *
 * <p>Unchecked, because it is always a user error that travels up to the command's top level,
 * which prints it and exits non-zero.
 */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ValidationError> errors;

    public SpecException(String source, List<ValidationError> errors) {
        this(source, errors, null);
    }

    public SpecException(String source, List<ValidationError> errors, Throwable cause) {
        super(format(source, errors), cause);
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** The document's name as shown in messages, e.g. {@code config.json}. */
    public String source() {
        return source;
    }

    /** The problems, in document order; never empty. */
    public List<ValidationError> errors() {
        return errors;
    }

    private static String format(String source, List<ValidationError> errors) {
        Objects.requireNonNull(source, "source");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one error");
        }
        return errors.stream().map(e -> e.format(source)).collect(Collectors.joining("\n"));
    }
}
