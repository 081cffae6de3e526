package io.jrun.spec;

import java.util.List;

/**
 * One lifecycle hook.
 *
 * @param path    REQUIRED, absolute path of the program
 * @param args    argv, including argv[0]
 * @param env     {@code KEY=VALUE} entries
 * @param timeout seconds before the hook is aborted; must be positive when given
 */
public record Hook(String path, List<String> args, List<String> env, Integer timeout) {
    public Hook {
        args = Copies.list(args);
        env = Copies.list(env);
    }

    public List<String> argsOrEmpty() {
        return Copies.orEmpty(args);
    }

    public List<String> envOrEmpty() {
        return Copies.orEmpty(env);
    }
}
