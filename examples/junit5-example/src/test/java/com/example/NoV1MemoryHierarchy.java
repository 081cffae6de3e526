package com.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Not part of the example: a guard of jrun's own test machines, registered for every test class
 * (src/test/resources/META-INF/services, with extension autodetection on in the pom) before
 * jrun's extension. jrun on a hybrid or legacy host puts each container into every cgroup v1
 * hierarchy it sees, as runc does; jrun's tests must never put one into the host's v1 memory
 * hierarchy, where a hybrid host's own services live. scripts/test.sh runs this project in a
 * private mount namespace without it; run any other way while it is visible, this fails at once,
 * before a container is made.
 */
public final class NoV1MemoryHierarchy implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && dash + 3 < f.length && f[dash + 1].equals("cgroup")
                    && List.of(f[dash + 3].split(",")).contains("memory")) {
                throw new IllegalStateException("this process sees a cgroup v1 memory hierarchy at " + f[4]
                        + ", and jrun would put the test's containers in it: run it through jrun's scripts/test.sh,"
                        + " or under unshare --mount --propagation private -- sh -c 'umount -l " + f[4]
                        + " && exec \"$@\"' sh mvn ...");
            }
        }
    }
}
