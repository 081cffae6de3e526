package io.jrun.api;

import java.nio.file.Path;

/**
 * The global options of every jrun command.
 *
 * @param root          where container state lives (runc's --root; jrun's default /run/jrun)
 * @param systemdCgroup runc's --systemd-cgroup: asked for, not served (an error says so)
 * @param rootless      runc's --rootless: "auto", "true" or "false"
 */
public record RuntimeOptions(Path root, boolean systemdCgroup, String rootless) {
    public static final Path DEFAULT_ROOT = Path.of("/run/jrun");

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(DEFAULT_ROOT, false, "auto");
    }
}
