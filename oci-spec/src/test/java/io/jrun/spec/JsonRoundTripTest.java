package io.jrun.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonRoundTripTest {

    @Test
    void runcSpecOutputRoundTripsByteForByte() {
        for (String name : List.of("runc-spec-default.json", "runc-spec-rootless.json")) {
            String runc = TestSupport.resource(name);
            Spec spec = TestSupport.parseConfig(runc);
            assertEquals(runc, Json.toPrettyJson(spec, Json.Indent.TAB), name);
        }
    }

    @Test
    void prettyJsonWithTwoSpacesKeepsTheSameDocument() throws IOException {
        Spec spec = TestSupport.parseConfig(TestSupport.resource("runc-spec-default.json"));
        String twoSpaces = Json.toPrettyJson(spec, Json.Indent.TWO_SPACES);
        assertTrue(twoSpaces.startsWith("{\n  \"ociVersion\": \"1.0.2-dev\",\n  \"process\": {\n    \"terminal\": true,"),
                twoSpaces);
        assertEquals(TestSupport.mapper().readTree(TestSupport.resource("runc-spec-default.json")),
                TestSupport.mapper().readTree(twoSpaces));
    }

    @Test
    void dockerStyleConfigWithUnknownFieldsParses() {
        Spec spec = TestSupport.parseConfig(TestSupport.resource("docker-config.json"));

        assertEquals("1.2.0", spec.ociVersion());
        assertEquals(List.of("sh", "-c", "echo hi"), spec.process().args());
        assertEquals(11, spec.process().user().additionalGids().size());
        assertEquals("docker-default", spec.process().apparmorProfile());
        assertEquals(0, spec.process().oomScoreAdj());
        assertNull(spec.process().capabilities().ambient());
        assertEquals(2, spec.mounts().size());
        assertEquals("/proc/4047/exe", spec.hooks().prestart().getFirst().path());
        assertEquals("busybox", spec.annotations().get("org.opencontainers.image.ref.name"));

        LinuxResources resources = spec.linux().resources();
        assertEquals(536870912L, resources.memory().limit());
        assertEquals(-1L, resources.memory().swap());
        assertEquals(1024L, resources.cpu().shares());
        assertEquals("0-1", resources.cpu().cpus());
        assertEquals(1024L, resources.pids().limit());
        assertEquals(500, resources.blockIO().weight());
        assertEquals(1048576L, resources.blockIO().throttleReadBpsDevice().getFirst().rate());
        assertEquals(209715200L, resources.hugepageLimits().getFirst().limit());
        assertNull(resources.devices().get(2).minor());
        assertEquals("500000000", resources.unified().get("memory.high"));
        assertEquals("system.slice:docker:4f1c2b3a", spec.linux().cgroupsPath());
        assertEquals(6, spec.linux().namespaces().size());
        assertEquals(38L, spec.linux().seccomp().syscalls().get(2).errnoRet());
        assertEquals(4294967295L, spec.linux().seccomp().syscalls().get(1).args().getFirst().value());
        assertEquals("grp1", spec.linux().intelRdt().closID());
    }

    @Test
    void dockerStyleConfigSurvivesWriteAndReadWithUnknownFieldsDropped() throws IOException {
        Spec spec = TestSupport.parseConfig(TestSupport.resource("docker-config.json"));
        String written = Json.toJson(spec);
        assertEquals(spec, TestSupport.parseConfig(written));
        JsonNode tree = TestSupport.mapper().readTree(written);
        assertFalse(tree.has("windows"));
        assertFalse(tree.has("x-engine-private"));
        assertFalse(tree.at("/process").has("futureProcessField"));
        assertFalse(tree.at("/hooks").has("futureHookPoint"));
    }

    @Test
    void rlimitInfinityRoundTripsAsUnsigned() {
        String json = """
                {"ociVersion": "1.3.0", "process": {"cwd": "/", "args": ["sh"], "rlimits": [
                  {"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 18446744073709551614},
                  {"type": "RLIMIT_CORE", "hard": 9223372036854775808, "soft": 9223372036854775807}]}}""";
        Spec spec = TestSupport.parseConfig(json);
        PosixRlimit nofile = spec.process().rlimits().get(0);
        assertEquals(PosixRlimit.INFINITY, nofile.hard());
        assertEquals(-2L, nofile.soft());
        assertEquals(Long.MIN_VALUE, spec.process().rlimits().get(1).hard());

        String written = Json.toJson(spec);
        assertTrue(written.contains("\"hard\":18446744073709551615,\"soft\":18446744073709551614"), written);
        assertTrue(written.contains("\"hard\":9223372036854775808,\"soft\":9223372036854775807"), written);
        assertEquals(spec, TestSupport.parseConfig(written));
        assertEquals("18446744073709551615",
                TestSupport.mapper().valueToTree(spec).at("/process/rlimits/0/hard").bigIntegerValue().toString(),
                "a JSON tree keeps the exact unsigned value");
    }

    @Test
    void requiredNumbersThatAreAbsentOrNullReadAsZeroLikeGo() {
        Spec spec = TestSupport.parseConfig("""
                {"process": {"user": {"uid": null}, "rlimits": [{"type": "RLIMIT_NOFILE", "hard": null}]}}""");
        assertEquals(0L, spec.process().user().uid());
        assertEquals(0L, spec.process().user().gid());
        assertEquals(new PosixRlimit("RLIMIT_NOFILE", 0, 0), spec.process().rlimits().getFirst());
        assertNull(TestSupport.parseConfig("{\"linux\": {\"resources\": {\"cpu\": {\"shares\": null}}}}")
                .linux().resources().cpu().shares(), "an optional unsigned number stays null");
    }

    @Test
    void uint32FieldsHoldValuesAboveTwoToThe31() {
        String json = """
                {"ociVersion": "1.3.0", "process": {"cwd": "/", "args": ["sh"],
                  "user": {"uid": 4294967295, "gid": 3000000000}},
                 "linux": {"uidMappings": [{"containerID": 0, "hostID": 4294967294, "size": 1}]}}""";
        Spec spec = TestSupport.parseConfig(json);
        assertEquals(4294967295L, spec.process().user().uid());
        assertEquals(3000000000L, spec.process().user().gid());
        assertEquals(4294967294L, spec.linux().uidMappings().getFirst().hostID());
        assertTrue(Json.toJson(spec).contains("\"uid\":4294967295,\"gid\":3000000000"));
    }

    @Test
    void absentFieldsAreNullAndNotWritten() {
        Spec spec = TestSupport.parseConfig("{\"ociVersion\": \"1.3.0\", \"process\": {\"cwd\": \"/\"}}");
        assertNull(spec.root());
        assertNull(spec.mounts());
        assertNull(spec.linux());
        assertNull(spec.process().env());
        assertNull(spec.process().oomScoreAdj());
        assertEquals(List.of(), spec.process().envOrEmpty());
        assertEquals(List.of(), spec.mountsOrEmpty());
        assertEquals(Map.of(), spec.annotationsOrEmpty());
        assertFalse(spec.process().terminal());
        assertEquals(0, spec.process().userOrRoot().uid());
        // Go's User is not a pointer, so runc always writes it; jrun leaves an absent one out.
        assertEquals("{\"ociVersion\":\"1.3.0\",\"process\":{\"cwd\":\"/\"}}", Json.toJson(spec));
    }

    @Test
    void outputFollowsSpecFieldOrderWhateverTheInputOrder() throws IOException {
        String json = """
                {"linux": {"readonlyPaths": ["/proc/bus"], "namespaces": [{"path": "/proc/1/ns/pid", "type": "pid"}]},
                 "mounts": [{"options": ["ro"], "source": "/src", "type": "bind", "destination": "/dst"}],
                 "root": {"readonly": true, "path": "rootfs"},
                 "process": {"cwd": "/", "env": ["A=1"], "args": ["sh"], "user": {"gid": 2, "uid": 1}, "terminal": true},
                 "ociVersion": "1.3.0"}""";
        String written = Json.toJson(TestSupport.parseConfig(json));
        assertEquals("{\"ociVersion\":\"1.3.0\","
                + "\"process\":{\"terminal\":true,\"user\":{\"uid\":1,\"gid\":2},\"args\":[\"sh\"],\"env\":[\"A=1\"],\"cwd\":\"/\"},"
                + "\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
                + "\"mounts\":[{\"destination\":\"/dst\",\"type\":\"bind\",\"source\":\"/src\",\"options\":[\"ro\"]}],"
                + "\"linux\":{\"namespaces\":[{\"type\":\"pid\",\"path\":\"/proc/1/ns/pid\"}],\"readonlyPaths\":[\"/proc/bus\"]}}",
                written);
    }

    @Test
    void everyLinuxField13RoundTrips() {
        String json = """
                {"ociVersion": "1.3.0",
                 "process": {"terminal": true, "consoleSize": {"height": 24, "width": 80},
                   "user": {"uid": 1, "gid": 1, "umask": 18, "additionalGids": [5]},
                   "args": ["sh"], "env": ["A=b"], "cwd": "/",
                   "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "inheritable": ["CAP_KILL"],
                     "permitted": ["CAP_KILL"], "ambient": ["CAP_KILL"]},
                   "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 10, "soft": 5}],
                   "noNewPrivileges": true, "apparmorProfile": "p", "oomScoreAdj": -500,
                   "scheduler": {"policy": "SCHED_DEADLINE", "nice": -2, "priority": 3, "flags": ["SCHED_FLAG_RECLAIM"],
                     "runtime": 1000, "deadline": 2000, "period": 18446744073709551615},
                   "selinuxLabel": "system_u:system_r:container_t:s0",
                   "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
                   "execCPUAffinity": {"initial": "0", "final": "1-3"}},
                 "root": {"path": "rootfs"},
                 "hostname": "h", "domainname": "d",
                 "mounts": [{"destination": "/data", "type": "bind", "source": "/srv", "options": ["rbind"],
                   "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 10}],
                   "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 10}]}],
                 "hooks": {"prestart": [{"path": "/a"}], "createRuntime": [{"path": "/b", "args": ["b", "x"], "env": ["K=v"], "timeout": 5}],
                   "createContainer": [{"path": "/c"}], "startContainer": [{"path": "/d"}], "poststart": [{"path": "/e"}],
                   "poststop": [{"path": "/f"}]},
                 "annotations": {"a": "b"},
                 "linux": {
                   "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 65536}],
                   "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 65536}],
                   "sysctl": {"net.ipv4.ip_forward": "1"},
                   "resources": {
                     "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"}],
                     "memory": {"limit": 1, "reservation": 2, "swap": 3, "kernel": 4, "kernelTCP": 5, "swappiness": 60,
                       "disableOOMKiller": true, "useHierarchy": false, "checkBeforeUpdate": true},
                     "cpu": {"shares": 18446744073709551615, "quota": -1, "burst": 7, "period": 100000, "realtimeRuntime": 950000,
                       "realtimePeriod": 1000000, "cpus": "0-3", "mems": "0", "idle": 1},
                     "pids": {"limit": 32},
                     "blockIO": {"weight": 10, "leafWeight": 65535,
                       "weightDevice": [{"major": 8, "minor": 0, "weight": 500, "leafWeight": 300}],
                       "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 600}],
                       "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 700}],
                       "throttleReadIOPSDevice": [{"major": 8, "minor": 0, "rate": 800}],
                       "throttleWriteIOPSDevice": [{"major": 8, "minor": 0, "rate": 900}]},
                     "hugepageLimits": [{"pageSize": "2MB", "limit": 9223372036854775808}],
                     "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 500}]},
                     "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
                     "unified": {"io.max": "8:0 rbps=1024"}},
                   "cgroupsPath": "/jrun/c1",
                   "namespaces": [{"type": "pid"}, {"type": "network", "path": "/var/run/netns/n"}, {"type": "mount"},
                     {"type": "ipc"}, {"type": "uts"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}],
                   "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}],
                   "netDevices": {"eth1": {"name": "ctr1"}, "eth2": {}},
                   "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "architectures": ["SCMP_ARCH_X86_64"],
                     "flags": ["SECCOMP_FILTER_FLAG_LOG"], "listenerPath": "/run/seccomp.sock", "listenerMetadata": "meta",
                     "syscalls": [{"names": ["getcwd"], "action": "SCMP_ACT_ALLOW", "errnoRet": 5,
                       "args": [{"index": 1, "value": 18446744073709551615, "valueTwo": 2, "op": "SCMP_CMP_MASKED_EQ"}]}]},
                   "rootfsPropagation": "rslave",
                   "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"],
                   "mountLabel": "system_u:object_r:container_file_t:s0",
                   "intelRdt": {"closID": "c", "schemata": ["L3:0=ff"], "l3CacheSchema": "L3:0=f", "memBwSchema": "MB:0=70",
                     "enableMonitoring": true},
                   "memoryPolicy": {"mode": "MPOL_INTERLEAVE", "nodes": "0-3", "flags": ["MPOL_F_STATIC_NODES"]},
                   "personality": {"domain": "LINUX32", "flags": []},
                   "timeOffsets": {"monotonic": {"secs": -86400, "nanosecs": 5}, "boottime": {"secs": 1}}}}""";
        Spec spec = TestSupport.parseConfig(json);
        String written = Json.toJson(spec);
        try {
            assertEquals(TestSupport.mapper().readTree(json), TestSupport.mapper().readTree(written));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("1-3", spec.process().execCPUAffinity().finalAffinity());
        assertEquals("IOPRIO_CLASS_BE", spec.process().ioPriority().ioClass());
        assertEquals(-1L, spec.process().scheduler().period());
        assertEquals(Long.MIN_VALUE, spec.linux().resources().hugepageLimits().getFirst().limit());
        assertEquals(65535, spec.linux().resources().blockIO().leafWeight());
        assertEquals("ctr1", spec.linux().netDevices().get("eth1").name());
        assertEquals(-86400L, spec.linux().timeOffsets().get("monotonic").secs());
        assertTrue(spec.linux().intelRdt().enableMonitoring());
    }

    @Test
    void dockerAndPodmanSeccompProfilesParse() {
        LinuxSeccomp docker = Json.parse(TestSupport.resource("docker-seccomp-profile.json"), LinuxSeccomp.class,
                "default.json");
        assertEquals("SCMP_ACT_ERRNO", docker.defaultAction());
        assertEquals(1L, docker.defaultErrnoRet());
        assertEquals(7, docker.syscalls().size());
        assertEquals(2114060288L, docker.syscalls().get(5).args().getFirst().value());
        assertEquals("SCMP_CMP_MASKED_EQ", docker.syscalls().get(5).args().getFirst().op());
        assertEquals(38L, docker.syscalls().get(6).errnoRet());

        LinuxSeccomp podman = Json.parse(TestSupport.resource("podman-seccomp-profile.json"), LinuxSeccomp.class,
                "seccomp.json");
        assertEquals(38L, podman.defaultErrnoRet());
        assertEquals(List.of(), podman.syscalls().getFirst().args());
        assertEquals(0L, podman.syscalls().get(1).args().getFirst().valueTwo());
    }

    @Test
    void installedPodmanProfileParsesWhenPresent() throws IOException {
        // Reads the machine's real profile when containers-common is installed.
        Path installed = Path.of("/usr/share/containers/seccomp.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(installed), "no " + installed);
        LinuxSeccomp profile = Json.read(installed, LinuxSeccomp.class, "seccomp.json");
        assertFalse(profile.syscallsOrEmpty().isEmpty());
        assertTrue(profile.syscallsOrEmpty().stream().allMatch(s -> s.action() != null && !s.namesOrEmpty().isEmpty()));
    }

    @Test
    void stateRoundTripsAndIsWrittenAtomically(@TempDir Path dir) throws IOException {
        State state = new State(SpecVersion.CURRENT, "c1", State.CREATED, 4242, "/bundles/c1",
                Map.of("org.example", "x"));
        Path file = dir.resolve("state.json");
        Json.writeState(file, state);
        assertEquals(state, Json.readState(file));
        assertEquals("{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"status\":\"created\",\"pid\":4242,"
                + "\"bundle\":\"/bundles/c1\",\"annotations\":{\"org.example\":\"x\"}}", Files.readString(file));

        State stopped = new State(state.ociVersion(), state.id(), State.STOPPED, 0, state.bundle(), state.annotations());
        Json.writeState(file, stopped);
        assertEquals(stopped, Json.readState(file));
        assertFalse(Files.readString(file).contains("\"pid\""), "pid 0 is left out, as Go's omitempty does");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void featuresRoundTrip() throws IOException {
        String json = """
                {
                    "ociVersionMin": "1.0.0",
                    "ociVersionMax": "1.3.0",
                    "hooks": ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
                    "mountOptions": ["ro", "rbind", "idmap"],
                    "linux": {
                        "namespaces": ["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"],
                        "capabilities": ["CAP_CHOWN", "CAP_CHECKPOINT_RESTORE"],
                        "cgroup": {"v1": true, "v2": true, "systemd": false, "systemdUser": false, "rdma": true},
                        "seccomp": {"enabled": true, "actions": ["SCMP_ACT_ALLOW"], "operators": ["SCMP_CMP_EQ"],
                            "archs": ["SCMP_ARCH_X86_64"], "knownFlags": ["SECCOMP_FILTER_FLAG_LOG"],
                            "supportedFlags": ["SECCOMP_FILTER_FLAG_LOG"]},
                        "apparmor": {"enabled": false},
                        "selinux": {"enabled": false},
                        "intelRdt": {"enabled": false, "schemata": true, "monitoring": false},
                        "memoryPolicy": {"modes": ["MPOL_DEFAULT", "MPOL_BIND"], "flags": ["MPOL_F_STATIC_NODES"]},
                        "mountExtensions": {"idmap": {"enabled": true}},
                        "netDevices": {"enabled": true}
                    },
                    "annotations": {"io.jrun.version": "0.1.0"},
                    "potentiallyUnsafeConfigAnnotations": ["io.jrun.unsafe."],
                    "futureFeature": {"x": 1}
                }""";
        Features features = Json.parse(json, Features.class, "features");
        assertTrue(features.linux().mountExtensions().idmap().enabled());
        assertTrue(features.linux().intelRdt().schemata());
        assertEquals(List.of("MPOL_DEFAULT", "MPOL_BIND"), features.linux().memoryPolicy().modes());
        String written = Json.toPrettyJson(features, Json.Indent.FOUR_SPACES);
        assertEquals(features, Json.parse(written, Features.class, "features"));
        JsonNode expected = TestSupport.mapper().readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("futureFeature");
        assertEquals(expected, TestSupport.mapper().readTree(written));
    }

    @Test
    void processDocumentForExecReadsFromFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("process.json");
        Files.writeString(file, """
                {"terminal": false, "user": {"uid": 1000, "gid": 1000}, "args": ["ls", "-l"],
                 "env": ["PATH=/bin"], "cwd": "/tmp", "capabilities": {"bounding": ["CAP_KILL"]}}""");
        Process process = Json.readProcess(file);
        assertEquals(List.of("ls", "-l"), process.args());
        assertEquals(1000L, process.user().uid());
        assertEquals(List.of(), SpecValidator.validateProcess(process));
    }

    @Test
    void writePrettyRefusesToOverwriteWithCreateNew(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Json.writePretty(file, SpecDefaults.example(), Json.Indent.TAB, java.nio.file.StandardOpenOption.CREATE_NEW);
        assertEquals(SpecDefaults.example(), Json.readConfig(dir));
        org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> Json.writePretty(file, SpecDefaults.example(), Json.Indent.TAB,
                        java.nio.file.StandardOpenOption.CREATE_NEW));
    }

    @Test
    void recordsAreImmutable() {
        Spec spec = TestSupport.parseConfig(TestSupport.resource("docker-config.json"));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> spec.process().args().add("x"));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> spec.linux().sysctl().put("a", "b"));
    }
}
