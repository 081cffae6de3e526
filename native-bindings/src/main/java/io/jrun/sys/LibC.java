package io.jrun.sys;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.Transient;

/**
 * The libc functions the parent (the jrun JVM) calls. The container child calls only the
 * {@link SyscallLib} part. One interface, so one library load: jnr-ffi spends tens of
 * milliseconds generating the class of each. Functions return -1 and set errno as libc does; read
 * errno with {@link Native#errno()}.
 */
public interface LibC extends SyscallLib {
    int open(String path, int flags, int mode);

    int openat(int dirfd, String path, int flags, int mode);

    int close(int fd);

    long read(int fd, @Out byte[] buf, long count);

    long write(int fd, @In byte[] buf, long count);

    int pipe2(@Out int[] fds, int flags);

    int dup3(int oldfd, int newfd, int flags);

    int fcntl(int fd, int cmd, int arg);

    int poll(@In @Out Pointer fds, int nfds, int timeoutMillis);

    int kill(int pid, int sig);

    int waitpid(int pid, @Out int[] status, int options);

    int getpid();

    int getuid();

    int getgid();

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int flock(int fd, int operation);

    int isatty(int fd);

    int ioctl(int fd, long request, @In @Out Pointer arg);

    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int mkfifo(String path, int mode);

    /** Image layers: device nodes and overlay whiteouts (char 0/0). */
    int mknod(String path, int mode, long dev);

    /** Image layers: file capabilities and the overlay opaque marker (never follows a symlink). */
    int lsetxattr(String path, String name, @In byte[] value, long size, int flags);

    int socket(int domain, int type, int protocol);

    int socketpair(int domain, int type, int protocol, @Out int[] fds);

    int connect(int fd, @In Pointer addr, int addrlen);

    long sendmsg(int fd, @In Pointer msg, int flags);

    long recvmsg(int fd, @In @Out Pointer msg, int flags);

    int tcgetattr(int fd, @Out Pointer termios);

    int tcsetattr(int fd, int actions, @In Pointer termios);

    void cfmakeraw(@In @Out Pointer termios);

    @IgnoreError
    String strerror(int errnum);

    /** The address of the calling thread's errno; the same address in a raw clone of it. */
    @IgnoreError
    long __errno_location();

    long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    int munmap(long addr, long length);

    int sethostname(@In @Transient byte[] name, long len);
}
