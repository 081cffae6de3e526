package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrun.api.ContainerRuntime;
import io.jrun.api.CreateOptions;
import io.jrun.api.RuntimeOptions;
import io.jrun.api.Status;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jrun as a library, under the load that makes a cloned JVM child hang (docs/ARCHITECTURE.md,
 * "Why a clone of the JVM"): many create+start+wait+delete cycles in this one JVM while other
 * threads make garbage (GC safepoints) and dump all threads (handshakes). Zero failures allowed.
 * This JVM runs with the parent pom's jrun.jvm.flags (failsafe's argLine), as bin/jrun's does.
 */
class ApiStressIT {
    @RegisterExtension
    final Containers containers = new Containers();

    private static final int CYCLES = 200;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyCyclesInOneJvmUnderGcAndThreadDumpLoad() throws InterruptedException {
        containers.assumeJrun("drives jrun's Java API in-process");
        RuntimeUnderTest.requireNoV1Memory("ApiStressIT (jrun's lifecycle in this JVM)");
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .anyMatch(arg -> arg.startsWith("-XX:CompileCommandFile=")),
                "the test JVM lacks jrun.jvm.flags (failsafe's argLine)");

        ContainerRuntime runtime = new io.jrun.core.lifecycle.Lifecycle(new RuntimeOptions(containers.runtime().root(), false, "auto"));
        Bundle bundle = containers.bundle().args("/bin/true");
        bundle.save();

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong garbage = new AtomicLong();
        AtomicLong dumps = new AtomicLong();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            load.add(Thread.ofPlatform().name("garbage-" + i).start(() -> {
                while (!done.get()) {
                    byte[][] chunks = new byte[64][];
                    for (int c = 0; c < chunks.length; c++) {
                        chunks[c] = new byte[16 * 1024];
                    }
                    garbage.addAndGet(chunks.length);
                }
            }));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        load.add(Thread.ofPlatform().name("thread-dumps").start(() -> {
            while (!done.get()) {
                threads.dumpAllThreads(true, true);
                dumps.incrementAndGet();
            }
        }));

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                String id = containers.newId();
                try {
                    runtime.create(id, bundle.dir(), CreateOptions.defaults());
                    runtime.start(id);
                    Poll.until(id + " to stop", () -> runtime.state(id).status() == Status.STOPPED);
                    runtime.delete(id, false);
                } catch (RuntimeException | AssertionError e) {
                    failures.add("cycle " + cycle + " (" + id + "): " + e);
                    try {
                        runtime.delete(id, true);
                    } catch (RuntimeException ignored) {
                        // afterEach force-deletes and checks again
                    }
                }
            }
        } finally {
            done.set(true);
            for (Thread thread : load) {
                thread.join();
            }
        }
        assertEquals(List.of(), failures, () -> failures.size() + " of " + CYCLES + " cycles failed");
        assertTrue(garbage.get() > 0 && dumps.get() > 0, "the load ran");
    }
}
