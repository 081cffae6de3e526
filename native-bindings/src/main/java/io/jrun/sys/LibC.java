package io.jrun.sys;

import static io.jrun.sys.Jffi.INVOKER;
import static io.jrun.sys.Jffi.returningInt;
import static io.jrun.sys.Jffi.returningLong;
import static io.jrun.sys.Jffi.symbol;

/**
 * The libc functions the parent (the jrun JVM) calls, bound ahead of time on jffi (see
 * {@link Jffi}). The container child calls only {@link #syscall}. Functions return -1 and set
 * errno as libc does; read errno with {@link Native#errno()}. Strings and arrays are copied
 * to and from native memory for the call; a pointer to a struct is a plain address (see
 * {@link NativeArena}).
 */
public final class LibC implements SyscallLib {
    static final LibC INSTANCE = new LibC();

    private LibC() {}

    private static final long SYSCALL = symbol("syscall");
    private static final long OPEN = symbol("open");
    private static final long OPENAT = symbol("openat");
    private static final long CLOSE = symbol("close");
    private static final long READ = symbol("read");
    private static final long WRITE = symbol("write");
    private static final long PIPE2 = symbol("pipe2");
    private static final long DUP3 = symbol("dup3");
    private static final long FCNTL = symbol("fcntl");
    private static final long POLL = symbol("poll");
    private static final long KILL = symbol("kill");
    private static final long WAITPID = symbol("waitpid");
    private static final long GETPID = symbol("getpid");
    private static final long GETUID = symbol("getuid");
    private static final long GETGID = symbol("getgid");
    private static final long PRCTL = symbol("prctl");
    private static final long FLOCK = symbol("flock");
    private static final long ISATTY = symbol("isatty");
    private static final long IOCTL = symbol("ioctl");
    private static final long MOUNT = symbol("mount");
    private static final long UMOUNT2 = symbol("umount2");
    private static final long MKFIFO = symbol("mkfifo");
    private static final long MKNOD = symbol("mknod");
    private static final long LSETXATTR = symbol("lsetxattr");
    private static final long SOCKET = symbol("socket");
    private static final long SOCKETPAIR = symbol("socketpair");
    private static final long CONNECT = symbol("connect");
    private static final long BIND = symbol("bind");
    private static final long LISTEN = symbol("listen");
    private static final long ACCEPT4 = symbol("accept4");
    private static final long SENDMSG = symbol("sendmsg");
    private static final long RECVMSG = symbol("recvmsg");
    private static final long TCGETATTR = symbol("tcgetattr");
    private static final long TCSETATTR = symbol("tcsetattr");
    private static final long CFMAKERAW = symbol("cfmakeraw");
    private static final long STRERROR = symbol("strerror");
    private static final long ERRNO_LOCATION = symbol("__errno_location");
    private static final long MMAP = symbol("mmap");
    private static final long MUNMAP = symbol("munmap");
    private static final long SETHOSTNAME = symbol("sethostname");
    private static final long EVENTFD = symbol("eventfd");

    private static final com.kenai.jffi.CallContext SYSCALL_CONTEXT = returningLong(6);

    /**
     * syscall(2) with five arguments: allocation-free, the child's only native call. Runs in the
     * child: excluded from JIT compilation by the launcher (bin/jrun.compilecommands), and it
     * reads nothing but static finals and calls nothing but jffi.
     */
    @Override
    public long syscall(long number, long a1, long a2, long a3, long a4, long a5) {
        return INVOKER.invokeN6(SYSCALL_CONTEXT, SYSCALL, number, a1, a2, a3, a4, a5);
    }

    /** The errno of this thread's last call through this class. Allocation-free; runs in the child too. */
    @Override
    public int errno() {
        return Jffi.LAST_ERROR.get();
    }

    public int open(String path, int flags, int mode) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN3(returningInt(3), OPEN, a.cString(path), flags, mode);
        }
    }

    public int openat(int dirfd, String path, int flags, int mode) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN4(returningInt(4), OPENAT, dirfd, a.cString(path), flags, mode);
        }
    }

    public int close(int fd) {
        return (int) INVOKER.invokeN1(returningInt(1), CLOSE, fd);
    }

    /** read(2) into {@code buf}: at most {@code count} bytes, from its start. */
    public long read(int fd, byte[] buf, long count) {
        try (NativeArena a = new NativeArena()) {
            int n = (int) Math.min(count, buf.length);
            long p = a.allocate(Math.max(n, 1), 8);
            long r = INVOKER.invokeN3(returningLong(3), READ, fd, p, n);
            if (r > 0) {
                NativeArena.get(p, buf, (int) r);
            }
            return r;
        }
    }

    /** write(2) of the first {@code count} bytes of {@code buf}. */
    public long write(int fd, byte[] buf, long count) {
        try (NativeArena a = new NativeArena()) {
            int n = (int) Math.min(count, buf.length);
            long p = a.allocate(Math.max(n, 1), 8);
            Jffi.MEMORY.putByteArray(p, buf, 0, n);
            return INVOKER.invokeN3(returningLong(3), WRITE, fd, p, n);
        }
    }

    /** write(2) from native memory. */
    public long write(int fd, long address, long count) {
        return INVOKER.invokeN3(returningLong(3), WRITE, fd, address, count);
    }

    /** read(2) into native memory. */
    public long read(int fd, long address, long count) {
        return INVOKER.invokeN3(returningLong(3), READ, fd, address, count);
    }

    public int pipe2(int[] fds, int flags) {
        return intPair(PIPE2, fds, flags, -1, -1, 2);
    }

    public int socketpair(int domain, int type, int protocol, int[] fds) {
        return intPair(SOCKETPAIR, fds, domain, type, protocol, 4);
    }

    /** pipe2(fds, flags) or socketpair(domain, type, protocol, fds): two ints come back. */
    private static int intPair(long fn, int[] fds, long x, long y, long z, int params) {
        try (NativeArena a = new NativeArena()) {
            long p = a.allocate(8, 8);
            int r = params == 2 ? (int) INVOKER.invokeN2(returningInt(2), fn, p, x)
                    : (int) INVOKER.invokeN4(returningInt(4), fn, x, y, z, p);
            if (r == 0) {
                fds[0] = NativeArena.getInt(p);
                fds[1] = NativeArena.getInt(p + 4);
            }
            return r;
        }
    }

    public int dup3(int oldfd, int newfd, int flags) {
        return (int) INVOKER.invokeN3(returningInt(3), DUP3, oldfd, newfd, flags);
    }

    public int fcntl(int fd, int cmd, int arg) {
        return (int) INVOKER.invokeN3(returningInt(3), FCNTL, fd, cmd, arg);
    }

    /** poll(2) of {@code nfds} struct pollfd at {@code fds}. */
    public int poll(long fds, int nfds, int timeoutMillis) {
        return (int) INVOKER.invokeN3(returningInt(3), POLL, fds, nfds, timeoutMillis);
    }

    /** waitpid(2)'s option: return at once if the child has not exited. */
    public static final int WNOHANG = 1;

    /** poll(2)'s event: there is data to read (on a pidfd: its process has exited). */
    public static final int POLLIN = 1;

    /**
     * poll(2) of the one fd {@code fd} for {@code events}: its revents when ready, 0 on timeout,
     * -1 on an error (errno).
     */
    public int pollOne(int fd, int events, int timeoutMillis) {
        try (NativeArena a = new NativeArena()) {
            long p = a.allocate(8, 8);
            NativeArena.putInt(p, fd);
            NativeArena.putShort(p + 4, (short) events);
            int r = poll(p, 1, timeoutMillis);
            return r <= 0 ? r : NativeArena.getShort(p + 6) & 0xffff;
        }
    }

    /** eventfd(2)'s flag: close the fd on exec. */
    public static final int EFD_CLOEXEC = FileFlags.O_CLOEXEC;

    /**
     * eventfd(2): an fd holding a 64-bit counter that a write(2) of 8 bytes adds to and a read(2)
     * of 8 bytes returns and resets (cgroup v1's memory notifications signal through one).
     */
    public int eventfd(int initval, int flags) {
        return (int) INVOKER.invokeN2(returningInt(2), EVENTFD, initval, flags);
    }

    public int kill(int pid, int sig) {
        return (int) INVOKER.invokeN2(returningInt(2), KILL, pid, sig);
    }

    /** waitpid(2); the wait status goes to {@code status[0]}. */
    public int waitpid(int pid, int[] status, int options) {
        try (NativeArena a = new NativeArena()) {
            long p = a.allocate(4, 4);
            int r = (int) INVOKER.invokeN3(returningInt(3), WAITPID, pid, p, options);
            status[0] = NativeArena.getInt(p);
            return r;
        }
    }

    public int getpid() {
        return (int) INVOKER.invokeN0(returningInt(0), GETPID);
    }

    public int getuid() {
        return (int) INVOKER.invokeN0(returningInt(0), GETUID);
    }

    public int getgid() {
        return (int) INVOKER.invokeN0(returningInt(0), GETGID);
    }

    public int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        return (int) INVOKER.invokeN5(returningInt(5), PRCTL, option, arg2, arg3, arg4, arg5);
    }

    public int flock(int fd, int operation) {
        return (int) INVOKER.invokeN2(returningInt(2), FLOCK, fd, operation);
    }

    public int isatty(int fd) {
        return (int) INVOKER.invokeN1(returningInt(1), ISATTY, fd);
    }

    /** ioctl(2) whose argument is a pointer (an address, or 0) or a number. */
    public int ioctl(int fd, long request, long arg) {
        return (int) INVOKER.invokeN3(returningInt(3), IOCTL, fd, request, arg);
    }

    public int mount(String source, String target, String fstype, long flags, String data) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN5(returningInt(5), MOUNT, orNull(a, source), a.cString(target), orNull(a, fstype),
                    flags, orNull(a, data));
        }
    }

    private static long orNull(NativeArena a, String s) {
        return s == null ? 0 : a.cString(s);
    }

    public int umount2(String target, int flags) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN2(returningInt(2), UMOUNT2, a.cString(target), flags);
        }
    }

    public int mkfifo(String path, int mode) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN2(returningInt(2), MKFIFO, a.cString(path), mode);
        }
    }

    /** Image layers: device nodes and overlay whiteouts (char 0/0). */
    public int mknod(String path, int mode, long dev) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN3(returningInt(3), MKNOD, a.cString(path), mode, dev);
        }
    }

    /** Image layers: file capabilities and the overlay opaque marker (never follows a symlink). */
    public int lsetxattr(String path, String name, byte[] value, long size, int flags) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN5(returningInt(5), LSETXATTR, a.cString(path), a.cString(name), a.bytes(value),
                    size, flags);
        }
    }

    public int socket(int domain, int type, int protocol) {
        return (int) INVOKER.invokeN3(returningInt(3), SOCKET, domain, type, protocol);
    }

    public int connect(int fd, long addr, int addrlen) {
        return (int) INVOKER.invokeN3(returningInt(3), CONNECT, fd, addr, addrlen);
    }

    public int bind(int fd, long addr, int addrlen) {
        return (int) INVOKER.invokeN3(returningInt(3), BIND, fd, addr, addrlen);
    }

    public int listen(int fd, int backlog) {
        return (int) INVOKER.invokeN2(returningInt(2), LISTEN, fd, backlog);
    }

    public int accept4(int fd, long addr, long addrlen, int flags) {
        return (int) INVOKER.invokeN4(returningInt(4), ACCEPT4, fd, addr, addrlen, flags);
    }

    public long sendmsg(int fd, long msg, int flags) {
        return INVOKER.invokeN3(returningLong(3), SENDMSG, fd, msg, flags);
    }

    public long recvmsg(int fd, long msg, int flags) {
        return INVOKER.invokeN3(returningLong(3), RECVMSG, fd, msg, flags);
    }

    public int tcgetattr(int fd, long termios) {
        return (int) INVOKER.invokeN2(returningInt(2), TCGETATTR, fd, termios);
    }

    public int tcsetattr(int fd, int actions, long termios) {
        return (int) INVOKER.invokeN3(returningInt(3), TCSETATTR, fd, actions, termios);
    }

    public void cfmakeraw(long termios) {
        INVOKER.invokeN1(returningInt(1), CFMAKERAW, termios); // void: the result is not looked at
    }

    /** The C library's message for {@code errnum}. */
    public String strerror(int errnum) {
        return NativeArena.getString(INVOKER.invokeN1(returningLong(1), STRERROR, errnum));
    }

    /** The address of the calling thread's errno; the same address in a raw clone of it. */
    public long __errno_location() {
        return INVOKER.invokeN0(returningLong(0), ERRNO_LOCATION);
    }

    public long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        return INVOKER.invokeN6(returningLong(6), MMAP, addr, length, prot, flags, fd, offset);
    }

    public int munmap(long addr, long length) {
        return (int) INVOKER.invokeN2(returningInt(2), MUNMAP, addr, length);
    }

    public int sethostname(byte[] name, long len) {
        try (NativeArena a = new NativeArena()) {
            return (int) INVOKER.invokeN2(returningInt(2), SETHOSTNAME, a.bytes(name), len);
        }
    }
}
