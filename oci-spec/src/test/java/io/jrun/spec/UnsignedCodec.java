package io.jrun.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * The databind (de)serializers that stood behind {@link Uint64}, {@link Uint32} and {@link Uint16}
 * before the codec, kept unchanged as part of {@link DatabindOracle}. Unsigned JSON numbers are
 * range-checked on the way in, so a negative or oversized value fails with the JSON path of the
 * field instead of wrapping round silently.
 */
final class UnsignedCodec {
    private UnsignedCodec() {}

    /** Writes the two's-complement bit pattern back as the unsigned number it stands for. */
    static final class Uint64Serializer extends StdSerializer<Long> {
        Uint64Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value >= 0) {
                gen.writeNumber(value.longValue());
            } else {
                // A BigInteger, not the digits as text: a token buffer (valueToTree) would
                // otherwise keep it as a floating-point number.
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        }
    }

    static final class Uint64Deserializer extends RangeDeserializer {
        Uint64Deserializer() {
            super(64, false);
        }

        private Uint64Deserializer(boolean primitive) {
            super(64, primitive);
        }

        @Override
        RangeDeserializer primitive() {
            return new Uint64Deserializer(true);
        }
    }

    static final class Uint32Deserializer extends RangeDeserializer {
        Uint32Deserializer() {
            super(32, false);
        }

        private Uint32Deserializer(boolean primitive) {
            super(32, primitive);
        }

        @Override
        RangeDeserializer primitive() {
            return new Uint32Deserializer(true);
        }
    }

    static final class Uint16Deserializer extends RangeDeserializer {
        Uint16Deserializer() {
            super(16, false);
        }

        private Uint16Deserializer(boolean primitive) {
            super(16, primitive);
        }

        @Override
        RangeDeserializer primitive() {
            return new Uint16Deserializer(true);
        }

        @Override
        Object box(long value) {
            return (int) value;
        }

        @Override
        Object zero() {
            return 0;
        }
    }

    /**
     * Reads an unsigned integer of {@code bits} bits. A primitive target reads JSON {@code null}
     * and an absent field as 0, as Go's encoding/json (and so runc) does; a boxed one as null.
     */
    abstract static class RangeDeserializer extends StdDeserializer<Object> implements ContextualDeserializer {
        private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        private final int bits;
        private final boolean primitive;

        RangeDeserializer(int bits, boolean primitive) {
            super(Object.class);
            this.bits = bits;
            this.primitive = primitive;
        }

        abstract RangeDeserializer primitive();

        Object box(long value) {
            return value;
        }

        Object zero() {
            return 0L;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            if (property != null && property.getType().isPrimitive() && !primitive) {
                return primitive();
            }
            return this;
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return primitive ? zero() : null;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new BadValueException(p, "expected a number, got " + JsonTokens.describe(p));
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                BigInteger big = p.getBigIntegerValue();
                if (bits == 64 && big.signum() >= 0 && big.compareTo(U64_MAX) <= 0) {
                    return box(big.longValue());
                }
                throw outOfRange(p);
            }
            long value = p.getLongValue();
            if (value < 0 || (bits < 64 && value >= 1L << bits)) {
                throw outOfRange(p);
            }
            return box(value);
        }

        private BadValueException outOfRange(JsonParser p) throws IOException {
            String max = bits == 64 ? U64_MAX.toString() : Long.toString((1L << bits) - 1);
            return new BadValueException(p, "expected an unsigned " + bits + "-bit number (0 to " + max + "), got "
                    + p.getText());
        }
    }
}
