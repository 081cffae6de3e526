package io.jrun.core.host;

import io.jrun.api.JrunException;
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

    /** The profiles loaded in this AppArmor namespace, a line "NAME (MODE)" each. */
    private static final Path PROFILES = Path.of("/sys/kernel/security/apparmor/profiles");

    /**
     * Fails unless a profile named at {@code where} can be applied on this host: AppArmor is on,
     * and the profile is loaded. The profile is applied late (a created container's init asks
     * for it only once `start` has let it go on), so an unloaded one is found here, where runc's
     * create finds it, not after `start`.
     */
    public static void check(String profile, String where) {
        if (profile != null && !profile.isEmpty() && !enabled()) {
            throw new JrunException(where + ": AppArmor profile " + Quote.value(profile) + " given, but AppArmor is not "
                    + "enabled on this host (/sys/module/apparmor/parameters/enabled); remove the profile");
        }
        checkLoaded(profile, where, PROFILES);
    }

    /** Fails if {@code profiles} (readable) lists no profile named {@code profile}. */
    static void checkLoaded(String profile, String where, Path profiles) {
        if (profile == null || profile.isEmpty() || profile.equals("unconfined") || profile.contains("//&")) {
            return; // nothing to load, or a stack this check does not take apart
        }
        String listed;
        try {
            listed = Files.readString(profiles);
        } catch (IOException e) {
            return; // not ours to read (a nested AppArmor namespace): the kernel says at the exec
        }
        for (String line : listed.split("\n")) {
            int mode = line.lastIndexOf(" (");
            if ((mode >= 0 ? line.substring(0, mode) : line).equals(profile)) {
                return;
            }
        }
        throw new JrunException(where + ": AppArmor profile " + Quote.bare(profile) + " is not loaded (" + profiles
                + "); load it with apparmor_parser first");
    }
}
