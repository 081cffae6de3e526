package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * runc's TestRangeToBits, as runc 1.1.10 and later have it: the lowest byte first, as systemd
 * reads the mask (runc 1.1.5's expectations had the bytes the other way round).
 */
class CpuMaskTest {
    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void runcsCases() {
        assertArrayEquals(bytes(1), CpuMask.bits("0"));
        assertArrayEquals(bytes(2), CpuMask.bits("1"));
        assertArrayEquals(bytes(3), CpuMask.bits("0-1"));
        assertArrayEquals(bytes(3), CpuMask.bits("0,1"));
        assertArrayEquals(bytes(3), CpuMask.bits(",0,1,"));
        assertArrayEquals(bytes(0x0f), CpuMask.bits("0-3"));
        assertArrayEquals(bytes(0x0f), CpuMask.bits("0,1,2-3"));
        assertArrayEquals(bytes(0xf0), CpuMask.bits("4-7"));
        assertArrayEquals(bytes(0xff), CpuMask.bits("0-7"));
        assertArrayEquals(bytes(0xff, 0xff), CpuMask.bits("0-15"));
        assertArrayEquals(bytes(0, 0, 1), CpuMask.bits("16"));
        assertArrayEquals(bytes(0x0f, 0, 0, 0, 3), CpuMask.bits("0-3,32-33"));
        // Extra spaces and tabs are ok.
        assertArrayEquals(bytes(6), CpuMask.bits("1, 2, 1-2"));
        assertArrayEquals(bytes(0xea), CpuMask.bits("    , 1   , 3  ,  5-7,\t"));
        // Somewhat large values.
        assertArrayEquals(bytes(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7), CpuMask.bits("128-130,1"));
    }

    @Test
    void runcsErrors() {
        assertEquals("empty value", assertThrows(IllegalArgumentException.class, () -> CpuMask.bits("")).getMessage());
        assertEquals("empty value", assertThrows(IllegalArgumentException.class, () -> CpuMask.bits(" , ")).getMessage());
        assertEquals("invalid range: 54-53",
                assertThrows(IllegalArgumentException.class, () -> CpuMask.bits("54-53")).getMessage());
        // The kernel does not allow spaces inside a range either.
        for (String bad : List.of("-", "1-", "-3", "1 - 2", "+1", "a", "1-2-3", "0x1")) {
            assertThrows(IllegalArgumentException.class, () -> CpuMask.bits(bad), bad);
        }
        assertEquals("\"1 \" is not a number",
                assertThrows(IllegalArgumentException.class, () -> CpuMask.bits("1 - 2")).getMessage());
    }

    @Test
    void numbersStopWhereSystemdsDo() {
        // systemd's cpu_set_add refuses 8192 and up; checking first also keeps "0-4294967295"
        // from making a 512 MiB mask.
        assertEquals(1024, CpuMask.bits("8191").length);
        assertEquals("8192 is too large: systemd takes CPUs and memory nodes below 8192",
                assertThrows(IllegalArgumentException.class, () -> CpuMask.bits("0-8192")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuMask.bits("0-4294967295"));
        assertThrows(IllegalArgumentException.class, () -> CpuMask.bits("99999999999999999999"));
    }
}
