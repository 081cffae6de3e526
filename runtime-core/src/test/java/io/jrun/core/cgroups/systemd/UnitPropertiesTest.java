package io.jrun.core.cgroups.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What runc's managers' Apply starts a unit with. */
class UnitPropertiesTest {
    static List<String> strings(List<UnitProperty> props) {
        return props.stream().map(UnitProperty::toString).toList();
    }

    @Test
    void aScopeIsDelegatedInItsSliceWithTheProcess() {
        SystemdCgroup c = SystemdCgroup.parse("system.slice:docker:4f2a", "4f2a");
        List<UnitProperty> props = UnitProperties.start(c, 1234, true, false);
        assertEquals(List.of("Description=libcontainer container 4f2a", "Slice=system.slice", "Delegate=yes",
                "PIDs=[1234]", "MemoryAccounting=yes", "CPUAccounting=yes", "IOAccounting=yes", "TasksAccounting=yes",
                "DefaultDependencies=no"), strings(props));
        assertEquals("au", props.get(3).value().signature());
    }

    @Test
    void aSliceWantsItsParentAndHasNoProcess() {
        SystemdCgroup pod = SystemdCgroup.parse("system.slice:x:system-pod1.slice", "c1");
        List<UnitProperty> props = UnitProperties.start(pod, -1, false, false);
        // cgroup v1: BlockIOAccounting.
        assertEquals(List.of("Description=libcontainer container system-pod1.slice", "Wants=[system.slice]",
                "MemoryAccounting=yes", "CPUAccounting=yes", "BlockIOAccounting=yes", "TasksAccounting=yes",
                "DefaultDependencies=no"), strings(props));
        assertEquals("as", props.get(1).value().signature());
    }

    @Test
    void theDefaultSliceIsTheManagers() {
        SystemdCgroup c = SystemdCgroup.parse("", "c1");
        assertEquals("Slice=system.slice", strings(UnitProperties.start(c, 1, true, false)).get(1));
        assertEquals("Slice=user.slice", strings(UnitProperties.start(c, 1, true, true)).get(1));
    }
}
