package io.jrun.core.lifecycle;

import io.jrun.core.host.Procfs;
import io.jrun.sys.LibC;
import io.jrun.sys.Native;
import io.jrun.sys.Sys;

import java.nio.file.Path;

/** {@link HostKernel} on the real kernel, through native-bindings and /proc. */
final class NativeHostKernel implements HostKernel {
    static final NativeHostKernel INSTANCE = new NativeHostKernel();

    /** ioctl(2) request: the type of a namespace file's namespace (linux/nsfs.h). */
    private static final long NS_GET_NSTYPE = 0xb703L;

    private NativeHostKernel() {}

    private static LibC libc() {
        return Native.libc();
    }

    private static int result(long r) {
        return r < 0 ? -Native.errno() : (int) r;
    }

    @Override
    public int getuid() {
        return libc().getuid();
    }

    @Override
    public int kill(int pid, int signal) {
        return result(libc().kill(pid, signal));
    }

    @Override
    public int waitpid(int pid, int[] status, int options) {
        return result(libc().waitpid(pid, status, options));
    }

    @Override
    public int pidfdOpen(int pid) {
        return result(libc().syscall(Sys.PIDFD_OPEN, pid, 0, 0, 0, 0));
    }

    @Override
    public int pidfdSendSignal(int pidfd, int signal) {
        return result(libc().syscall(Sys.PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0, 0));
    }

    @Override
    public int poll(int fd, int events, int timeoutMillis) {
        return result(libc().pollOne(fd, events, timeoutMillis));
    }

    @Override
    public int mkfifo(Path path, int mode) {
        return result(libc().mkfifo(path.toString(), mode));
    }

    @Override
    public int open(Path path, int flags) {
        return result(libc().open(path.toString(), flags, 0));
    }

    @Override
    public int read(int fd, byte[] buf) {
        return result(libc().read(fd, buf, buf.length));
    }

    @Override
    public int namespaceType(int fd) {
        return result(libc().ioctl(fd, NS_GET_NSTYPE, 0));
    }

    @Override
    public void close(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }

    @Override
    public Procfs.Stat stat(int pid) {
        return Procfs.stat(pid);
    }
}
