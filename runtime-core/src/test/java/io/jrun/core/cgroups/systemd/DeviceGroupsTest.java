package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceGroupsTest {
    /** A host's /proc/devices, shortened. */
    static final String PROC_DEVICES = """
            Character devices:
              1 mem
              4 /dev/vc/0
              4 tty
              5 /dev/tty
              5 /dev/console
              5 /dev/ptmx
             10 misc
            136 pts
            226 drm
            254 gpiochip

            Block devices:
              7 loop
              8 sd
            253 device-mapper
            254 virtblk
            """;

    static final DeviceGroups GROUPS = new DeviceGroups(PROC_DEVICES);

    @Test
    void aMajorIsNamedByItsGroupWithTheTypesPrefix() {
        // runc's findDeviceGroup: "char-pts" for the pty slaves of runc's defaults.
        assertEquals("char-pts", GROUPS.group('c', 136));
        assertEquals("char-misc", GROUPS.group('c', 10));
        assertEquals("block-sd", GROUPS.group('b', 8));
        // The section counts: 254 is gpiochip for char, virtblk for block.
        assertEquals("char-gpiochip", GROUPS.group('c', 254));
        assertEquals("block-virtblk", GROUPS.group('b', 254));
        // The first of several.
        assertEquals("char-/dev/vc/0", GROUPS.group('c', 4));
        assertNull(GROUPS.group('c', 7));
        assertNull(GROUPS.group('b', 136));
    }

    @Test
    void aMalformedLineOfTheSectionIsAnError() {
        DeviceGroups bad = new DeviceGroups("Character devices:\n  1 mem\nx y\n");
        assertEquals("scan /proc/devices line \"x y\": not a major number and a name",
                assertThrows(IllegalArgumentException.class, () -> bad.group('c', 136)).getMessage());
        // Found before the bad line, as runc's scan stops there.
        assertEquals("char-mem", bad.group('c', 1));
    }
}
