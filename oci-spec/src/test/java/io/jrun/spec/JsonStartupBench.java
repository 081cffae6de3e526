package io.jrun.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What reading and writing the spec's documents costs a fresh JVM, as every jrun command is one:
 * {@link Json#readConfig} of a config.json in a temporary bundle, then {@link Json#toJson} of a
 * {@link State}, each timed on its first call, class loading included. Run it once per JVM:
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp CLASSPATH io.jrun.spec.JsonStartupBench [config.json]
 * </pre>
 *
 * It prints {@code readConfig=MS toJson(State)=MS}. It uses only the API that {@code Json} has had
 * from the start, so the same class also times an older build of the module.
 */
public final class JsonStartupBench {
    private JsonStartupBench() {}

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : "/tmp/runc-spec-default.json");
        Path bundle = Files.createTempDirectory("jrun-bench");
        try {
            Files.copy(source, bundle.resolve("config.json"));

            long start = System.nanoTime();
            Spec spec = Json.readConfig(bundle);
            long read = System.nanoTime();
            String state = Json.toJson(new State(spec.ociVersion(), "bench", State.RUNNING, 4242, bundle.toString(),
                    Map.of("org.example", "x")));
            long written = System.nanoTime();

            if (spec.process() == null || !state.startsWith("{")) {
                throw new IllegalStateException("nothing read or written");
            }
            System.out.printf("readConfig=%.1f toJson(State)=%.1f%n", (read - start) / 1e6, (written - read) / 1e6);
        } finally {
            Files.deleteIfExists(bundle.resolve("config.json"));
            Files.delete(bundle);
        }
    }
}
