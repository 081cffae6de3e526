package io.jrun.core.program;

import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Label;
import io.jrun.core.child.ProgramBuilder;
import io.jrun.core.child.Tag.Op;
import io.jrun.spec.Quote;
import io.jrun.sys.FileFlags;
import io.jrun.sys.Sys;

import java.util.List;

import static io.jrun.core.child.Arg.imm;
import static io.jrun.core.program.Steps.str;

/**
 * A program that runs another program: a hook, on the host or inside a container's
 * namespaces. stdio comes from the given fds (-1 keeps jrun's own).
 */
public final class HookProgram {
    private HookProgram() {}

    /**
     * @param join  a container process whose namespaces to join, or null to stay on the host
     * @param path  the executable (execve's path: no PATH lookup)
     * @param args  argv, argv[0] included
     */
    public record Config(JoinNamespaces.Target join, String path, List<String> args, List<String> env, String cwd,
                         int stdin, int stdout, int stderr) {}

    public static ChildProgram build(Config c) {
        ProgramBuilder b = new ProgramBuilder();
        Label exit0 = b.label("intermediate done");
        if (c.join() != null) {
            JoinNamespaces.emit(b, c.join(), exit0);
        }
        int[] stdio = {c.stdin(), c.stdout(), c.stderr()};
        for (int fd = 0; fd < 3; fd++) {
            if (stdio[fd] >= 0) {
                b.inherit(stdio[fd]);
            }
            if (stdio[fd] >= 0 && stdio[fd] != fd) {
                b.tag(Op.STDIO, Integer.toString(fd));
                b.syscall("set up fd " + fd, Sys.DUP3, imm(stdio[fd]), imm(fd), imm(0));
            }
        }
        b.tag(Op.CLOSE_ON_EXEC);
        b.syscall("mark fds from 3 close-on-exec", Sys.CLOSE_RANGE, imm(3), imm(0xffffffffL), imm(FileFlags.CLOSE_RANGE_CLOEXEC));
        if (c.cwd() != null) {
            b.tag(Op.CWD, c.cwd());
            b.syscall("chdir to " + Quote.bare(c.cwd()), Sys.CHDIR, str(c.cwd()));
        }
        b.tag(Op.EXEC, c.path());
        b.syscall("exec " + Quote.bare(c.path()), Sys.EXECVE, str(c.path()), new Arg.StrArray(c.args()), new Arg.StrArray(c.env()));
        b.tag(Op.EXIT);
        b.exit(255);
        b.bind(exit0);
        b.exit(0);
        return b.build();
    }
}
