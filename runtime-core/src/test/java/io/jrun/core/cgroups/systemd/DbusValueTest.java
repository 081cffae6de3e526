package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DbusValueTest {
    @Test
    void signaturesAreDbuss() {
        assertEquals("b", new DbusValue.Bool(true).signature());
        assertEquals("u", new DbusValue.U32(1).signature());
        assertEquals("x", new DbusValue.I64(-1).signature());
        assertEquals("t", DbusValue.U64.INFINITY.signature());
        assertEquals("s", new DbusValue.Str("strict").signature());
        assertEquals("ay", new DbusValue.Bytes(new byte[] {1}).signature());
        assertEquals("as", DbusValue.strings(List.of("system.slice")).signature());
        assertEquals("au", DbusValue.uint32s(1234).signature());
        // DeviceAllow, empty or not; IODeviceWeight and the IO limits.
        assertEquals("a(ss)", new DbusValue.Array("(ss)", List.of()).signature());
        assertEquals("a(ss)", new DbusValue.Array("(ss)", List.of(DbusValue.pair("char-pts", "rwm"))).signature());
        assertEquals("a(st)", new DbusValue.Array("(st)", List.of(DbusValue.pair("/dev/block/8:0", 100))).signature());
    }

    @Test
    void anArrayHoldsOneType() {
        assertEquals("a D-Bus array of (ss) cannot hold a (st)", assertThrows(IllegalArgumentException.class,
                () -> new DbusValue.Array("(ss)", List.of(DbusValue.pair("/dev/block/8:0", 1)))).getMessage());
    }

    @Test
    void valuesPrintAsSystemctlShowsThem() {
        assertEquals("infinity", DbusValue.U64.INFINITY.text());
        assertEquals("18446744073709551614", new DbusValue.U64(-2).text());
        assertEquals("4294967295", new DbusValue.U32(-1).text());
        assertEquals("MemoryMax=1048576", new UnitProperty("MemoryMax", new DbusValue.U64(1048576)).toString());
        assertEquals("DeviceAllow=[(char-pts rwm), (/dev/char/1:3 rwm)]", new UnitProperty("DeviceAllow",
                new DbusValue.Array("(ss)", List.of(DbusValue.pair("char-pts", "rwm"),
                        DbusValue.pair("/dev/char/1:3", "rwm")))).toString());
    }

    @Test
    void bytesAreComparedByContentAndCopied() {
        byte[] b = {0x0f, 3};
        DbusValue.Bytes v = new DbusValue.Bytes(b);
        b[0] = 0;
        assertEquals(new DbusValue.Bytes(new byte[] {0x0f, 3}), v);
        assertNotEquals(new DbusValue.Bytes(new byte[] {3, 0x0f}), v);
        assertEquals("[0f 03]", v.text());
        assertEquals("yes", new DbusValue.Bool(true).text());
        assertEquals("-1", new DbusValue.I64(-1).text());
        v.value()[0] = 0;
        assertEquals(0x0f, v.value()[0]);
    }
}
