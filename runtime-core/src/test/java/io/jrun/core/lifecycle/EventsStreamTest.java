package io.jrun.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.api.ContainerEvent;
import io.jrun.api.JrunException;
import io.jrun.core.cgroups.Cgroup;
import io.jrun.core.cgroups.CgroupRef;
import io.jrun.core.cgroups.Cgroups;
import io.jrun.core.cgroups.Hierarchy;
import io.jrun.core.cgroups.NativeCgroupKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events stream over a cgroup directory whose files the test writes as the kernel would. */
class EventsStreamTest {
    @TempDir
    Path root;

    private Path dir;

    private Cgroup cgroup() throws IOException {
        dir = Files.createDirectory(root.resolve("c1"));
        write("cgroup.procs", "42\n");
        write("cgroup.events", "populated 1\nfrozen 0\n");
        write("cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        write("memory.stat", "anon 4096\nfile 8192\n");
        write("memory.current", "12288\n");
        write("memory.max", "max\n");
        write("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        Cgroups cgroups = new Cgroups(new Hierarchy(root, "/", Map.of()), NativeCgroupKernel.INSTANCE,
                root.resolve("no-hugepages"));
        return cgroups.open(new CgroupRef(dir.toString(), 1));
    }

    /** Replaced whole, as the kernel's files change: a reader never sees half a file. */
    private void write(String name, String text) throws IOException {
        Path tmp = root.resolve(name + ".new");
        Files.writeString(tmp, text);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static ContainerEvent next(BlockingQueue<ContainerEvent> events, Class<?> type) throws InterruptedException {
        while (true) {
            ContainerEvent e = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(e, "no " + type.getSimpleName() + " event came");
            if (type.isInstance(e)) {
                return e;
            }
        }
    }

    @Test
    void statsEachIntervalAnOomEventPerKillAndTheEndWhenTheCgroupEmpties() throws Exception {
        Cgroup cg = cgroup();
        BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread stream = Thread.ofPlatform().start(() -> {
            try {
                Events.stream("c1", cg, Duration.ofMillis(20), events::add);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            ContainerEvent.Stats stats = (ContainerEvent.Stats) next(events, ContainerEvent.Stats.class);
            assertEquals("c1", stats.id());
            assertEquals(1_500_000, stats.stats().cpu().usage().total());
            assertEquals(12288, stats.stats().memory().usage().usage());
            assertEquals(1, stats.stats().pids().current());

            write("memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
            assertEquals(new ContainerEvent.Oom("c1"), next(events, ContainerEvent.Oom.class));

            write("cgroup.events", "populated 0\nfrozen 0\n");
            stream.join(30_000);
            assertFalse(stream.isAlive(), "the stream did not end when the cgroup emptied");
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertEquals(0, events.stream().filter(ContainerEvent.Oom.class::isInstance).count(),
                    "one kill, one oom event");
        } finally {
            stream.interrupt();
            stream.join();
        }
    }

    @Test
    void theStreamEndsWhenTheCgroupIsRemoved() throws Exception {
        Cgroup cg = cgroup();
        Thread stream = Thread.ofPlatform().start(() -> Events.stream("c1", cg, Duration.ofSeconds(60), e -> { }));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        stream.join(30_000);
        assertFalse(stream.isAlive(), "the stream did not end when the cgroup was removed");
    }

    @Test
    void theIntervalMustBePositive() {
        JrunException e = assertThrows(JrunException.class, () -> Events.checkInterval(Duration.ZERO));
        assertEquals("duration interval must be greater than 0", e.getMessage());
        assertInstanceOf(JrunException.class, assertThrows(JrunException.class,
                () -> Events.checkInterval(Duration.ofSeconds(-1))));
    }
}
