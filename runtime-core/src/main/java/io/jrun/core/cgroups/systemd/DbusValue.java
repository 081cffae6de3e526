package io.jrun.core.cgroups.systemd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A D-Bus value as a unit property carries it in a variant: the types systemd's cgroup
 * properties use, each with its D-Bus signature. Numbers are Java's signed types holding the
 * D-Bus type's bits: a {@link U64} of -1 is 2^64-1, systemd's "infinity" (CGROUP_LIMIT_MAX,
 * USEC_INFINITY).
 */
public sealed interface DbusValue
        permits DbusValue.Bool, DbusValue.U32, DbusValue.I64, DbusValue.U64, DbusValue.Str, DbusValue.Bytes,
        DbusValue.Array, DbusValue.Struct {

    /** "b". */
    record Bool(boolean value) implements DbusValue {}

    /** "u", unsigned. */
    record U32(int value) implements DbusValue {}

    /** "x". */
    record I64(long value) implements DbusValue {}

    /** "t", unsigned: -1 is 2^64-1, systemd's infinity. */
    record U64(long value) implements DbusValue {
        /** systemd's "no limit" for limits and times. */
        public static final U64 INFINITY = new U64(-1);
    }

    /** "s". */
    record Str(String value) implements DbusValue {}

    /** "ay": a byte array, such as a CPU mask (see {@link CpuMask}). */
    record Bytes(byte[] value) implements DbusValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes" + text();
        }
    }

    /**
     * "aX": elements of one type, given so that an empty array has a type too (an empty
     * DeviceAllow clears the unit's list).
     *
     * @param elementSignature the elements' signature
     * @throws IllegalArgumentException if an element has another
     */
    record Array(String elementSignature, List<DbusValue> elements) implements DbusValue {
        public Array {
            elements = List.copyOf(elements);
            for (DbusValue e : elements) {
                if (!e.signature().equals(elementSignature)) {
                    throw new IllegalArgumentException("a D-Bus array of " + elementSignature + " cannot hold a "
                            + e.signature());
                }
            }
        }
    }

    /** "(XY...)". */
    record Struct(List<DbusValue> fields) implements DbusValue {
        public Struct {
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a D-Bus struct has at least one field");
            }
        }
    }

    /** The D-Bus type signature, e.g. "t", "a(ss)". */
    default String signature() {
        return switch (this) {
            case Bool b -> "b";
            case U32 u -> "u";
            case I64 x -> "x";
            case U64 t -> "t";
            case Str s -> "s";
            case Bytes y -> "ay";
            case Array a -> "a" + a.elementSignature();
            case Struct s -> {
                StringBuilder sb = new StringBuilder("(");
                for (DbusValue f : s.fields()) {
                    sb.append(f.signature());
                }
                yield sb.append(')').toString();
            }
        };
    }

    /**
     * The value as systemctl shows it, for logs and errors: "yes", "infinity", "1048576",
     * "[(char-pts rwm)]", a byte array in hex "[0f 03]".
     */
    default String text() {
        return switch (this) {
            case Bool b -> b.value() ? "yes" : "no";
            case U32 u -> Integer.toUnsignedString(u.value());
            case I64 x -> Long.toString(x.value());
            case U64 t -> t.value() == -1 ? "infinity" : Long.toUnsignedString(t.value());
            case Str s -> s.value();
            case Bytes y -> "[" + HexFormat.ofDelimiter(" ").formatHex(y.value) + "]";
            case Array a -> join("[", a.elements(), ", ", "]");
            case Struct s -> join("(", s.fields(), " ", ")");
        };
    }

    private static String join(String open, List<DbusValue> values, String separator, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : separator).append(values.get(i).text());
        }
        return sb.append(close).toString();
    }

    /** "as". */
    static Array strings(List<String> values) {
        List<DbusValue> out = new ArrayList<>();
        for (String v : values) {
            out.add(new Str(v));
        }
        return new Array("s", out);
    }

    /** "au". */
    static Array uint32s(int... values) {
        List<DbusValue> out = new ArrayList<>();
        for (int v : values) {
            out.add(new U32(v));
        }
        return new Array("u", out);
    }

    /** One (string, string) entry of an "a(ss)" (DeviceAllow's path and access). */
    static Struct pair(String a, String b) {
        return new Struct(List.of(new Str(a), new Str(b)));
    }

    /** One (string, uint64) entry of an "a(st)" (IODeviceWeight's and the like: a path and a number). */
    static Struct pair(String a, long b) {
        return new Struct(List.of(new Str(a), new U64(b)));
    }
}
