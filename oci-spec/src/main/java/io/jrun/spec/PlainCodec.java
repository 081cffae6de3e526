package io.jrun.spec;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * JSON of values outside the model that other modules write with {@link Json#toJson} and read
 * with {@link Json#parse}: strings, numbers, booleans, lists, maps, and records made of those
 * (jrun's own per-container state file, for one), as well as the model's records inside them.
 *
 * <p>A record is written component by component in declaration order, null components left out,
 * and read through its canonical constructor with the model's strict rules: what jackson-databind
 * did with a record that carries no Jackson annotations. Annotations are not read: that would
 * generate a proxy class per annotation type at run time, the start-up cost this codec avoids.
 */
final class PlainCodec {
    private PlainCodec() {}

    /** Each record type's components and constructor, looked up once. */
    private static final ClassValue<PlainRecord> RECORDS = new ClassValue<>() {
        @Override
        protected PlainRecord computeValue(Class<?> type) {
            return PlainRecord.of(type);
        }
    };

    // --- writing ---------------------------------------------------------------------------------

    /** Instanceof tests, not a pattern switch: that one's bootstrap generates a class at run time. */
    static void write(JsonOut out, Object value) throws IOException {
        var g = out.generator();
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (value instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object element : c) {
                write(out, element);
            }
            g.writeEndArray();
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) { // as databind's NON_NULL content inclusion did
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(out, e.getValue());
                }
            }
            g.writeEndObject();
        } else if (value instanceof Record r) {
            if (!ModelCodecs.write(out, r)) {
                RECORDS.get(r.getClass()).write(out, r);
            }
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    // --- reading ---------------------------------------------------------------------------------

    /** The reader of a record type outside the model. */
    static <T> JsonIn.Reader<T> reader(Class<T> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException("cannot read a " + type.getName() + " from JSON: not a record");
        }
        return in -> type.cast(RECORDS.get(type).read(in));
    }

    /** The reader of a JSON array of {@code element}s: records, strings, Integers, Longs or Booleans. */
    static <T> JsonIn.Reader<List<T>> listReader(Class<T> element) {
        JsonIn.Reader<?> reader = readerOf(element);
        return in -> in.list(i -> element.cast(reader.read(i)));
    }

    /** The reader of a component's (or element's) type. */
    private static JsonIn.Reader<?> readerOf(Type type) {
        if (type == String.class) return JsonIn::string;
        if (type == boolean.class) return JsonIn::bool;
        if (type == Boolean.class) return JsonIn::boolOrNull;
        if (type == int.class) return JsonIn::int32;
        if (type == Integer.class) return JsonIn::int32OrNull;
        if (type == long.class) return JsonIn::int64;
        if (type == Long.class) return JsonIn::int64OrNull;
        if (type instanceof Class<?> c && c.isRecord()) {
            JsonIn.Reader<?> model = ModelCodecs.reader(c);
            return model != null ? model : in -> RECORDS.get(c).read(in);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (p.getActualTypeArguments()[0] == String.class) {
                return JsonIn::strings; // databind read these with code of its own, and so does JsonIn
            }
            JsonIn.Reader<?> element = readerOf(p.getActualTypeArguments()[0]);
            return in -> in.list(element);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class
                && p.getActualTypeArguments()[0] == String.class) {
            JsonIn.Reader<?> value = readerOf(p.getActualTypeArguments()[1]);
            return in -> in.map(value);
        }
        throw new IllegalArgumentException("cannot read a " + type.getTypeName() + " from JSON");
    }

    /** A record type outside the model: its components' names, accessors and readers, and its constructor. */
    private static final class PlainRecord {
        private final String[] names;
        private final Method[] accessors;
        private final JsonIn.Reader<?>[] readers;
        private final Object[] zeros;
        private final Constructor<?> constructor;

        private PlainRecord(String[] names, Method[] accessors, JsonIn.Reader<?>[] readers, Object[] zeros,
                            Constructor<?> constructor) {
            this.names = names;
            this.accessors = accessors;
            this.readers = readers;
            this.zeros = zeros;
            this.constructor = constructor;
        }

        static PlainRecord of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            int n = components.length;
            String[] names = new String[n];
            Method[] accessors = new Method[n];
            JsonIn.Reader<?>[] readers = new JsonIn.Reader<?>[n];
            Object[] zeros = new Object[n];
            Class<?>[] types = new Class<?>[n];
            for (int i = 0; i < n; i++) {
                names[i] = components[i].getName();
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true); // records of other packages need not be public
                readers[i] = readerOf(components[i].getGenericType());
                types[i] = components[i].getType();
                zeros[i] = zero(types[i]);
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return new PlainRecord(names, accessors, readers, zeros, constructor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }

        /** What an absent component reads as: Go's zero value. */
        private static Object zero(Class<?> type) {
            if (type == boolean.class) return false;
            if (type == int.class) return 0;
            if (type == long.class) return 0L;
            if (type.isPrimitive()) {
                throw new IllegalArgumentException("cannot read a " + type.getName() + " from JSON");
            }
            return null;
        }

        Object read(JsonIn in) throws IOException {
            if (!in.object()) {
                return null;
            }
            Object[] values = zeros.clone();
            for (String member; (member = in.member()) != null; ) {
                int i = indexOf(member);
                if (i < 0) {
                    in.skip();
                } else {
                    values[i] = readers[i].read(in);
                }
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                String message = e.getCause().getMessage();
                throw in.error(message == null ? "invalid value" : message.lines().findFirst().orElse(message));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct a " + constructor.getDeclaringClass().getName(), e);
            }
        }

        private int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        void write(JsonOut out, Object record) throws IOException {
            var g = out.generator();
            g.writeStartObject();
            for (int i = 0; i < names.length; i++) {
                Object value;
                try {
                    value = accessors[i].invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + names[i] + " of " + record.getClass().getName(), e);
                }
                if (value != null) {
                    g.writeFieldName(names[i]);
                    PlainCodec.write(out, value);
                }
            }
            g.writeEndObject();
        }
    }
}
