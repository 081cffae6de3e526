package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrun.core.seccomp.EngineProfiles;
import io.jrun.spec.LinuxSeccomp;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * linux.seccomp, seen from inside: Docker's and podman's default profiles let busybox work and
 * make the syscalls they block fail with the profile's errno; rules on argument values, KILL
 * actions, and exec'd processes under the container's filter. Each bundle also runs under runc
 * from Debian (libseccomp) in the same test, when runc is not itself the runtime under test:
 * the outcomes must be the same.
 * <p>
 * The probes are chosen so that the profile decides, not the capabilities: the containers hold
 * CAP_SYS_ADMIN, which the engine's profile was not resolved for (as if the engine were told of
 * fewer capabilities than the container gets), so without seccomp these syscalls succeed, or fail
 * with another errno ({@link #withoutSeccompTheProbesSucceed}).
 */
class SeccompIT {
    @RegisterExtension
    final Containers containers = new Containers();

    /**
     * {@code t NAME COMMAND...} prints "NAME STATUS ERROR": the command's exit status and the
     * last part of its error message, the errno's text ("Operation not permitted").
     */
    private static final String PROBE = "t() { name=$1; shift; msg=$(\"$@\" 2>&1 >/dev/null); echo \"$name $? ${msg##*: }\"; }\n";

    /** What busybox does normally, and the syscalls the engines' profiles decide on. */
    private static final String PROBES = PROBE + """
            ls / >/dev/null && cat /etc/passwd >/dev/null && sleep 0 && echo "busybox ok"
            grep '^Seccomp:' /proc/self/status
            t unshare unshare -n true
            t sethostname hostname seccomp-test
            t swapon swapon /dev/null
            t swapoff swapoff /dev/null
            t 'personality(PER_LINUX)' linux64 true
            t 'personality(PER_LINUX32)' linux32 true
            t 'personality(PER_LINUX|ADDR_NO_RANDOMIZE)' linux64 -R true
            """;

    private static final String EPERM = "Operation not permitted";
    private static final String ENOSYS = "Function not implemented";
    private static final String EINVAL = "Invalid argument";

    private Optional<RuncOracle> runc;

    /** runc beside the runtime under test, one per test; empty when runc is the runtime under test. */
    private Optional<RuncOracle> runc() {
        if (runc == null) {
            runc = RuncOracle.beside(containers);
        }
        return runc;
    }

    private Bundle withSysAdmin(Bundle bundle) {
        JsonNode caps = bundle.process().path("capabilities");
        for (String set : List.of("bounding", "effective", "permitted", "ambient")) {
            ((ObjectNode) caps).withArray(set).add("CAP_SYS_ADMIN");
        }
        return bundle;
    }

    /** An engine's profile as its linux.seccomp in config.json. */
    private static JsonNode engineProfile(LinuxSeccomp seccomp) {
        return Json.parse(io.jrun.spec.Json.toJson(seccomp));
    }

    private Bundle bundle(JsonNode seccomp, String script) {
        Bundle bundle = withSysAdmin(containers.bundle().sh(script));
        if (seccomp != null) {
            bundle.linux().set("seccomp", seccomp);
        }
        return bundle;
    }

    /**
     * Runs {@code bundle} in the foreground with the runtime under test and with runc (unless it
     * is the runtime under test), and asserts that both print {@code expected}.
     */
    private void assertOutcomes(List<String> expected, Bundle bundle) {
        assertSameOutcomes(expected, bundle, b -> containers.run(b), RuncOracle::run);
    }

    private void assertSameOutcomes(List<String> expected, Bundle bundle, Function<Bundle, Result> underTest,
                                    BiFunction<RuncOracle, Bundle, Result> withRunc) {
        Result result = underTest.apply(bundle);
        Optional<Result> byRunc = runc().map(oracle -> withRunc.apply(oracle, bundle));
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(expected, result.ok().lines(), result.toString()));
        byRunc.ifPresent(r -> checks.add(() -> assertEquals(expected, r.ok().lines(), "runc (the oracle): " + r)));
        assertAll(checks);
    }

    @Test
    void withoutSeccompTheProbesSucceed() {
        assertOutcomes(List.of("busybox ok", "Seccomp:\t0",
                "unshare 0", "sethostname 0", "swapon 1 " + EINVAL, "swapoff 1 " + EINVAL,
                "personality(PER_LINUX) 0", "personality(PER_LINUX32) 0", "personality(PER_LINUX|ADDR_NO_RANDOMIZE) 0"),
                bundle(null, PROBES));
    }

    @Test
    void dockersDefaultProfileRunsBusyboxAndBlocksWithEperm() {
        // what it allows only with CAP_SYS_ADMIN, and what it does not list, fail with its defaultErrnoRet: EPERM;
        // personality is allowed for a few values of its argument only
        assertOutcomes(List.of("busybox ok", "Seccomp:\t2",
                "unshare 1 " + EPERM, "sethostname 1 " + EPERM, "swapon 1 " + EPERM, "swapoff 1 " + EPERM,
                "personality(PER_LINUX) 0", "personality(PER_LINUX32) 0",
                "personality(PER_LINUX|ADDR_NO_RANDOMIZE) 1 " + EPERM),
                bundle(engineProfile(EngineProfiles.dockerOnThisMachine()), PROBES));
    }

    @Test
    void podmansDefaultProfileRunsBusyboxAndBlocksWithItsErrnos() {
        // podman allows unshare (capabilities decide), blocks sethostname and swapon/swapoff with
        // explicit EPERM rules, and anything else it does not list with its defaultErrnoRet: ENOSYS
        assertOutcomes(List.of("busybox ok", "Seccomp:\t2",
                "unshare 0", "sethostname 1 " + EPERM, "swapon 1 " + EPERM, "swapoff 1 " + EPERM,
                "personality(PER_LINUX) 0", "personality(PER_LINUX32) 0",
                "personality(PER_LINUX|ADDR_NO_RANDOMIZE) 1 " + ENOSYS),
                bundle(engineProfile(EngineProfiles.podmanOnThisMachine()), PROBES));
    }

    @Test
    void rulesOnArgumentValuesAllowSomeValuesAndBlockOthers() {
        ObjectNode seccomp = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        var syscalls = seccomp.putArray("syscalls");
        // personality(persona) with ADDR_NO_RANDOMIZE (0x0040000) set: EXDEV
        syscalls.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 18)
                .<ObjectNode>set("names", Json.strings("personality"))
                .putArray("args").addObject().put("index", 0).put("value", 0x40000).put("valueTwo", 0x40000)
                .put("op", "SCMP_CMP_MASKED_EQ");
        // personality(PER_LINUX32) exactly: EACCES
        syscalls.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 13)
                .<ObjectNode>set("names", Json.strings("personality"))
                .putArray("args").addObject().put("index", 0).put("value", 8).put("op", "SCMP_CMP_EQ");
        // setpriority(PRIO_PROCESS, who, prio > 12): both arguments must match; ENOTDIR (a distinctive errno).
        // (Niceness only goes up here: down would need CAP_SYS_NICE.)
        var nice = syscalls.addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 20)
                .<ObjectNode>set("names", Json.strings("setpriority")).putArray("args");
        nice.addObject().put("index", 0).put("value", 0).put("op", "SCMP_CMP_EQ");
        nice.addObject().put("index", 2).put("value", 12).put("op", "SCMP_CMP_GT");

        assertOutcomes(List.of(
                "personality(PER_LINUX) 0",
                "personality(PER_LINUX32) 1 Permission denied",
                "personality(PER_LINUX|ADDR_NO_RANDOMIZE) 1 Invalid cross-device link",
                "personality(PER_LINUX32|ADDR_NO_RANDOMIZE) 1 Invalid cross-device link",
                "renice 5 0",
                "renice 15 1 Not a directory",
                "renice process group 15 0"),
                bundle(seccomp, PROBE + """
                        t 'personality(PER_LINUX)' linux64 true
                        t 'personality(PER_LINUX32)' linux32 true
                        t 'personality(PER_LINUX|ADDR_NO_RANDOMIZE)' linux64 -R true
                        t 'personality(PER_LINUX32|ADDR_NO_RANDOMIZE)' linux32 -R true
                        t "renice 5" renice 5 -p $$
                        t "renice 15" renice 15 -p $$
                        t "renice process group 15" renice 15 -g 0
                        """));
    }

    /** A profile that allows everything but mkdir, which {@code action} answers. */
    private static ObjectNode mkdirIs(String action) {
        ObjectNode seccomp = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.putArray("syscalls").addObject().put("action", action).set("names", Json.strings("mkdir", "mkdirat"));
        return seccomp;
    }

    @Test
    void killProcessKillsWithSigsys() {
        // 159 = 128 + SIGSYS: the subshell that called mkdir is killed, its parent goes on
        Bundle bundle = bundle(mkdirIs("SCMP_ACT_KILL_PROCESS"),
                "(mkdir /tmp/d); echo \"subshell $?\"; [ -d /tmp/d ] && echo made || echo \"not made\"");
        assertOutcomes(List.of("subshell 159", "not made"), bundle);

        // the container's init itself
        Bundle init = bundle(mkdirIs("SCMP_ACT_KILL_PROCESS"), "true").args("mkdir", "/tmp/d");
        Result killed = containers.run(init);
        assertEquals(159, killed.exit(), killed::toString);
        runc().ifPresent(oracle -> {
            Result byRunc = oracle.run(init);
            assertEquals(159, byRunc.exit(), () -> "runc (the oracle): " + byRunc);
        });
        assertTrue(!Files.exists(init.file("/tmp/d")), "mkdir ran");
    }

    @Test
    void killThreadKillsASingleThreadedProcessWithSigsys() {
        Bundle bundle = bundle(mkdirIs("SCMP_ACT_KILL"),
                "(mkdir /tmp/d); echo \"subshell $?\"; [ -d /tmp/d ] && echo made || echo \"not made\"");
        assertOutcomes(List.of("subshell 159", "not made"), bundle);
    }

    @Test
    void execdProcessesGetTheContainersProfile() {
        Bundle bundle = bundle(engineProfile(EngineProfiles.dockerOnThisMachine()), "exec sleep 1000000");
        String probes = PROBE + """
                grep '^Seccomp:' /proc/self/status
                t unshare unshare -n true
                t 'personality(PER_LINUX|ADDR_NO_RANDOMIZE)' linux64 -R true
                ls / >/dev/null && echo "busybox ok"
                """;
        List<String> expected = List.of("Seccomp:\t2", "unshare 1 " + EPERM,
                "personality(PER_LINUX|ADDR_NO_RANDOMIZE) 1 " + EPERM, "busybox ok");
        assertSameOutcomes(expected, bundle, b -> {
            String id = containers.newId();
            containers.run(id, b, "--detach").ok();
            return containers.exec("exec", id, "sh", "-c", probes);
        }, (runc, b) -> {
            String id = runc.newId();
            runc.run(id, b, "--detach").ok();
            return runc.command("exec", id, "sh", "-c", probes);
        });
    }

    @Test
    void everyActionDoesWhatItSays() {
        // TRACE with no tracer: ENOSYS; ERRNO without errnoRet: EPERM; LOG: allowed (and logged); TRAP: SIGSYS
        for (var action : List.of(List.of("SCMP_ACT_TRACE", "mkdir 1 " + ENOSYS), List.of("SCMP_ACT_ERRNO", "mkdir 1 " + EPERM),
                List.of("SCMP_ACT_LOG", "mkdir 0"), List.of("SCMP_ACT_TRAP", "mkdir 159"),
                List.of("SCMP_ACT_ALLOW", "mkdir 0"))) {
            Bundle bundle = bundle(mkdirIs(action.get(0)), PROBE + "t mkdir mkdir /tmp/d; rmdir /tmp/d 2>/dev/null; true");
            assertOutcomes(List.of(action.get(1)), bundle);
        }
    }

    @Test
    void theFilterComesAfterTheRuntimesOwnSetUp() {
        // everything the runtime itself does to set up the process is blocked: ids, groups,
        // capabilities, no_new_privs, the cwd, closing fds; it must all be done before the filter
        ObjectNode seccomp = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.putArray("syscalls").addObject().put("action", "SCMP_ACT_ERRNO").put("errnoRet", 1)
                .set("names", Json.strings("capset", "setgroups", "setresuid", "setresgid", "setuid", "setgid",
                        "setreuid", "setregid", "setfsuid", "setfsgid", "prctl", "close_range", "chdir", "fchdir",
                        "umask", "setrlimit", "prlimit64", "sethostname", "setsid", "mount", "umount2", "pivot_root",
                        "unshare", "setns", "dup3", "fcntl", "seccomp"));
        Bundle bundle = bundle(seccomp, "echo \"started as $(id -u):$(id -g) in $(pwd)\"; grep '^Seccomp:' /proc/self/status");
        bundle.process().putObject("user").put("uid", 1000).put("gid", 1000);
        bundle.process().put("cwd", "/home/user");
        assertOutcomes(List.of("started as 1000:1000 in /home/user", "Seccomp:\t2"), bundle);
    }

    @Test
    void withoutNoNewPrivilegesTheFilterIsLoadedForAnyUser() {
        // without no_new_privs, seccomp(2) needs CAP_SYS_ADMIN: the runtime must load the filter while it has it
        Bundle bundle = bundle(engineProfile(EngineProfiles.dockerOnThisMachine()), PROBE + """
                grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status
                t unshare unshare -n true
                """);
        bundle.process().putObject("user").put("uid", 1000).put("gid", 1000);
        bundle.process().put("noNewPrivileges", false);
        assertOutcomes(List.of("NoNewPrivs:\t0", "Seccomp:\t2", "unshare 1 " + EPERM), bundle);
    }

    @Test
    void withoutNoNewPrivilegesExecdProcessesOfAnyUserGetTheProfile() {
        Bundle bundle = bundle(engineProfile(EngineProfiles.dockerOnThisMachine()), "exec sleep 1000000");
        bundle.process().put("noNewPrivileges", false);
        String probes = PROBE + """
                grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status
                t unshare unshare -n true
                """;
        List<String> expected = List.of("NoNewPrivs:\t0", "Seccomp:\t2", "unshare 1 " + EPERM);
        assertSameOutcomes(expected, bundle, b -> {
            String id = containers.newId();
            containers.run(id, b, "--detach").ok();
            return containers.exec("exec", "-u", "1000:1000", id, "sh", "-c", probes);
        }, (runc, b) -> {
            String id = runc.newId();
            runc.run(id, b, "--detach").ok();
            return runc.command("exec", "-u", "1000:1000", id, "sh", "-c", probes);
        });
    }

    /** Profiles no runtime can load, and the JSON path jrun names in its error. */
    private record Invalid(String path, ObjectNode seccomp) {}

    private static List<Invalid> invalids() {
        ObjectNode action = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        action.putArray("syscalls").addObject().put("action", "SCMP_ACT_BOGUS").set("names", Json.strings("mkdir"));

        ObjectNode defaultAction = Json.object().put("defaultAction", "SCMP_ACT_NOPE");

        ObjectNode op = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        var syscalls = op.putArray("syscalls");
        syscalls.addObject().put("action", "SCMP_ACT_ERRNO").set("names", Json.strings("mkdir"));
        syscalls.addObject().put("action", "SCMP_ACT_ERRNO").<ObjectNode>set("names", Json.strings("personality"))
                .putArray("args").addObject().put("index", 0).put("value", 8).put("op", "SCMP_CMP_SOMETIMES");

        ObjectNode arch = Json.object().put("defaultAction", "SCMP_ACT_ALLOW");
        arch.set("architectures", Json.strings("SCMP_ARCH_X86_64", "SCMP_ARCH_PDP11"));

        return List.of(new Invalid("linux.seccomp.syscalls[0].action", action),
                new Invalid("linux.seccomp.defaultAction", defaultAction),
                new Invalid("linux.seccomp.syscalls[1].args[0].op", op),
                new Invalid("linux.seccomp.architectures[1]", arch),
                new Invalid("linux.seccomp.listenerPath", mkdirIs("SCMP_ACT_NOTIFY")));
    }

    @Test
    void aProfileWithSomethingUnknownFailsCreateAndLeavesNothing() {
        for (Invalid unknown : invalids()) {
            Bundle bundle = bundle(unknown.seccomp(), "true");
            String id = containers.newId();
            Result create = containers.create(id, bundle).failed();
            if (containers.runtime().isJrun()) {
                assertTrue(create.stderr().contains(unknown.path()), () -> unknown.path() + " not named: " + create);
            }
            containers.assertNothingLeftBehind(id, bundle);
            runc().ifPresent(oracle -> {
                String runcId = oracle.newId();
                Result byRunc = oracle.create(runcId, bundle).failed();
                containers.assertNothingLeftBehind(runcId, bundle);
                assertTrue(!byRunc.stderr().isBlank(), byRunc::toString);
            });
        }
    }
}
