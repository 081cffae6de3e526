package io.jrun.core.lifecycle;

import io.jrun.api.JrunException;
import io.jrun.api.Log;
import io.jrun.api.Status;
import io.jrun.core.child.ChildStage;
import io.jrun.core.child.SyncProtocol;
import io.jrun.core.hooks.HookRunner;
import io.jrun.core.program.JoinNamespaces;
import io.jrun.spec.Hooks;
import io.jrun.spec.Quote;
import io.jrun.sys.Errno;
import io.jrun.sys.FileFlags;
import io.jrun.sys.LibC;
import io.jrun.sys.Signals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;

/**
 * The start operation: the startContainer hooks, in the container's namespaces; then the exec
 * fifo is opened for reading, which lets the init (blocked opening it for writing) write its
 * byte and exec the program; then the poststart hooks. The init's end of the fifo is
 * close-on-exec: end of file after its byte means the exec happened, a failure record that it
 * did not.
 */
final class Start {
    private static final Log log = Log.of(Start.class);

    private final ChildStage stage;
    private final HostKernel kernel;

    Start(ChildStage stage, HostKernel kernel) {
        this.stage = stage;
        this.kernel = kernel;
    }

    /**
     * What the launcher read from the exec fifo, as "ID:HEX", when it started the container
     * itself and the init reported a failure (runtime-cli/src/main/c/fast.c): the fifo is gone
     * and its report is this JVM's to make.
     */
    static final String LAUNCHER_REPORT = "jrun.exec.fifo.report";

    void start(Container c) {
        String reported = System.getProperty(LAUNCHER_REPORT);
        if (reported != null && reported.startsWith(c.id() + ":")) {
            checkReport(c, HexFormat.of().parseHex(reported.substring(c.id().length() + 1)));
            return;
        }
        Status status = c.status();
        switch (status) {
            case CREATED -> {}
            case STOPPED -> throw new JrunException("cannot start a container that has stopped");
            case PAUSED -> throw new JrunException("cannot start a paused container");
            case CREATING -> throw new JrunException("cannot start a container whose create did not finish; delete it");
            default -> throw new JrunException("cannot start an already running container");
        }
        Hooks hooks = c.spec().hooks();
        HookRunner runner = new HookRunner(stage);
        if (hooks != null && !hooks.startContainerOrEmpty().isEmpty()) {
            int cgroupFd = c.cgroup().openFd().orElse(-1); // v2: always an fd; v1: none, the hooks start in jrun's
            try {
                runner.run("startContainer", hooks.startContainerOrEmpty(), c.ociStateJson(Status.CREATED, true),
                        JoinNamespaces.of(c.record().pid()), cgroupFd);
            } catch (JrunException e) {
                // config.md: stop the container, go on at the poststop hooks
                kernel.kill(c.record().pid(), Signals.SIGKILL);
                runner.runWarning("poststop", hooks.poststopOrEmpty(), c.ociStateJson(Status.STOPPED), null, -1);
                c.handle().write(c.record().withPoststopDone());
                throw e;
            } finally {
                if (cgroupFd >= 0) {
                    kernel.close(cgroupFd);
                }
            }
        }
        openFifo(c);
        if (hooks != null) {
            runner.runWarning("poststart", hooks.poststartOrEmpty(), c.ociStateJson(Status.RUNNING), null, -1);
        }
    }

    private void openFifo(Container c) {
        String fifo = c.fifo().toString();
        // Non-blocking: a plain open would wait forever for an init that died.
        int fd = kernel.open(c.fifo(), FileFlags.O_RDONLY | FileFlags.O_NONBLOCK | FileFlags.O_CLOEXEC);
        if (fd < 0) {
            throw new JrunException("open the exec fifo " + fifo + ": " + Errno.message(-fd));
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            byte[] buf = new byte[64];
            while (true) {
                int r = kernel.poll(fd, LibC.POLLIN, 100);
                if (r > 0) {
                    int n = kernel.read(fd, buf);
                    if (n > 0) {
                        got.write(buf, 0, n);
                        continue;
                    }
                    if (n == 0 && got.size() > 0) {
                        break; // the init's end closed on exec (or after a failure record)
                    }
                    if (n < 0 && n != -Errno.EAGAIN) {
                        throw new JrunException("read the exec fifo: " + Errno.message(-n));
                    }
                }
                if (got.size() == 0 && !c.alive()) {
                    throw new JrunException("the container process " + c.record().pid() + " exited before it was started");
                }
            }
        } finally {
            kernel.close(fd);
        }
        byte[] b = got.toByteArray();
        try {
            Files.deleteIfExists(c.fifo());
        } catch (IOException e) {
            log.warn("remove {}: {}", fifo, e.getMessage());
        }
        checkReport(c, b);
    }

    /** What the init wrote on the exec fifo: {@link SyncProtocol#STARTED}, then a failure record if its exec failed. */
    private static void checkReport(Container c, byte[] b) {
        SyncProtocol.Failure failure = b.length >= 1 + SyncProtocol.RECORD_SIZE ? SyncProtocol.failure(b, 1, b.length) : null;
        if (failure != null) {
            int errno = failure.errno();
            List<String> args = c.spec().process().argsOrEmpty();
            throw new JrunException("exec " + Quote.bare(args.isEmpty() ? "" : args.getFirst()) + ": "
                    + Errno.message(errno));
        }
    }
}
