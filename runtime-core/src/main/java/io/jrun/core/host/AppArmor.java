package io.jrun.core.host;

import io.jrun.core.JrunException;
import io.jrun.spec.Quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * AppArmor as runc uses it: a profile is applied by writing "exec PROFILE" to the process's own
 * exec attribute just before the user switch, so the kernel confines the program from its
 * execve on. Loading the profile is the caller's business (podman and Docker load theirs with
 * apparmor_parser before they call the runtime).
 */
public final class AppArmor {
    private AppArmor() {}

    /** Whether the kernel has AppArmor on (runc's test: securityfs shows it and the module says Y). */
    public static boolean enabled() {
        if (!Files.isDirectory(Path.of("/sys/kernel/security/apparmor"))) {
            return false;
        }
        try {
            return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The exec attribute the process writes, inside the container's /proc: the stacking-aware
     * attr/apparmor/exec where the kernel has it (5.8 and later), else the old attr/exec.
     * thread-self, because AppArmor lets a task change only its own attribute.
     */
    public static String execAttr() {
        return Files.isDirectory(Path.of("/proc/self/attr/apparmor"))
                ? "/proc/thread-self/attr/apparmor/exec" : "/proc/thread-self/attr/exec";
    }

    /** Fails unless a profile named at {@code where} can be applied on this host. */
    public static void check(String profile, String where) {
        if (profile != null && !profile.isEmpty() && !enabled()) {
            throw new JrunException(where + ": AppArmor profile " + Quote.value(profile) + " given, but AppArmor is not "
                    + "enabled on this host (/sys/module/apparmor/parameters/enabled); remove the profile");
        }
    }
}
