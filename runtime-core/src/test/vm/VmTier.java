import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the cgroup v2 tier's test classes in the VM guest with the JUnit Platform launcher, in one
 * JVM: Maven would cost minutes there (its start, its plugins, its up-to-date checks over the
 * shared directory). cgroups-v2.sh compiles this on the host and passes the test classpath.
 *
 * <p>usage: java -cp LAUNCHER:TESTCLASSPATH VmTier (CLASS|PACKAGE)... ; one line per test, the failures
 * with their stack traces, a summary; exit status 0 when every test passed.
 */
public final class VmTier {
    private VmTier() {}

    public static void main(String[] args) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String name : args) {
            // io.jrun.core.cgroups: a package; io.jrun.it.CgroupV2IT: a class;
            // io.jrun.it.CgroupV2IT#aMemoryHog...: one test method
            boolean isClass = Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1));
            selectors.add(name.contains("#") ? DiscoverySelectors.selectMethod(name)
                    : isClass ? DiscoverySelectors.selectClass(name) : DiscoverySelectors.selectPackage(name));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        Map<String, Long> started = new ConcurrentHashMap<>();
        TestExecutionListener progress = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                started.put(test.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                if (test.isTest()) {
                    System.out.println("SKIP " + test.getLegacyReportingName() + ": " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                long ms = (System.nanoTime() - started.getOrDefault(test.getUniqueId(), System.nanoTime())) / 1_000_000;
                if (test.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    System.out.printf("%-7s %s (%.1f s)%n", result.getStatus(), name(test), ms / 1000.0);
                }
                result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
                System.out.flush();
            }
        };
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, progress, summary);
        TestExecutionSummary s = summary.getSummary();
        System.out.printf("Tests run: %d, Failures: %d, Aborted: %d, Skipped: %d%n", s.getTestsStartedCount(),
                s.getTotalFailureCount(), s.getTestsAbortedCount(), s.getTestsSkippedCount());
        s.printFailuresTo(new PrintWriter(System.out, true), 5);
        System.out.flush();
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsStartedCount() > 0 ? 0 : 1);
    }

    private static String name(TestIdentifier test) {
        String id = test.getUniqueId();
        int c = id.indexOf("[class:");
        String cls = c < 0 ? "" : id.substring(c + 7, id.indexOf(']', c));
        return cls.substring(cls.lastIndexOf('.') + 1) + (test.isTest() ? "." + test.getDisplayName() : "");
    }
}
