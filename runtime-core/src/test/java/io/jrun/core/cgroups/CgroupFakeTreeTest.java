package io.jrun.core.cgroups;

import io.jrun.api.CgroupStats;
import io.jrun.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static io.jrun.core.cgroups.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cgroup manager against a fake cgroup v2 tree in a temp dir: no root needed. */
class CgroupFakeTreeTest {
    @TempDir
    Path tmp;

    FakeCgroupFs fs;
    Cgroups cgroups;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.resolve("cgroup"));
        Path huge = Files.createDirectories(tmp.resolve("hugepages"));
        Files.createDirectory(huge.resolve("hugepages-2048kB"));
        Files.createDirectory(huge.resolve("hugepages-1048576kB"));
        fs = new FakeCgroupFs(root, "cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma");
        cgroups = fs.cgroups(huge);
    }


    @Test
    void hugePageSizesAreRuncsNames() {
        assertEquals(List.of("1GB", "2MB"), cgroups.hugePageSizes());
    }

    @Test
    void createEnablesNeededControllersFromTheRootDownThenWrites() {
        Path dir = root.resolve("jrun/pod/c1");
        Cgroup cg = cgroups.create(dir, config("{\"memory\":{\"limit\":1048576},\"pids\":{\"limit\":16}}"));
        assertEquals(new CgroupRef(dir.toString(), 3), cg.ref());
        assertEquals("/jrun/pod/c1", cg.relativePath());
        assertEquals(List.of(
                // root: the needed ones at once, then the other accounting controllers one by one
                "cgroup.subtree_control=+pids +memory",
                "cgroup.subtree_control=+cpu",
                "cgroup.subtree_control=+io",
                // jrun: only what the parent made available
                "jrun/cgroup.subtree_control=+pids +memory",
                "jrun/cgroup.subtree_control=+cpu",
                "jrun/cgroup.subtree_control=+io",
                "jrun/pod/cgroup.subtree_control=+pids +memory",
                "jrun/pod/cgroup.subtree_control=+cpu",
                "jrun/pod/cgroup.subtree_control=+io",
                // the values, in runc's order
                "jrun/pod/c1/pids.max=16",
                "jrun/pod/c1/memory.max=1048576"), fs.writes());
        // The device program is attached to the container's cgroup.
        assertEquals(1, fs.attached.get(dir).size());
        assertEquals(0, fs.openFds, "every fd closed");
    }

    @Test
    void controllersAlreadyEnabledAreNotWrittenAgain() throws IOException {
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu io memory pids\n");
        cgroups.create(root.resolve("c1"), config("{\"memory\":{\"limit\":1048576}}"));
        assertEquals(List.of("c1/memory.max=1048576"), fs.writes());
    }

    @Test
    void aControllerAParentDoesNotOfferIsNamed() throws IOException {
        // The root enables pids, but the kernel does not offer it below "delegated" (as when a
        // cgroup namespace or a delegation boundary hides it).
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu io memory pids\n");
        Files.createDirectory(root.resolve("delegated"));
        Files.writeString(root.resolve("delegated/cgroup.controllers"), "cpu\n");
        Files.writeString(root.resolve("delegated/cgroup.subtree_control"), "\n");
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create(root.resolve("delegated/c1"), config("{\"pids\":{\"limit\":5}}")));
        assertEquals("enable controllers for " + root.resolve("delegated/c1") + ": the \"pids\" controller is not "
                + "available in " + root.resolve("delegated") + " (" + root.resolve("delegated/cgroup.controllers")
                + " lists \"cpu\")", e.getMessage());
        assertFalse(Files.exists(root.resolve("delegated/c1")), "what create made is gone again");
        assertTrue(Files.exists(root.resolve("delegated")), "what existed stays");
    }

    @Test
    void enableFailureNamesTheFileAndExplainsEbusy() {
        fs.failWrites.put(root.resolve("jrun/cgroup.subtree_control").toString(), -Errno.EBUSY);
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create(root.resolve("jrun/c1"), config("{\"pids\":{\"limit\":5}}")));
        assertTrue(e.getMessage().startsWith("enable controllers for " + root.resolve("jrun/c1") + ": write \"+pids\" to "
                + root.resolve("jrun/cgroup.subtree_control") + ": device or resource busy ("
                + root.resolve("jrun") + " has processes of its own"), e.getMessage());
        assertFalse(Files.exists(root.resolve("jrun")), "both created levels removed");
    }

    @Test
    void aFailedWriteNamesFieldFileAndValueAndCleansUp() {
        fs.failWrites.put("cpu.max", -Errno.EINVAL);
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create(root.resolve("c1"), config("{\"cpu\":{\"quota\":50000,\"period\":100000}}")));
        assertEquals("linux.resources.cpu.quota: write \"50000 100000\" to " + root.resolve("c1/cpu.max")
                + ": invalid argument", e.getMessage());
        assertFalse(Files.exists(root.resolve("c1")));
    }

    @Test
    void aMissingFileSuggestsTheController() {
        fs.failWrites.put("pids.max", -Errno.ENOENT);
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create(root.resolve("c1"), config("{\"pids\":{\"limit\":5}}")));
        assertEquals("linux.resources.pids.limit: write \"5\" to " + root.resolve("c1/pids.max") + ": no such file or "
                + "directory (the kernel has no such file here: is the \"pids\" controller enabled for this cgroup, "
                + "and does this kernel have pids.max?)", e.getMessage());
    }

    @Test
    void optionalFilesMayBeMissing() {
        // The fake has no hugetlb.2MB.rsvd.max and no memory.swap.max trouble: rsvd is skipped.
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":4194304}]}"));
        assertTrue(fs.writes().contains("c1/hugetlb.2MB.max=4194304"));
        assertTrue(fs.writes().contains("c1/hugetlb.2MB.rsvd.max=4194304"));
        assertTrue(cg.exists());
    }

    @Test
    void cpuBurstIsRetriedAfterCpuMaxOnEinval() {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        fs.log.clear();
        fs.failWrites.put("cpu.max.burst", -Errno.EINVAL);
        // Fail the first burst write only: lift the failure once cpu.max is written.
        FakeCgroupFs spy = fs;
        CgroupKernel once = new DelegatingKernel(spy) {
            @Override
            public int write(Path file, String value) {
                if (file.getFileName().toString().equals("cpu.max")) {
                    spy.failWrites.remove("cpu.max.burst");
                }
                return super.write(file, value);
            }
        };
        Cgroups c2 = new Cgroups(cgroups.hierarchy(), once, tmp.resolve("hugepages"));
        c2.open(cg.ref()).update(config("{\"cpu\":{\"quota\":20000,\"burst\":10000}}"));
        assertEquals(List.of("c1/cpu.max.burst=10000", "c1/cpu.max=20000 100000", "c1/cpu.max.burst=10000"),
                fs.writes().stream().filter(w -> w.startsWith("c1/")).toList());
    }

    @Test
    void ioWeightGoesToBfqOrIoWeightConverted() throws IOException {
        // No BFQ: io.weight with runc's conversion, per-device weights too.
        cgroups.create(root.resolve("c1"), config("{\"blockIO\":{\"weight\":500,\"weightDevice\":[{\"major\":8,"
                + "\"minor\":0,\"weight\":100}]}}"));
        assertEquals(List.of("c1/io.weight=4950", "c1/io.weight=8:0 910"),
                fs.writes().stream().filter(w -> w.startsWith("c1/")).toList());
        // BFQ with per-device weights: the values as given.
        fs.bfq = true;
        fs.log.clear();
        cgroups.create(root.resolve("c2"), config("{\"blockIO\":{\"weight\":500,\"weightDevice\":[{\"major\":8,"
                + "\"minor\":0,\"weight\":100}]}}"));
        assertEquals(List.of("c2/io.bfq.weight=500", "c2/io.bfq.weight=8:0 100"),
                fs.writes().stream().filter(w -> w.startsWith("c2/")).toList());
        // An old BFQ without per-device weights: the default to BFQ, devices to io.weight.
        fs.bfqPerDevice = false;
        fs.log.clear();
        Cgroup c3 = cgroups.create(root.resolve("c3"), config("{\"blockIO\":{\"weight\":500}}"));
        Files.writeString(c3.path().resolve("io.weight"), "default 100\n");
        c3.update(config("{\"blockIO\":{\"weight\":500,\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":100}]}}"));
        assertEquals(List.of("c3/io.bfq.weight=500", "c3/io.bfq.weight=500", "c3/io.weight=8:0 910"),
                fs.writes().stream().filter(w -> w.startsWith("c3/")).toList());
    }

    @Test
    void checkBeforeUpdateRefusesALimitBelowUsage() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{\"memory\":{\"limit\":100000000}}"));
        Files.writeString(cg.path().resolve("memory.current"), "50000000\n");
        fs.log.clear();
        CgroupException e = assertThrows(CgroupException.class,
                () -> cg.update(config("{\"memory\":{\"limit\":40000000,\"checkBeforeUpdate\":true}}")));
        assertEquals("linux.resources.memory.limit: rejecting memory limit 40000000 <= usage 50000000 ("
                + cg.path().resolve("memory.current") + "; memory.checkBeforeUpdate is set)", e.getMessage());
        assertEquals(List.of(), fs.writes(), "nothing written");
        cg.update(config("{\"memory\":{\"limit\":60000000,\"checkBeforeUpdate\":true}}"));
        assertEquals(List.of("c1/memory.max=60000000"), fs.writes());
        // Without the flag the kernel decides (it would OOM-kill), as on v2 by default.
        cg.update(config("{\"memory\":{\"limit\":40000000}}"));
    }

    @Test
    void updateEnablesNewlyNeededControllers() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        Files.writeString(root.resolve("cgroup.subtree_control"), "\n");
        fs.log.clear();
        cg.update(config("{\"cpu\":{\"cpus\":\"0\"}}"));
        assertEquals("cgroup.subtree_control=+cpuset", fs.writes().get(0));
        assertEquals("c1/cpuset.cpus=0", fs.writes().get(fs.writes().size() - 1));
    }

    @Test
    void existingCgroupIsUsedIfEmptyAndNotDestroyedOnFailure() throws IOException {
        fs.mkdir(root.resolve("pod"));
        Files.writeString(root.resolve("pod/cgroup.procs"), "4242\n");
        CgroupException busy = assertThrows(CgroupException.class, () -> cgroups.create(root.resolve("pod"), config("{}")));
        assertEquals("cgroup " + root.resolve("pod") + " is not empty: 1 process(es) found [4242]", busy.getMessage());
        assertTrue(Files.exists(root.resolve("pod")));
        Files.writeString(root.resolve("pod/cgroup.procs"), "");
        Files.writeString(root.resolve("pod/cgroup.freeze"), "1\n");
        CgroupException frozen = assertThrows(CgroupException.class, () -> cgroups.create(root.resolve("pod"), config("{}")));
        assertTrue(frozen.getMessage().endsWith("is frozen (cgroup.freeze is 1)"), frozen.getMessage());
        Files.writeString(root.resolve("pod/cgroup.freeze"), "0\n");
        assertEquals(0, cgroups.create(root.resolve("pod"), config("{}")).ref().createdDepth());
    }

    @Test
    void invalidResourcesCreateNothing() {
        assertThrows(CgroupException.class, () -> cgroups.create(root.resolve("a/b"), config("{\"cpu\":{\"idle\":5}}")));
        assertFalse(Files.exists(root.resolve("a")));
        assertTrue(fs.log.isEmpty(), fs.log.toString());
    }

    @Test
    void threadedParentsRefuseDomainControllers() throws IOException {
        fs.mkdir(root.resolve("t"));
        Files.writeString(root.resolve("t/cgroup.type"), "threaded\n");
        CgroupException e = assertThrows(CgroupException.class,
                () -> cgroups.create(root.resolve("t/c1"), config("{\"memory\":{\"limit\":1000000}}")));
        assertTrue(e.getMessage().contains("its cgroup.type is \"threaded\""), e.getMessage());
        // pids is thread-aware: fine.
        cgroups.create(root.resolve("t/c2"), config("{\"pids\":{\"limit\":3}}"));
    }

    @Test
    void pathsOutsideTheRootAreRefused() {
        assertThrows(CgroupException.class, () -> cgroups.create(tmp.resolve("elsewhere"), config("{}")));
        assertThrows(CgroupException.class, () -> cgroups.create(root, config("{}")));
        assertThrows(CgroupException.class, () -> cgroups.create(root.resolve("a/../../x"), config("{}")));
    }

    @Test
    void destroyRemovesTheCgroupItsChildrenAndOnlyEmptyParentsItCreated() throws IOException {
        Cgroup c1 = cgroups.create(root.resolve("jrun/c1"), config("{}"));
        Cgroup c2 = cgroups.create(root.resolve("jrun/c2"), config("{}"));
        assertEquals(2, c1.ref().createdDepth());
        assertEquals(1, c2.ref().createdDepth());
        fs.mkdir(root.resolve("jrun/c1/nested")); // the container made a cgroup of its own
        c1.destroy();
        assertFalse(Files.exists(root.resolve("jrun/c1")));
        assertTrue(Files.exists(root.resolve("jrun")), "jrun/ still holds c2");
        c2.destroy();
        assertTrue(Files.exists(root.resolve("jrun")), "c2 did not create jrun/");
        cgroups.open(new CgroupRef(root.resolve("jrun/c3").toString(), 2)).destroy(); // gone already: fine
        assertFalse(Files.exists(root.resolve("jrun")), "c3's ref says it created jrun/, which is empty now");
    }

    @Test
    void destroyOfABusyCgroupNamesItsProcesses() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        Files.writeString(cg.path().resolve("cgroup.procs"), "77\n");
        CgroupException e = assertThrows(CgroupException.class, cg::destroy);
        assertEquals("remove cgroup " + cg.path() + ": device or resource busy for 300ms (processes left: [77])",
                e.getMessage());
    }

    @Test
    void destroyWaitsPastRuncsSecondForACgroupThatEmpties() throws Exception {
        Cgroups patient = fs.cgroups(tmp.resolve("hugepages"), Duration.ofSeconds(60));
        Cgroup cg = patient.create(root.resolve("c1"), config("{}"));
        Files.writeString(cg.path().resolve("cgroup.procs"), "77\n");
        // the kernel releases the exited task only after 1.5 s (runc gives up after ~1 s)
        Thread kernel = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(1500);
                Files.writeString(cg.path().resolve("cgroup.procs"), "");
            } catch (IOException | InterruptedException ex) {
                throw new RuntimeException(ex);
            }
        });
        long t0 = System.nanoTime();
        cg.destroy();
        kernel.join();
        assertFalse(Files.exists(cg.path()));
        assertTrue(System.nanoTime() - t0 >= 1_500_000_000L);
    }

    @Test
    void killUsesCgroupKillAgainUntilEmpty() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        cg.killAll(); // populated 0 already: nothing to do
        assertEquals(List.of(), killWrites());
        Files.writeString(cg.path().resolve("cgroup.procs"), "11\n12\n");
        Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        fs.killsToDie.put(11, 1);
        fs.killsToDie.put(12, 3); // e.g. a process that forked twice before the signals
        cg.killAll();
        assertTrue(cg.isEmpty());
        assertEquals(3, killWrites().size(), "again and again until both were gone");
    }

    private List<String> killWrites() {
        return fs.writes().stream().filter(w -> w.endsWith("cgroup.kill=1")).toList();
    }

    @Test
    void killWithoutCgroupKillSignalsEveryPidUntilGone() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        Files.delete(cg.path().resolve("cgroup.kill"));
        Files.delete(cg.path().resolve("cgroup.events"));
        Files.writeString(cg.path().resolve("cgroup.procs"), "11\n12\n");
        fs.killsToDie.put(11, 1);
        fs.killsToDie.put(12, 2);
        cg.killAll();
        assertEquals(List.of(), cg.allPids());
        assertEquals(1, fs.kills.stream().filter(k -> k[0] == 11 && k[1] == 9).count());
        assertEquals(2, fs.kills.stream().filter(k -> k[0] == 12 && k[1] == 9).count());
    }

    @Test
    void aThreadedCgroupIsKilledPidByPid() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        fs.failWrites.put("cgroup.kill", -Errno.EOPNOTSUPP);
        Files.writeString(cg.path().resolve("cgroup.procs"), "11\n");
        Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        fs.killsToDie.put(11, 1);
        cg.killAll();
        assertTrue(cg.isEmpty());
        assertEquals(1, fs.kills.size());
    }

    @Test
    void killHasNoDeadline() throws Exception {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        Files.writeString(cg.path().resolve("cgroup.procs"), "11\n");
        Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        // a process that takes 2 s to go, well past this fake's bound (300 ms) and report interval
        Thread kernel = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(2000);
                Files.writeString(cg.path().resolve("cgroup.procs"), "");
                Files.writeString(cg.path().resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            } catch (IOException | InterruptedException ex) {
                throw new RuntimeException(ex);
            }
        });
        cg.killAll();
        kernel.join();
        assertTrue(cg.isEmpty());
        assertTrue(killWrites().size() > 1, "signalled again while waiting: " + killWrites());
    }

    @Test
    void aKillThatCannotBeSentEndsTheWait() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        fs.failWrites.put("cgroup.kill", -Errno.EACCES);
        CgroupException e = assertThrows(CgroupException.class, cg::killAll);
        assertEquals("kill the processes of " + cg.path() + ": write \"1\" to " + cg.path().resolve("cgroup.kill")
                + ": permission denied", e.getMessage());
    }

    @Test
    void freezeTimesOutOnAFakeAndThawsAgain() {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        CgroupException e = assertThrows(CgroupException.class, cg::freeze);
        assertEquals("freeze cgroup " + cg.path() + ": " + cg.path().resolve("cgroup.events")
                + " did not say \"frozen 1\" within 300ms (0 processes; a process in an uninterruptible sleep, D,"
                + " is not frozen until it leaves it); thawed it again", e.getMessage());
        assertEquals(List.of("c1/cgroup.freeze=1", "c1/cgroup.freeze=0"),
                fs.writes().stream().filter(w -> w.contains("freeze")).toList());
    }

    @Test
    void thawUnderAFrozenAncestorNamesIt() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("pod/c1"), config("{}"));
        Files.writeString(root.resolve("pod/cgroup.freeze"), "1\n");
        Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        CgroupException e = assertThrows(CgroupException.class, cg::thaw);
        assertEquals("thaw cgroup " + cg.path() + ": " + cg.path().resolve("cgroup.events")
                + " did not say \"frozen 0\" within 300ms (" + root.resolve("pod/cgroup.freeze")
                + " is 1: the cgroup stays frozen while " + root.resolve("pod") + " is)", e.getMessage());
    }

    @Test
    void freezeReturnsWhenEventsSayFrozen() throws Exception {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        // Another thread plays the kernel: it reports "frozen 1" once cgroup.freeze is 1.
        Thread kernel = Thread.ofPlatform().start(() -> {
            try {
                while (!Files.readString(cg.path().resolve("cgroup.freeze")).strip().equals("1")) {
                    Thread.onSpinWait();
                }
                Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 1\n");
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        cg.freeze();
        kernel.join();
        assertEquals(FreezerState.FROZEN, cg.freezerState());
    }

    @Test
    void deviceProgramIsReplacedOnUpdate() {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        List<Integer> first = List.copyOf(fs.attached.get(cg.path()));
        cg.update(config("{\"devices\":[{\"allow\":true,\"access\":\"rwm\"}]}"));
        List<Integer> second = fs.attached.get(cg.path());
        assertEquals(1, second.size());
        assertFalse(first.equals(second));
        assertTrue(fs.log.stream().anyMatch(c -> c.op().equals("bpf-replace")), "BPF_F_REPLACE of the one old program");
        assertEquals(0, fs.openFds);
    }

    @Test
    void withoutReplaceOrWithManyOldProgramsItAttachesThenDetaches() {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        fs.supportReplace = false;
        cg.update(config("{}"));
        assertEquals(1, fs.attached.get(cg.path()).size());
        // Three programs attached (someone else's too): ours replaces them all.
        fs.attached.get(cg.path()).add(fs.attached.get(cg.path()).get(0));
        fs.attached.get(cg.path()).add(fs.attached.get(cg.path()).get(0));
        fs.supportReplace = true;
        cg.update(config("{}"));
        assertEquals(1, fs.attached.get(cg.path()).size());
        assertEquals(0, fs.openFds);
    }

    @Test
    void statsFromTheFiles() throws IOException {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{\"memory\":{\"limit\":1048576},\"pids\":{\"limit\":16}}"));
        Path d = cg.path();
        Files.writeString(d.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 10\n"
                + "nr_throttled 2\nthrottled_usec 300\nnr_bursts 1\nburst_usec 7\n");
        Files.writeString(d.resolve("memory.current"), "4096\n");
        Files.writeString(d.resolve("memory.peak"), "8192\n");
        Files.writeString(d.resolve("memory.swap.current"), "100\n");
        Files.writeString(d.resolve("memory.swap.max"), "max\n");
        Files.writeString(d.resolve("memory.stat"), "anon 3000\nfile 1096\n");
        Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 5\noom 2\noom_kill 1\n");
        Files.writeString(d.resolve("pids.current"), "3\n");
        Files.writeString(d.resolve("io.stat"), "8:0 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n");
        Files.writeString(d.resolve("hugetlb.2MB.current"), "2097152\n");
        Files.writeString(d.resolve("hugetlb.2MB.events"), "max 4\n");
        CgroupStats s = cg.stats();
        assertEquals(new CgroupStats.CpuUsage(1_500_000, 500_000, 1_000_000), s.cpu().usage());
        assertEquals(new CgroupStats.Throttling(10, 2, 300_000, 1, 7_000), s.cpu().throttling());
        assertEquals(new CgroupStats.MemoryEntry(1048576, 4096, 8192, 5), s.memory().usage());
        assertEquals(new CgroupStats.MemoryEntry(-1, 4196, 0, 0), s.memory().swap());
        assertEquals(1096, s.memory().cache());
        assertEquals(2, s.memory().oom());
        assertEquals(1, s.memory().oomKill());
        assertEquals(3000L, s.memory().raw().get("anon"));
        assertEquals(new CgroupStats.Pids(3, 16), s.pids());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 1459200),
                new CgroupStats.BlkioEntry(8, 0, "Write", 314773504)), s.blkio().ioServiceBytesRecursive());
        assertEquals(List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 192), new CgroupStats.BlkioEntry(8, 0, "Write", 353)),
                s.blkio().ioServicedRecursive());
        assertEquals(new CgroupStats.Hugetlb(2097152, 0, 4), s.hugetlb().get("2MB"));
    }

    @Test
    void statsWithoutControllersCountProcesses() throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "\n");
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{}"));
        Files.writeString(cg.path().resolve("cgroup.procs"), "5\n6\n");
        CgroupStats s = cg.stats();
        assertEquals(new CgroupStats.Pids(2, 0), s.pids());
        assertEquals(0, s.memory().usage().usage());
        assertEquals(java.util.Map.of(), s.hugetlb());
    }

    @Test
    void oomWatcherReportsIncrementsAndEnds() throws Exception {
        Cgroup cg = cgroups.create(root.resolve("c1"), config("{\"memory\":{\"limit\":1048576}}"));
        Path events = cg.path().resolve("memory.events");
        Files.writeString(cg.path().resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        try (OomWatcher w = cg.watchOom()) {
            assertEquals(0, w.await(java.time.Duration.ofMillis(50)));
            Files.writeString(events, "low 0\nhigh 0\nmax 3\noom 2\noom_kill 2\n");
            assertEquals(2, w.await(java.time.Duration.ofSeconds(5)));
            assertEquals(2, w.total());
            Files.writeString(cg.path().resolve("cgroup.events"), "populated 0\nfrozen 0\n");
            assertEquals(OomWatcher.ENDED, w.await(java.time.Duration.ofSeconds(5)));
        }
    }

    /** Forwards to another kernel; for tests that tweak one call. */
    static class DelegatingKernel implements CgroupKernel {
        final CgroupKernel k;

        DelegatingKernel(CgroupKernel k) {
            this.k = k;
        }

        @Override public int write(Path file, String value) { return k.write(file, value); }
        @Override public int mkdir(Path dir) { return k.mkdir(dir); }
        @Override public int rmdir(Path dir) { return k.rmdir(dir); }
        @Override public int kill(int pid, int signal) { return k.kill(pid, signal); }
        @Override public int openPath(Path dir) { return k.openPath(dir); }
        @Override public int openDirectory(Path dir) { return k.openDirectory(dir); }
        @Override public void close(int fd) { k.close(fd); }
        @Override public int loadDeviceProgram(byte[] i, String l, StringBuilder v) { return k.loadDeviceProgram(i, l, v); }
        @Override public int[] queryDevicePrograms(int fd) { return k.queryDevicePrograms(fd); }
        @Override public int deviceProgramById(int id) { return k.deviceProgramById(id); }
        @Override public int attachDeviceProgram(int c, int p, int r) { return k.attachDeviceProgram(c, p, r); }
        @Override public int detachDeviceProgram(int c, int p) { return k.detachDeviceProgram(c, p); }
        @Override public int openFile(Path file) { return k.openFile(file); }
        @Override public int eventfd() { return k.eventfd(); }
        @Override public long readEventfd(int fd, int timeoutMillis) { return k.readEventfd(fd, timeoutMillis); }
    }
}
