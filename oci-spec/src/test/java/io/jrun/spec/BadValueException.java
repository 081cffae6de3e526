package io.jrun.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Part of {@link DatabindOracle}, unchanged. Thrown by the oracle's unsigned deserializers with a
 * message that is already fit for a user. It is a {@link JsonMappingException} so that Jackson
 * prepends the JSON path as it unwinds; {@link JsonErrors} then shows the message as it is, where
 * Jackson's own messages get rewritten.
 */
final class BadValueException extends JsonMappingException {
    private static final long serialVersionUID = 1L;

    BadValueException(JsonParser parser, String message) {
        super(parser, message, parser.currentLocation());
    }
}
