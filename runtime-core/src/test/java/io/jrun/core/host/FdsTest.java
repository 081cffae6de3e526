package io.jrun.core.host;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.api.JrunException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The launcher's list of the fds jrun's caller passed, and the check of --preserve-fds against it. */
class FdsTest {
    @Test
    void parsesTheLaunchersList() {
        assertEquals(Optional.empty(), Fds.inherited(null));
        assertEquals(Optional.of(Set.of()), Fds.inherited(""));
        assertEquals(Optional.of(Set.of(3, 4, 7)), Fds.inherited("3,4,7"));
        assertEquals(Optional.of(Set.of(3)), Fds.inherited("3,x,"));
    }

    @Test
    void passesFdsTheCallerPassed() {
        assertDoesNotThrow(() -> Fds.checkPassed("--preserve-fds 2", 2, Fds.inherited("3,4,9")));
        assertDoesNotThrow(() -> Fds.checkPassed("--preserve-fds 0", 0, Fds.inherited("")));
    }

    @Test
    void refusesAnFdTheCallerDidNotPass() {
        JrunException e = assertThrows(JrunException.class,
                () -> Fds.checkPassed("--preserve-fds 2", 2, Fds.inherited("3")));
        assertEquals("--preserve-fds 2: fd 4 was not passed to jrun (open fds above stdio: 3)", e.getMessage());
        e = assertThrows(JrunException.class, () -> Fds.checkPassed("--preserve-fds 1", 1, Fds.inherited("")));
        assertEquals("--preserve-fds 1: fd 3 was not passed to jrun (open fds above stdio: none)", e.getMessage());
        e = assertThrows(JrunException.class, () -> Fds.checkPassed("--preserve-fds 1", 1, Fds.inherited("4,10")));
        assertEquals("--preserve-fds 1: fd 3 was not passed to jrun (open fds above stdio: 4, 10)", e.getMessage());
    }

    @Test
    void withoutTheLaunchersListNothingIsChecked() {
        assertDoesNotThrow(() -> Fds.checkPassed("--preserve-fds 5", 5, Fds.inherited(null)));
    }
}
