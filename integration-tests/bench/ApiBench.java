import io.jrun.api.ContainerSpec;
import io.jrun.api.CreateOptions;
import io.jrun.api.Jrun;
import io.jrun.api.RuntimeOptions;
import io.jrun.api.Status;
import io.jrun.core.lifecycle.Lifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java API's two ways of running a container from a test JVM, beside runc, interleaved:
 * "api" (Jrun.run: bin/jrun as a process, what the API does), "in-process" (Lifecycle in this
 * JVM: create, start, wait, delete; only safe in a JVM started with the launcher's compile
 * commands, which api-bench.sh gives this one), and "runc" (runc run, from this JVM). Each runs
 * /bin/true from the same root filesystem to its end and deletes the container.
 * usage: ApiBench ROUNDS BUNDLE_DIR (a bundle whose config runs /bin/true without a terminal)
 */
public class ApiBench {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path bundle = Path.of(args[1]);
        Path home = Files.createTempDirectory(Path.of("/run"), "jrun-api-bench-");
        Map<String, List<Double>> times = new TreeMap<>();
        try (Jrun jrun = Jrun.open(home)) {
            Lifecycle lifecycle = new Lifecycle(new RuntimeOptions(home.resolve("in-process"), false, "auto"));
            ContainerSpec spec = ContainerSpec.bundle(bundle).build();
            int n = 0;
            for (int round = -2; round < rounds; round++) { // two rounds of warm-up
                for (String way : List.of("api", "in-process", "runc")) {
                    String id = "bench-" + (n++);
                    long t = System.nanoTime();
                    switch (way) {
                        case "api" -> check(jrun.run(spec).exit().status() == 0, "api");
                        case "in-process" -> {
                            lifecycle.create(id, bundle, CreateOptions.defaults());
                            lifecycle.start(id);
                            while (lifecycle.state(id).status() != Status.STOPPED) {
                                Thread.sleep(1);
                            }
                            lifecycle.delete(id, false);
                        }
                        case "runc" -> check(new ProcessBuilder("runc", "--root", home.resolve("runc").toString(), "run",
                                "--bundle", bundle.toString(), id).inheritIO().start().waitFor() == 0, "runc");
                        default -> throw new IllegalStateException(way);
                    }
                    if (round >= 0) {
                        times.computeIfAbsent(way, k -> new ArrayList<>()).add((System.nanoTime() - t) / 1e6);
                    }
                }
            }
        }
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        double runc = median(times.get("runc"));
        System.out.printf("%-12s %10s %10s %8s%n", "way", "median ms", "min ms", "/runc");
        for (var e : times.entrySet()) {
            System.out.printf("%-12s %10.1f %10.1f %7.2fx%n", e.getKey(), median(e.getValue()),
                    Collections.min(e.getValue()), median(e.getValue()) / runc);
        }
    }

    private static void check(boolean ok, String way) {
        if (!ok) {
            throw new IllegalStateException(way + " failed");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
