package io.jrun.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Documents and values for comparing the codec with {@link DatabindOracle}: the real-world
 * fixtures, a sample of every record of the model built from its components, and every sample
 * with one member replaced by each kind of JSON value, good or bad, at the top and nested where
 * it belongs inside a config, a state or a features document.
 */
final class SpecCorpus {
    private SpecCorpus() {}

    /** A document to read as {@code type}. */
    record Case(String name, String json, Class<?> type) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Values put in place of one member: every JSON kind, and numbers at each range's edges. */
    static final List<String> PROBES = List.of(
            "null", "true", "false", "0", "-0", "1", "-1", "7", "1.5", "1.50", "1E2", "-0.0", "1e400",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296", "65535", "65536",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551615", "18446744073709551616", "-18446744073709551616",
            "\"\"", "\" \"", "\"\\u0001\"", "\" x \"", "\"x\"", "\"7\"", "\"true\"", "\"a\\\"b\\u00e9\"",
            "{}", "[]", "[null]", "[1]", "[\"x\"]", "[\" \"]", "[{}]", "[[]]", "[1.5]",
            "{\"k\":null}", "{\"k\":\"v\"}", "{\"k\":{}}", "{\"k\":1}", "{\"k\":[]}", "{\"k.1\":\" \"}");

    /** The probes also put where the member's record sits inside a document, for the paths of errors. */
    static final List<String> NESTED_PROBES = List.of(
            "null", "-1", "1.5", "4294967296", "\" \"", "\"x\"", "{}", "[]", "[null]", "[{}]", "{\"k\":null}");

    /** The real documents: runc's specs, Docker's and podman's config and profiles. */
    static List<Case> fixtures() {
        List<Case> cases = new ArrayList<>(List.of(
                new Case("runc-spec-default.json", TestSupport.resource("runc-spec-default.json"), Spec.class),
                new Case("runc-spec-rootless.json", TestSupport.resource("runc-spec-rootless.json"), Spec.class),
                new Case("docker-config.json", TestSupport.resource("docker-config.json"), Spec.class),
                new Case("docker-seccomp-profile.json", TestSupport.resource("docker-seccomp-profile.json"),
                        LinuxSeccomp.class),
                new Case("podman-seccomp-profile.json", TestSupport.resource("podman-seccomp-profile.json"),
                        LinuxSeccomp.class)));
        Path installed = Path.of("/usr/share/containers/seccomp.json");
        if (Files.isRegularFile(installed)) {
            try {
                cases.add(new Case(installed.toString(), Files.readString(installed), LinuxSeccomp.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }

    /** Every record of the package, found on the class path (so new ones are covered too). */
    static List<Class<?>> records() {
        try {
            Path root = Path.of(Spec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<Class<?>> records = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root.resolve("io/jrun/spec"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> type = Class.forName(name);
                    if (type.isRecord() && type != ValidationError.class) {
                        records.add(type);
                    }
                }
            }
            return records;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How sample values are chosen. */
    enum Flavour {
        /** Every component set, to small non-zero values. */
        FULL,
        /** Every reference component null, every primitive zero. */
        EMPTY,
        /** Every component set, to the edges: -1 (all bits set), the extremes, awkward strings. */
        EDGES
    }

    /** An instance of record {@code type} with its components chosen by {@code flavour}. */
    static Object sample(Class<?> type, Flavour flavour) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getGenericType(), components[i].getName(), flavour);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true); // records of other packages need not be public
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName(), e);
        }
    }

    private static Object value(Type type, String name, Flavour flavour) {
        boolean edges = flavour == Flavour.EDGES;
        if (type == boolean.class) {
            return flavour != Flavour.EMPTY;
        }
        if (type == int.class) {
            return flavour == Flavour.EMPTY ? 0 : edges ? Integer.MIN_VALUE : 7;
        }
        if (type == long.class) {
            return flavour == Flavour.EMPTY ? 0L : edges ? -1L : 7L;
        }
        if (flavour == Flavour.EMPTY) {
            return null;
        }
        if (type == String.class) {
            return edges ? "é \"" + name + "\"\\\n\u0001/\ud83d\ude00" : "s-" + name;
        }
        if (type == Boolean.class) {
            return Boolean.TRUE;
        }
        if (type == Integer.class) {
            return edges ? 65535 : 7;
        }
        if (type == Long.class) {
            return edges ? Long.MIN_VALUE : 7L;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return sample(c, flavour);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Object element = value(p.getActualTypeArguments()[0], name, flavour);
            return edges ? List.of(element, element) : List.of(element);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            Object element = value(p.getActualTypeArguments()[1], name, flavour);
            return edges ? Map.of("k.1", element) : Map.of("k", element);
        }
        throw new IllegalArgumentException("no sample for " + type);
    }

    /** Every record type's full sample with each member in turn replaced by each probe. */
    static List<Case> probes() {
        List<Case> cases = new ArrayList<>();
        for (Class<?> type : records()) {
            cases.addAll(probes(type, placesOf(type), rootOf(type)));
        }
        return cases;
    }

    /**
     * {@code type}'s full sample with each member in turn replaced by each probe, left out, or
     * repeated, and with unknown members around it; also wrapped by each of {@code places}, as a
     * document of type {@code root}, for the probes that tell paths apart.
     */
    static List<Case> probes(Class<?> type, List<Function<String, String>> places, Class<?> root) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> sample = members(sample(type, Flavour.FULL));
        for (String member : sample.keySet()) {
            for (String probe : PROBES) {
                String json = replaced(sample, member, probe);
                String name = type.getSimpleName() + "." + member + "=" + probe;
                cases.add(new Case(name, json, type));
                if (NESTED_PROBES.contains(probe)) {
                    for (Function<String, String> wrap : places) {
                        cases.add(new Case(name + " in " + root.getSimpleName(), wrap.apply(json), root));
                    }
                }
            }
            cases.add(new Case(type.getSimpleName() + " without " + member, replaced(sample, member, null), type));
            cases.add(new Case(type.getSimpleName() + " with " + member + " twice",
                    "{" + members(sample, member, null) + "," + Quote.value(member) + ":"
                            + sample.get(member) + "," + members(sample, null, null) + "}", type));
        }
        cases.add(new Case(type.getSimpleName() + " with unknown members",
                "{\"x-unknown\":{\"a\":[1,{\"b\":null}]}," + members(sample, null, null) + ",\"zzz\":[[]]}", type));
        return cases;
    }

    /**
     * Where the model nests a record of {@code type} inside a config (or a features document):
     * functions that wrap a document of the type into one of the root's, through an object
     * member, the second element of a list, or a map entry whose key needs quoting in a path.
     */
    static List<Function<String, String>> placesOf(Class<?> type) {
        List<Function<String, String>> places = new ArrayList<>();
        findPlaces(rootOf(type), type, Function.identity(), places, 0);
        return places;
    }

    /** The document a record of {@code type} is part of. */
    private static Class<?> rootOf(Class<?> type) {
        return type == Features.class || type.getEnclosingClass() == Features.class ? Features.class : Spec.class;
    }

    private static void findPlaces(Class<?> at, Class<?> wanted, Function<String, String> wrap,
                                   List<Function<String, String>> places, int depth) {
        if (depth > 6) {
            return;
        }
        Map<String, String> sample = members(sample(at, Flavour.FULL));
        RecordComponent[] components = at.getRecordComponents();
        List<String> names = new ArrayList<>(sample.keySet());
        for (int i = 0; i < components.length; i++) {
            Type type = components[i].getGenericType();
            String member = names.get(i);
            boolean list = type instanceof ParameterizedType p && p.getRawType() == List.class;
            boolean map = type instanceof ParameterizedType p && p.getRawType() == Map.class;
            Type target = list || map ? ((ParameterizedType) type).getActualTypeArguments()[list ? 0 : 1] : type;
            if (!(target instanceof Class<?> c) || !c.isRecord()) {
                continue;
            }
            Function<String, String> inner;
            if (list) {
                String first = Json.toJson(sample(c, Flavour.FULL));
                inner = doc -> replaced(sample, member, "[" + first + "," + doc + "]");
            } else if (map) {
                inner = doc -> replaced(sample, member, "{\"a\":" + doc + ",\"net.ipv4/x\":" + doc + "}");
            } else {
                inner = doc -> replaced(sample, member, doc);
            }
            Function<String, String> nested = wrap.compose(inner);
            if (c == wanted) {
                places.add(nested);
            } else {
                findPlaces(c, wanted, nested, places, depth + 1);
            }
        }
    }

    /** Prefixes and one-character corruptions of documents: malformed JSON at every depth. */
    static List<Case> malformed() {
        List<Case> cases = new ArrayList<>();
        // Every prefix of a compact document (every way to cut it short), every few of the others.
        Map<String, Integer> documents = Map.of(
                Json.toJson(sample(Spec.class, Flavour.FULL)), 1,
                Json.toPrettyJson(sample(Spec.class, Flavour.EDGES), Json.Indent.TAB), 5,
                TestSupport.resource("docker-config.json"), 7);
        documents.forEach((doc, step) -> {
            for (int i = 0; i < doc.length(); i += step) {
                cases.add(new Case("prefix " + i, doc.substring(0, i), Spec.class));
            }
            for (int i = 0; i < doc.length(); i += 4 * step + 1) {
                for (String junk : List.of("}", "]", ",", ":", "x", "\"")) {
                    cases.add(new Case("at " + i + " " + junk, doc.substring(0, i) + junk + doc.substring(i + 1), Spec.class));
                }
            }
        });
        String deep = "[".repeat(3000) + "]".repeat(3000);
        String digits = "1".repeat(1200);
        cases.add(new Case("deep unknown", "{\"x\":" + deep + "}", Spec.class));
        cases.add(new Case("deep known", "{\"process\":{\"args\":" + deep + "}}", Spec.class));
        cases.add(new Case("long number unknown", "{\"x\":" + digits + "}", Spec.class));
        cases.add(new Case("long number known", "{\"process\":{\"rlimits\":[{\"hard\":" + digits + "}]}}", Spec.class));
        cases.add(new Case("long fraction", "{\"process\":{\"oomScoreAdj\":1." + digits + "}}", Spec.class));
        for (String doc : List.of("", " ", "null", "null {}", "null x", "{} {}", "{}x", "{}{", "[]", "\"x\"", "1",
                "true", "{\"a\":", "{\"a\" 1}", "\ufeff{}", "{}\n\n ", "/* c */ {}", "{\"a\":1,}", "{'a':1}",
                "{\"ociVersion\":\"1\u0000\"}", "{\"ociVersion\":NaN}", "{\"ociVersion\":01}")) {
            cases.add(new Case("document " + Quote.value(doc), doc, Spec.class));
        }
        return cases;
    }

    /** The members of what the codec writes for record {@code value}: JSON name to JSON text, in order. */
    static Map<String, String> members(Object value) {
        try {
            Map<String, String> members = new LinkedHashMap<>();
            ObjectNode tree = (ObjectNode) DatabindOracle.mapper().readTree(Json.toJson(value));
            tree.properties().forEach(e -> members.put(e.getKey(), e.getValue().toString()));
            return members;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code object} with {@code member}'s value replaced by raw JSON {@code value} (left out if null). */
    private static String replaced(Map<String, String> object, String member, String value) {
        return "{" + members(object, member, value) + "}";
    }

    private static String members(Map<String, String> object, String member, String value) {
        StringBuilder b = new StringBuilder();
        object.forEach((name, json) -> {
            String text = name.equals(member) ? value : json;
            if (text != null) {
                b.append(b.isEmpty() ? "" : ",").append(Quote.value(name)).append(':').append(text);
            }
        });
        return b.toString();
    }
}
