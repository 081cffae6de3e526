package io.jrun.spec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns Jackson's exceptions into {@link SpecException}s a user can act on: the JSON path of the
 * bad value and "expected X, got Y" instead of Java class names. The databind path's error
 * translation as it was before the codec, kept unchanged as part of {@link DatabindOracle}.
 */
final class JsonErrors {
    private JsonErrors() {}

    static SpecException toSpecException(String source, JacksonException e, JsonParser parser) {
        String path = path(e, parser);
        return new SpecException(source, List.of(new ValidationError(path, describe(e, parser))), e);
    }

    /**
     * The reference chain Jackson built while unwinding (empty for the document itself), or, for
     * malformed JSON, which has no mapping context, the parser's position.
     */
    private static String path(JacksonException e, JsonParser parser) {
        if (e instanceof JsonMappingException jme) {
            String path = "";
            for (JsonMappingException.Reference ref : jme.getPath()) {
                if (ref.getFieldName() != null) {
                    path = JsonPath.member(path, ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path = JsonPath.element(path, ref.getIndex());
                }
            }
            return path;
        }
        return JsonIn.path(parser.getParsingContext());
    }

    private static String describe(JacksonException e, JsonParser parser) {
        // Jackson wraps non-mapping exceptions (number overflow...) to attach the path; the
        // interesting part is the wrapped one.
        Throwable core = e;
        if (e instanceof JsonMappingException && !(e instanceof MismatchedInputException)
                && e.getCause() instanceof JacksonException cause) {
            core = cause;
        }
        return switch (core) {
            case BadValueException bad -> bad.getOriginalMessage();
            case InvalidNullException _ -> "null is not allowed here";
            case InvalidFormatException bad when bad.getValue() != null ->
                    "expected " + expectation(bad.getTargetType()) + ", got " + value(bad.getValue());
            case MismatchedInputException bad when bad.getTargetType() != null -> mismatch(bad, parser);
            case InputCoercionException bad ->
                    "number out of range for " + numberType(bad.getTargetType()) + ", got " + token(parser);
            case ValueInstantiationException bad when bad.getCause() != null -> firstLine(bad.getCause().getMessage());
            case StreamReadException bad -> malformed(bad);
            case JacksonException other -> firstLine(other.getOriginalMessage());
            default -> firstLine(core.getMessage());
        };
    }

    private static String mismatch(MismatchedInputException e, JsonParser parser) {
        if (parser.currentToken() == null) {
            return "expected " + expectation(e.getTargetType()) + ", got an empty document";
        }
        return "expected " + expectation(e.getTargetType()) + ", got " + token(parser);
    }

    private static String malformed(StreamReadException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = firstLine(e.getOriginalMessage());
        // Jackson adds where an unclosed object began, in a form meant for developers.
        int startMarker = message.indexOf(" (start marker at");
        return "malformed JSON" + where + ": " + (startMarker < 0 ? message : message.substring(0, startMarker));
    }

    private static String token(JsonParser parser) {
        return JsonTokens.describe(parser);
    }

    private static String value(Object value) {
        return value instanceof String s ? Quote.value(s) : String.valueOf(value);
    }

    private static String expectation(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String numberType(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "a 32-bit integer";
        }
        if (type == long.class || type == Long.class) {
            return "a 64-bit integer";
        }
        return type == null ? "this field" : type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
