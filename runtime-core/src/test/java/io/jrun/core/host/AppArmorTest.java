package io.jrun.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrun.api.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppArmorTest {
    @TempDir
    Path dir;

    @Test
    void aProfileThatIsNotLoadedFailsNamingTheField() throws IOException {
        Path profiles = Files.writeString(dir.resolve("profiles"),
                "docker-default (enforce)\njrun-it-x//child (complain)\nnvidia_modprobe (enforce)\n");
        AppArmor.checkLoaded("docker-default", "process.apparmorProfile", profiles);
        AppArmor.checkLoaded("jrun-it-x//child", "process.apparmorProfile", profiles);
        AppArmor.checkLoaded("unconfined", "process.apparmorProfile", profiles);
        JrunException e = assertThrows(JrunException.class,
                () -> AppArmor.checkLoaded("docker", "process.apparmorProfile", profiles));
        assertEquals("process.apparmorProfile: AppArmor profile docker is not loaded (" + profiles
                + "); load it with apparmor_parser first", e.getMessage());
    }

    @Test
    void profilesThatCannotBeReadAreLeftToTheKernel() {
        AppArmor.checkLoaded("anything", "--apparmor", dir.resolve("missing"));
    }
}
