package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * runc's ExpandSlice. runc has no unit test of it; the cases are its doc comment's ("test-a-b.slice
 * becomes /test.slice/test-a.slice/test-a-b.slice") and each branch of its code.
 */
class SlicesTest {
    @Test
    void aSliceIsNestedInTheSlicesItsDashesName() {
        assertEquals("/system.slice", Slices.expand("system.slice"));
        assertEquals("/test.slice/test-a.slice/test-a-b.slice", Slices.expand("test-a-b.slice"));
        assertEquals("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice",
                Slices.expand("kubepods-burstable-pod1234.slice"));
        // systemd escapes a dash inside a part as \x2d; it is not a level.
        assertEquals("/machine.slice/machine-qemu\\x2dvm.slice", Slices.expand("machine-qemu\\x2dvm.slice"));
    }

    @Test
    void theRootSliceIsTheRoot() {
        assertEquals("/", Slices.expand("-.slice"));
    }

    @Test
    void badNamesAreRefusedInRuncsWords() {
        for (String bad : List.of("", ".slice", "system", "docker-1.scope", "a--b.slice", "-a.slice", "a-.slice",
                "--.slice", "a/b.slice", "/system.slice", "system.slice/")) {
            assertEquals("invalid slice name: " + bad,
                    assertThrows(IllegalArgumentException.class, () -> Slices.expand(bad)).getMessage(), bad);
        }
    }

    @Test
    void aSlicesParentIsNamedByItsName() {
        assertEquals("-.slice", Slices.parent("system.slice"));
        assertEquals("a.slice", Slices.parent("a-b.slice"));
        assertEquals("a-b.slice", Slices.parent("a-b-c.slice"));
        assertEquals("the root slice -.slice has no parent",
                assertThrows(IllegalArgumentException.class, () -> Slices.parent("-.slice")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Slices.parent("a--b.slice"));
    }
}
