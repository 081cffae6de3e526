package io.jrun.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * runc from Debian (the reference) next to the runtime under test, in the same test: the same
 * bundle under both must come out the same. It has a state root of its own
 * ({@code /run/jrun-it-oracle-<random>}); after the test every container in it is force-deleted
 * and the root must be empty, then it is removed. Its containers' ids are the test's own
 * ({@link Containers#newId}), so their cgroups, mounts and processes are checked with the rest.
 */
final class RuncOracle {
    private final Containers containers;
    private final RuntimeUnderTest runc;
    private final Path output;
    private final Set<String> ids = new LinkedHashSet<>();

    private RuncOracle(Containers containers, RuntimeUnderTest runc) {
        this.containers = containers;
        this.runc = runc;
        this.output = containers.scratch("runc-oracle");
    }

    /**
     * runc for this test; empty when the runtime under test is runc itself, whose outcomes the
     * test asserts anyway.
     */
    static Optional<RuncOracle> beside(Containers containers) {
        if (containers.runtime().isRunc()) {
            return Optional.empty();
        }
        Path root;
        try {
            root = Files.createDirectory(Path.of("/run/jrun-it-oracle-"
                            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuncOracle oracle = new RuncOracle(containers, RuntimeUnderTest.named("runc", root));
        containers.afterTest(oracle::close);
        return Optional.of(oracle);
    }

    /** `run [flags] --bundle DIR ID` of a new container, to its end (with --detach, to the program's start). */
    Result run(Bundle bundle, String... flags) {
        return run(newId(), bundle, flags);
    }

    Result run(String id, Bundle bundle, String... flags) {
        return withBundle("run", id, bundle, flags);
    }

    Result create(String id, Bundle bundle, String... flags) {
        return withBundle("create", id, bundle, flags);
    }

    /** Any runc command, with its --root. */
    Result command(String... args) {
        return Exec.run(output, runc.command(args));
    }

    /** A new container id, the test's own: checked for leftovers after the test. */
    String newId() {
        String id = containers.newId();
        ids.add(id);
        return id;
    }

    private Result withBundle(String command, String id, Bundle bundle, String... flags) {
        ids.add(id);
        bundle.save();
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(flags));
        args.addAll(List.of("--bundle", bundle.dir().toString(), id));
        return Exec.run(output, runc.command(args));
    }

    private void close() throws IOException {
        for (String id : ids) {
            if (Files.exists(runc.root().resolve(id))) {
                command("delete", "--force", id);
            }
        }
        List<String> left;
        try (Stream<Path> entries = Files.list(runc.root())) {
            left = entries.map(p -> p.getFileName().toString()).toList();
        }
        Trees.delete(runc.root());
        if (!left.isEmpty()) {
            throw new AssertionError("runc's containers left in " + runc.root() + ": " + left);
        }
    }
}
