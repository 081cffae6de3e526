package io.jrun.core.lifecycle;

import io.jrun.core.host.Procfs;

import java.nio.file.Path;

/**
 * The kernel calls the runtime makes from outside its containers: signals, waits and pidfds on
 * their processes, /proc/PID/stat to tell a live process from a reused pid, the exec fifo, and
 * the few files it opens by path. Behind one seam, as the child's calls are ({@code
 * ChildSyscalls}) and the cgroup code's ({@code CgroupKernel}), so that create, start, exec and
 * delete run against a fake in unit tests, failures included.
 *
 * <p>Convention (CgroupKernel's): a result {@code >= 0} is success (an fd, a pid, a count), a
 * negative result is {@code -errno}. Nothing here throws for a kernel error; callers turn errnos
 * into messages that say what was being done.
 */
interface HostKernel {
    /** getuid(2). */
    int getuid();

    /** kill(2): 0 or -errno. */
    int kill(int pid, int signal);

    /** waitpid(2), the wait status to {@code status[0]}: the pid reaped, 0 (WNOHANG, not yet), or -errno. */
    int waitpid(int pid, int[] status, int options);

    /** pidfd_open(2): a pidfd, or -errno (-ESRCH once the process is gone). */
    int pidfdOpen(int pid);

    /** pidfd_send_signal(2): 0 or -errno. */
    int pidfdSendSignal(int pidfd, int signal);

    /**
     * poll(2) of one fd for {@code events}: its revents when ready, 0 on timeout, or -errno. A
     * pidfd polls readable once its process has exited.
     */
    int poll(int fd, int events, int timeoutMillis);

    /** mkfifo(3): 0 or -errno. */
    int mkfifo(Path path, int mode);

    /** open(2) with {@code flags} (io.jrun.sys.FileFlags) and mode 0: an fd, or -errno. */
    int open(Path path, int flags);

    /** read(2) into {@code buf}: the bytes read, 0 at end of file, or -errno. */
    int read(int fd, byte[] buf);

    /** ioctl(NS_GET_NSTYPE) of a namespace file: its CLONE_NEW* flag, or -errno (not a namespace file). */
    int namespaceType(int fd);

    void close(int fd);

    /** The process's state and start time (/proc/PID/stat), or null when there is no such process. */
    Procfs.Stat stat(int pid);

    /** Whether {@code pid} is the process that had {@code startTime}, alive (not a zombie): never a reused pid. */
    default boolean alive(int pid, long startTime) {
        Procfs.Stat st = stat(pid);
        return st != null && !st.zombie() && st.startTime() == startTime;
    }
}
