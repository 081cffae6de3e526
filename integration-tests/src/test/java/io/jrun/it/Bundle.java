package io.jrun.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An OCI bundle in a fresh directory: a copy of the busybox rootfs and a config.json that starts
 * as the runtime's own `spec` output, edited here as a JSON tree. The runtime reads the file,
 * so {@link #save} (done by {@link Containers} before each command) must follow edits.
 * <p>
 * Two defaults differ from `spec`: {@code process.terminal} is false (the tests read output
 * from files, there is no pty) and {@code root.readonly} is false (programs write marker files
 * to /tmp, which the test reads on the host in {@link #file}).
 */
public final class Bundle {
    private final Path dir;
    private final ObjectNode config;

    private Bundle(Path dir, ObjectNode config) {
        this.dir = dir;
        this.config = config;
    }

    /** A new bundle under the run's work directory; the output of the commands that make it goes to {@code output}. */
    static Bundle create(TestRun run, Path output) {
        Path dir = run.newDir("bundle");
        Exec.run(output, List.of("cp", "-a", run.rootfsImage().toString(), dir.resolve("rootfs").toString())).ok();
        Exec.run(output, run.runtime().command("spec", "--bundle", dir.toString())).ok();
        try {
            ObjectNode config = (ObjectNode) Json.MAPPER.readTree(dir.resolve("config.json").toFile());
            Bundle bundle = new Bundle(dir, config);
            bundle.process().put("terminal", false);
            config.withObject("/root").put("readonly", false);
            bundle.args("true");
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    /** The host path of {@code containerPath} in the rootfs: "/tmp/x" is rootfs/tmp/x. */
    public Path file(String containerPath) {
        return rootfs().resolve(containerPath.replaceFirst("^/+", ""));
    }

    public ObjectNode config() {
        return config;
    }

    public ObjectNode process() {
        return config.withObject("/process");
    }

    public ObjectNode linux() {
        return config.withObject("/linux");
    }

    public Bundle args(String... args) {
        process().set("args", Json.strings(args));
        return this;
    }

    /** The program is busybox sh running {@code script}: found by PATH lookup, as "sh" has no slash. */
    public Bundle sh(String script) {
        return args("sh", "-c", script);
    }

    public Bundle env(String... variables) {
        process().set("env", Json.strings(variables));
        return this;
    }

    /** Appends a mount to {@code mounts}. */
    public Bundle mount(String destination, String type, String source, String... options) {
        ObjectNode mount = config.withArray("/mounts").addObject();
        mount.put("destination", destination).put("type", type).put("source", source);
        mount.set("options", Json.strings(options));
        return this;
    }

    public ArrayNode namespaces() {
        return linux().withArray("/namespaces");
    }

    /** Appends a namespace to create. */
    public Bundle namespace(String type) {
        namespaces().addObject().put("type", type);
        return this;
    }

    /** Sets the namespace of {@code type} to be joined at {@code path}, adding it if absent. */
    public Bundle joinNamespace(String type, String path) {
        for (JsonNode ns : namespaces()) {
            if (ns.path("type").asText().equals(type)) {
                ((ObjectNode) ns).put("path", path);
                return this;
            }
        }
        namespaces().addObject().put("type", type).put("path", path);
        return this;
    }

    public Bundle withoutNamespace(String type) {
        namespaces().removeIf(ns -> ns.path("type").asText().equals(type));
        return this;
    }

    /** Writes config.json. */
    public void save() {
        try {
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
