package io.jrun.spec;

import java.util.List;

/**
 * {@code linux.personality}.
 *
 * @param domain execution domain, {@code LINUX} or {@code LINUX32}
 * @param flags  additional flags
 */
public record LinuxPersonality(String domain, List<String> flags) {
    public LinuxPersonality {
        flags = Copies.list(flags);
    }
}
