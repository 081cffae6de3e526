package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** runc's TestSystemdVersion. */
class SystemdVersionTest {
    @Test
    void theFirstNumberCounts() {
        assertEquals(219, SystemdVersion.parse("\"219\""));
        assertEquals(245, SystemdVersion.parse("\"v245.4-1.fc32\""));
        assertEquals(241, SystemdVersion.parse("\"241-1\""));
        assertEquals(241, SystemdVersion.parse("\"v241-1\""));
        assertEquals(333, SystemdVersion.parse("333.45\""));
        assertEquals(321, SystemdVersion.parse("v321-0"));
        assertEquals(255, SystemdVersion.parse("255.4-1ubuntu8"));
    }

    @Test
    void noNumberIsAnError() {
        for (String bad : List.of("NaN", "", "v", "\"\"")) {
            assertThrows(IllegalArgumentException.class, () -> SystemdVersion.parse(bad), bad);
        }
    }
}
