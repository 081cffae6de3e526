package io.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the API reads of `jrun list` and `jrun state`: runc's layout. */
class StateDocumentTest {
    @Test
    void aListIsReadWhateverItsStringsHold() {
        // braces and quotes inside strings, and an unknown field, as a newer jrun might print
        String json = "[{\"ociVersion\":\"1.2.0\",\"id\":\"a}{\",\"pid\":42,\"status\":\"running\",\"bundle\":\"/b/\\\"x\\\"\","
                + "\"rootfs\":\"/b/rootfs\",\"created\":\"2026-12-08T02:00:00.5Z\",\"owner\":\"\",\"annotations\":{\"k\":\"{v}\"},"
                + "\"new\":[1,{}]},"
                + "{\"ociVersion\":\"1.2.0\",\"id\":\"b\",\"pid\":0,\"status\":\"stopped\",\"bundle\":\"/c\",\"rootfs\":\"\","
                + "\"created\":\"0001-01-01T00:00:00Z\",\"owner\":\"\"}]";
        List<ContainerState> states = LauncherRuntime.StateDocument.parseList(json);
        assertEquals(2, states.size());
        ContainerState a = states.get(0);
        assertEquals("a}{", a.id());
        assertEquals(42, a.pid());
        assertEquals(Status.RUNNING, a.status());
        assertEquals(Path.of("/b/\"x\""), a.bundle());
        assertEquals(Map.of("k", "{v}"), a.annotations());
        ContainerState b = states.get(1);
        assertEquals(Status.STOPPED, b.status());
        assertNull(b.rootfs());
        assertNull(b.created(), "Go's zero time is no time");
    }

    @Test
    void noContainersIsAnEmptyListAsJrunAndRuncPrintIt() {
        assertEquals(List.of(), LauncherRuntime.StateDocument.parseList("[]\n"));
        assertEquals(List.of(), LauncherRuntime.StateDocument.parseList("null\n"));
    }
}
