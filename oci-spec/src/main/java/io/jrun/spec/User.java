package io.jrun.spec;

import java.util.List;

/**
 * {@code process.user}. uid and gid are REQUIRED uint32s; like Go, an absent one reads as 0.
 *
 * @param uid            user id in the container
 * @param gid            group id in the container
 * @param umask          umask of the process; absent means the runtime's default
 * @param additionalGids supplementary groups (uint32 each)
 * @param username       Windows only
 */
public record User(
        @Uint32 long uid,
        @Uint32 long gid,
        @Uint32 Long umask,
        List<Long> additionalGids,
        String username) {

    public User {
        additionalGids = Copies.list(additionalGids);
    }

    public List<Long> additionalGidsOrEmpty() {
        return Copies.orEmpty(additionalGids);
    }
}
