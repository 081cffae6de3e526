package io.jrun.core.seccomp;

import io.jrun.core.RuntimeFeatures;
import io.jrun.spec.Features;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The features document's seccomp section says what the compiler takes, no more and no less. */
class SeccompFeaturesTest {
    @Test
    void theFeaturesDocumentListsWhatTheCompilerTakes() {
        Features.Seccomp s = RuntimeFeatures.document().linux().seccomp();
        assertTrue(s.enabled());
        assertEquals(List.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
                "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"), s.actions());
        assertEquals(List.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
                "SCMP_CMP_MASKED_EQ"), s.operators());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"), s.archs());
        assertEquals(List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), s.knownFlags());
        assertEquals(s.knownFlags(), s.supportedFlags()); // this kernel (6.x) takes them all
        // each of them compiles
        for (String action : s.actions()) {
            SeccompCompiler.action(action, null, "", "");
        }
    }
}
