package io.jrun.sys;

/** socket(2), socketpair(2) and sendmsg(2) constants, and the netdevice(7) ioctls made on a socket. */
public final class Sockets {
    private Sockets() {}

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    /** The same bit as O_CLOEXEC, or'ed into the type. */
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    /** A control message of file descriptors. */
    public static final int SCM_RIGHTS = 1;
    /** recvmsg(2): the control data did not fit. */
    public static final int MSG_CTRUNC = 0x8;
    /** recvmsg(2): received fds are close-on-exec. */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    /** sizeof(sockaddr_un.sun_path). */
    public static final int SUN_PATH_SIZE = 108;

    /** Sets an interface's flags from a struct ifreq. */
    public static final long SIOCSIFFLAGS = 0x8914;
    public static final short IFF_UP = 0x1;
    public static final short IFF_LOOPBACK = 0x8;
    public static final short IFF_RUNNING = 0x40;
    /** sizeof(struct ifreq), and where in it the name ends (ifr_flags follows). */
    public static final int IFREQ_SIZE = 40;
    public static final int IFNAMSIZ = 16;
}
