package io.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrun.spec.Features;
import io.jrun.spec.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest {
    @TempDir
    Path cwd;

    @Test
    void printsTheRuntimesDocumentIndentedWithFourSpaces() {
        Features features = new Features("1.0.0", "1.3.0", List.of("prestart"), List.of("ro"), null,
                Map.of("io.jrun.version", "0.1.0"), null);
        CliRunner cli = new CliRunner(cwd);
        cli.runtime.features = () -> features;
        CliRunner.Result r = cli.run("features");
        assertEquals(0, r.status(), r.err());
        assertEquals("""
                {
                    "ociVersionMin": "1.0.0",
                    "ociVersionMax": "1.3.0",
                    "hooks": [
                        "prestart"
                    ],
                    "mountOptions": [
                        "ro"
                    ],
                    "annotations": {
                        "io.jrun.version": "0.1.0"
                    }
                }
                """, r.out());
        assertEquals(features, Json.parse(r.out(), Features.class, "features"));
    }
}
