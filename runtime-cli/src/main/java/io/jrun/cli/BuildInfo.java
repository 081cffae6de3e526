package io.jrun.cli;

import io.jrun.core.Version;
import io.jrun.spec.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What `jrun --version` prints, in runc's line format. The commit comes from build.properties,
 * which the build writes next to this class (see the module's pom.xml); the versions are
 * compile-time constants, so printing them loads none of their classes.
 */
final class BuildInfo {
    private BuildInfo() {}

    static final String UNKNOWN = "unknown";

    /** The git commit jrun was built from ("-dirty" with uncommitted changes), or "unknown". */
    static String commit() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // A jar we cannot read would have failed long before; report what we know.
        }
        return p.getProperty("commit", UNKNOWN);
    }

    /** The `--version` text, newline-terminated. */
    static String versionText() {
        return "jrun version " + Version.VERSION + "\n"
                + "commit: " + commit() + "\n"
                + "spec: " + SpecVersion.CURRENT + "\n"
                + "java: " + Runtime.version() + "\n";
    }
}
