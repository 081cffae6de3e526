package io.jrun.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** process: user, umask, cwd, env and args, as the program sees them. */
class ProcessIT {
    @RegisterExtension
    final Containers containers = new Containers();

    @Test
    void theProgramRunsAsTheConfiguredUserAndGroups() {
        Bundle bundle = containers.bundle().sh("id; whoami; grep -E '^(Uid|Gid|Groups)' /proc/self/status");
        bundle.process().putObject("user").put("uid", 1000).put("gid", 1000).putArray("additionalGids").add(1001);

        List<String> lines = containers.run(bundle).ok().lines();
        // additionalGids are the supplementary groups, exactly: the primary gid is not added to them
        assertEquals("uid=1000(user) gid=1000(user) groups=1001(extra)", lines.get(0));
        assertEquals("user", lines.get(1));
        // real, effective, saved and filesystem ids
        assertEquals(List.of("Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1000\t1000\t1000", "Groups:\t1001"),
                lines.subList(2, 5));
    }

    @Test
    void umaskIsSet() {
        Bundle bundle = containers.bundle().sh("umask; touch /tmp/f; stat -c %a /tmp/f");
        bundle.process().putObject("user").put("uid", 0).put("gid", 0).put("umask", 027);

        assertEquals(List.of("0027", "640"), containers.run(bundle).ok().lines());
    }

    @Test
    void theProgramStartsInCwd() {
        Bundle bundle = containers.bundle().sh("pwd");
        bundle.process().put("cwd", "/home/user");
        assertEquals("/home/user", containers.run(bundle).ok().out());
    }

    @Test
    void aMissingCwdIsCreated() {
        Bundle bundle = containers.bundle().sh("pwd");
        bundle.process().put("cwd", "/does/not/exist");
        assertEquals("/does/not/exist", containers.run(bundle).ok().out());
    }

    @Test
    void theProgramGetsTheConfiguredEnvironmentAndNothingOfTheHosts() {
        Bundle bundle = containers.bundle().args("env").env("PATH=/bin", "JRUN_IT_A=one", "JRUN_IT_B=two=2", "EMPTY=");

        List<String> env = containers.run(bundle).ok().lines();
        assertTrue(env.containsAll(List.of("PATH=/bin", "JRUN_IT_A=one", "JRUN_IT_B=two=2", "EMPTY=")), env::toString);
        // the runtime's own environment (it has this variable) stays outside
        assertFalse(env.stream().anyMatch(v -> v.startsWith(Exec.HOST_ONLY_ENV + "=")), env::toString);
    }

    @Test
    void argsWithoutASlashAreLookedUpInThePathOfEnv() {
        Bundle bundle = containers.bundle().args("whoami").env("PATH=/nowhere:/bin");
        assertEquals("root", containers.run(bundle).ok().out());
    }

    @Test
    void argsArePassedAsTheyAre() {
        Bundle bundle = containers.bundle()
                .args("/bin/sh", "-c", "for a; do echo \"[$a]\"; done", "sh", "a b", "", "$HOME", "*");
        assertEquals(List.of("[a b]", "[]", "[$HOME]", "[*]"), containers.run(bundle).ok().stdout().lines().toList());
    }

    @Test
    void aProgramThatIsNotThereIsAnError() {
        Bundle bundle = containers.bundle().args("no-such-program").env("PATH=/bin");
        String id = containers.newId();
        Result result = containers.run(id, bundle).failed();
        assertTrue(result.stderr().contains("no-such-program"), result::toString);
        containers.assertNothingLeftBehind(id, bundle);
    }
}
