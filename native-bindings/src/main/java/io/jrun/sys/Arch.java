package io.jrun.sys;

/** The CPU architecture jrun runs on: syscall numbers and a few flag values differ by it. */
public enum Arch {
    X86_64, AARCH64;

    private static final Arch CURRENT = detect();

    public static Arch current() {
        return CURRENT;
    }

    private static Arch detect() {
        String a = System.getProperty("os.arch", "");
        return switch (a) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new UnsupportedOperationException("jrun supports x86_64 and aarch64, not " + a);
        };
    }
}
