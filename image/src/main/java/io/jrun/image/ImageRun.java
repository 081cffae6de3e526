package io.jrun.image;

import io.jrun.api.ContainerId;
import io.jrun.api.ContainerRuntime;
import io.jrun.api.JrunException;
import io.jrun.api.RunOptions;
import io.jrun.spec.Json;
import io.jrun.spec.Spec;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * `jrun run [options] IMAGE [COMMAND [ARG...]]`: makes the container's directory in the storage,
 * mounts its overlay, writes its config there and runs it as `run` runs a bundle. The
 * container's delete (run's own, or a later `jrun delete`) removes the directory
 * ({@link ContainerDir.Release}); if the container never comes to be, this removes it.
 */
public final class ImageRun {
    private final ImageStore store;
    private final ContainerRuntime runtime;
    private final Map<String, String> callerEnv;

    /**
     * @param callerEnv the environment jrun's caller gave it, where -e KEY takes its value from
     *                  (the command line's: the launcher changes a few variables of the JVM's)
     */
    public ImageRun(ImageStore store, ContainerRuntime runtime, Map<String, String> callerEnv) {
        this.store = store;
        this.runtime = runtime;
        this.callerEnv = callerEnv;
    }

    /**
     * @param id     the container's id
     * @param status the program's exit status (128+N after signal N); 0 when detached
     */
    public record Result(String id, int status) {}

    public Result run(ImageRunOptions o) {
        Storage storage = store.storage();
        Image image = store.find(o.image());
        Path stateRoot = runtime.options().root();
        if (o.name() != null && Files.exists(storage.containers().resolve(ContainerId.check(o.name())))) {
            store.collectGarbageIfIdle(); // the directory of a container gone with a crashed jrun goes now
        }
        String id;
        ContainerDir dir;
        try (Storage.Lock ignored = storage.lock(true)) {
            image = store.find(o.image()); // again, now that no garbage collection runs
            id = o.name() != null ? ContainerId.check(o.name()) : newId(image.name(), stateRoot, storage);
            if (Files.exists(stateRoot.resolve(id))) {
                throw new JrunException("container with id " + id + " already exists");
            }
            dir = ContainerDir.create(storage, id, stateRoot, image);
        }
        try (dir) {
            dir.mount(storage, image);
            String user = o.user() != null ? o.user() : image.settings().user();
            Spec spec = RunSpec.build(image, o, id, dir.path(), Users.resolve(user, dir.rootfs()), callerEnv);
            Json.writePretty(dir.config(), spec, Json.Indent.TAB, StandardOpenOption.CREATE_NEW);
            if (!o.interactive()) {
                stdinFromDevNull();
            }
            int status = runtime.run(id, dir.path(), new RunOptions(o.create(), o.detach(), o.keep()));
            return new Result(id, status);
        } catch (RuntimeException | IOException e) {
            if (!Files.exists(stateRoot.resolve(id))) {
                dir.remove(); // no container to remove it with
            }
            if (e instanceof IOException io) {
                throw new JrunException("write the config of container " + id + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** "busybox-1f2e3d4c": the image's last name component and a random suffix, free in the root and the storage. */
    private static String newId(String image, Path stateRoot, Storage storage) {
        String base = image.replaceFirst("@.*$", "");
        base = base.substring(base.lastIndexOf('/') + 1).replaceFirst(":.*$", "").replaceAll("[^\\w.-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "jrun";
        }
        for (int i = 0; i < 100; i++) {
            String id = base + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            if (!Files.exists(stateRoot.resolve(id)) && !Files.exists(storage.containers().resolve(id))) {
                return id;
            }
        }
        throw new JrunException("no free container id for image " + image + ": name one with --name");
    }

    /** Without -i the program reads /dev/null: jrun's own stdin is replaced, and the container inherits it. */
    private static void stdinFromDevNull() {
        LibC libc = Native.libc();
        int fd = libc.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
        if (fd < 0 || libc.dup3(fd, 0, 0) < 0) {
            throw new JrunException("open /dev/null as stdin: " + Errno.message(Native.errno()));
        }
        libc.close(fd);
    }
}
