package io.jrun.core.init;

import io.jrun.api.Annotations;
import io.jrun.core.child.Arg;
import io.jrun.core.child.Reg;
import io.jrun.spec.Spec;
import io.jrun.sys.Sys;

import java.nio.charset.StandardCharsets;

import static io.jrun.core.child.Arg.imm;

/**
 * The loopback of a container's new network namespace, brought up when the config's annotation
 * {@value Annotations#LOOPBACK} is "up" (`jrun run IMAGE` sets it for --network none). runc
 * leaves a new namespace's "lo" down, and so does jrun for any other config: a bundle runs as
 * under runc.
 */
public final class NetworkSteps {
    private NetworkSteps() {}

    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final long SIOCSIFFLAGS = 0x8914;
    /** IFF_UP | IFF_LOOPBACK | IFF_RUNNING, what `ip link set lo up` leaves; the kernel keeps what it owns. */
    private static final short LO_FLAGS = 0x1 | 0x8 | 0x40;
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    /** Emits the steps if the spec asks for them: socket(AF_INET), ioctl(SIOCSIFFLAGS) on "lo", close. */
    static void loopbackUp(Steps s, Spec spec) {
        if (!"up".equals(spec.annotationsOrEmpty().get(Annotations.LOOPBACK))) {
            return;
        }
        Reg sock = s.b.reg("socket");
        s.b.syscall("create a socket to bring up lo", Sys.SOCKET, imm(AF_INET), imm(SOCK_DGRAM | SOCK_CLOEXEC), imm(0)).into(sock);
        s.b.syscall("bring up the loopback interface lo", Sys.IOCTL, sock, imm(SIOCSIFFLAGS), ifreq("lo", LO_FLAGS));
        s.close(sock);
    }

    /** struct ifreq: the interface name, then ifr_flags (a short) at offset IFNAMSIZ. */
    static Arg.Bytes ifreq(String name, short flags) {
        byte[] req = new byte[IFREQ_SIZE];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, req, 0, n.length);
        java.nio.ByteBuffer.wrap(req).order(java.nio.ByteOrder.nativeOrder()).putShort(IFNAMSIZ, flags);
        return new Arg.Bytes("ifreq{lo, IFF_UP}", req);
    }
}
