package io.jrun.core.program;

import io.jrun.api.Annotations;
import io.jrun.core.child.Arg;
import io.jrun.core.child.ChildProgram;
import io.jrun.core.child.Insn;
import io.jrun.core.child.Tag;
import io.jrun.spec.Spec;
import io.jrun.spec.SpecDefaults;
import io.jrun.sys.Sys;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loopback up in the init program, only where the config's annotation asks for it. */
class NetworkStepsTest {
    private static Spec withAnnotations(Map<String, String> annotations) {
        Spec s = SpecDefaults.example();
        return new Spec(s.ociVersion(), s.process(), s.root(), s.hostname(), s.domainname(), s.mounts(), s.hooks(),
                annotations, s.linux());
    }

    @Test
    void theAnnotationBringsLoUpAfterTheNamespacesAreMade() {
        ChildProgram p = InitProgramTest.build(withAnnotations(Map.of(Annotations.LOOPBACK, "up"))).program();
        List<Insn> insns = p.insns();
        int session = InitProgramTest.at(p, Tag.Op.NEW_SESSION);
        int socket = InitProgramTest.at(p, Tag.Op.LOOPBACK, "lo");
        assertTrue(socket > session, p.describe());
        assertEquals(Sys.SOCKET, insns.get(socket).nr());
        Insn ioctl = insns.get(socket + 1);
        assertEquals(Sys.IOCTL, ioctl.nr());
        assertEquals(new Arg.Imm(0x8914), ioctl.args().get(1), "SIOCSIFFLAGS");
        byte[] ifreq = ((Arg.Bytes) ioctl.args().get(2)).value();
        assertEquals(40, ifreq.length);
        assertArrayEquals(new byte[] {'l', 'o', 0}, java.util.Arrays.copyOf(ifreq, 3));
        assertEquals(0x49, ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).getShort(16), "IFF_UP|IFF_LOOPBACK|IFF_RUNNING");
    }

    @Test
    void withoutItTheProgramIsRuncs() {
        for (Map<String, String> annotations : List.of(Map.<String, String>of(), Map.of(Annotations.LOOPBACK, "down"))) {
            List<Insn> insns = InitProgramTest.build(withAnnotations(annotations)).program().insns();
            assertTrue(insns.stream().noneMatch(i -> i.nr() == Sys.SOCKET), annotations.toString());
        }
    }
}
