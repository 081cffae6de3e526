package io.jrun.image;

import io.jrun.api.CreateOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * `jrun run [options] IMAGE [COMMAND [ARG...]]`, as the command line gave it (values are checked
 * by {@link RunSpec}).
 *
 * @param command     replaces the image's Cmd (the Entrypoint stays); empty for the image's
 * @param name        the container id; null for one made from the image's name
 * @param env         -e: "KEY=VALUE", or "KEY" for the caller's value of KEY
 * @param workdir     -w, or null for the image's WorkingDir
 * @param user        -u "user[:group]", or null for the image's User
 * @param hostname    --hostname, or null for the container id
 * @param volumes     -v "HOST:CONTAINER[:ro|:rw]"
 * @param memory      --memory: bytes, with an optional unit (k, m, g, t), or null
 * @param pidsLimit   --pids-limit, or null
 * @param cpus        --cpus: a decimal number of CPUs, or null
 * @param network     "none" (an own network namespace with loopback up) or "host"
 * @param tty         a terminal for the program (jrun is its other end in the foreground)
 * @param interactive the program reads jrun's stdin (otherwise /dev/null)
 * @param cwd         what relative volume paths are relative to
 */
public record ImageRunOptions(String image, List<String> command, String name, List<String> env, String workdir,
                              String user, String hostname, List<String> volumes, boolean readOnly, String memory,
                              Long pidsLimit, String cpus, String network, boolean tty, boolean interactive,
                              boolean detach, boolean keep, CreateOptions create, Path cwd) {

    public ImageRunOptions {
        command = List.copyOf(command);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
    }
}
