package io.jrun.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.ser.Serializers;
import java.io.IOException;

/**
 * Makes {@link TestSupport#mapper()} read and write the model's records through the codec, so that the
 * mapper agrees with {@link Json}: the records carry no Jackson annotations, and databind's own
 * reflection would write {@code finalAffinity} for {@code final} and -1 for RLIM_INFINITY.
 * Loaded only with the mapper.
 */
final class CodecModule extends Module {
    @Override
    public String getModuleName() {
        return "jrun-oci-spec";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addSerializers(new Serializers.Base() {
            @Override
            public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc) {
                return ModelCodecs.reader(type.getRawClass()) == null ? null : new Writer();
            }
        });
        context.addDeserializers(new Deserializers.Base() {
            @Override
            public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                            BeanDescription beanDesc) {
                JsonIn.Reader<?> reader = ModelCodecs.reader(type.getRawClass());
                return reader == null ? null : new Reader(reader);
            }
        });
    }

    private static final class Writer extends JsonSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            ModelCodecs.write(new JsonOut(gen), value);
        }
    }

    /** Errors are {@link SpecException}s, named after the document "JSON". */
    private static final class Reader extends JsonDeserializer<Object> {
        private final JsonIn.Reader<?> reader;

        Reader(JsonIn.Reader<?> reader) {
            this.reader = reader;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return reader.read(new JsonIn(p, "JSON"));
        }
    }
}
