package io.jrun.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runtime-spec versions jrun implements and accepts. */
public final class SpecVersion {
    /** The version jrun implements and writes ({@code ociVersion} of its own documents). */
    public static final String CURRENT = "1.3.0";
    /** The oldest version accepted (the features document's {@code ociVersionMin}). */
    public static final String MIN = "1.0.0";

    private static final int MAJOR = 1;
    private static final int MAX_MINOR = 3;

    /** SemVer 2.0.0, pre-release and build metadata allowed. */
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
                    + "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private SpecVersion() {}

    public static boolean isSemVer(String version) {
        return version != null && SEMVER.matcher(version).matches();
    }

    /**
     * Whether a config of {@code version} can be run: 1.0.0 to 1.3.x, pre-releases included
     * ({@code 1.0.2-dev} is what runc 1.1's {@code spec} writes, {@code 1.2.0-rc.1} exists in the
     * wild). Minor versions are backwards compatible, so every 1.x up to 1.3 reads with this model.
     */
    public static boolean isSupported(String version) {
        if (version == null) {
            return false;
        }
        Matcher m = SEMVER.matcher(version);
        if (!m.matches()) {
            return false;
        }
        try {
            return Integer.parseInt(m.group(1)) == MAJOR && Integer.parseInt(m.group(2)) <= MAX_MINOR;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
