package io.jrun.core.program;

import io.jrun.api.Annotations;
import io.jrun.core.child.Arg;
import io.jrun.core.child.Reg;
import io.jrun.core.child.Tag.Op;
import io.jrun.spec.Spec;
import io.jrun.sys.Sockets;
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

    /** What `ip link set lo up` leaves; the kernel keeps what it owns. */
    private static final short LO_FLAGS = Sockets.IFF_UP | Sockets.IFF_LOOPBACK | Sockets.IFF_RUNNING;

    /** Emits the steps if the spec asks for them: socket(AF_INET), ioctl(SIOCSIFFLAGS) on "lo", close. */
    static void loopbackUp(Steps s, Spec spec) {
        if (!"up".equals(spec.annotationsOrEmpty().get(Annotations.LOOPBACK))) {
            return;
        }
        Reg sock = s.b.reg("socket");
        s.b.tag(Op.LOOPBACK, "lo");
        s.b.syscall("create a socket to bring up lo", Sys.SOCKET, imm(Sockets.AF_INET), imm(Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC), imm(0)).into(sock);
        s.b.syscall("bring up the loopback interface lo", Sys.IOCTL, sock, imm(Sockets.SIOCSIFFLAGS), ifreq("lo", LO_FLAGS));
        s.close(sock);
    }

    /** struct ifreq: the interface name, then ifr_flags (a short) at offset IFNAMSIZ. */
    static Arg.Bytes ifreq(String name, short flags) {
        byte[] req = new byte[Sockets.IFREQ_SIZE];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, req, 0, n.length);
        java.nio.ByteBuffer.wrap(req).order(java.nio.ByteOrder.nativeOrder()).putShort(Sockets.IFNAMSIZ, flags);
        return new Arg.Bytes("ifreq{lo, IFF_UP}", req);
    }
}
