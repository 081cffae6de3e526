package io.jrun.core;

import io.jrun.core.program.MountOptions;
import io.jrun.core.seccomp.Abi;
import io.jrun.core.seccomp.KernelSeccomp;
import io.jrun.core.seccomp.SeccompCompiler;
import io.jrun.spec.Features;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.SpecVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The features document (features.md) of this jrun: what it implements, whatever the host
 * has. Every entry is something a test exercises; what is not implemented says false.
 */
public final class RuntimeFeatures {
    private RuntimeFeatures() {}

    public static Features document() {
        Features.Linux linux = new Features.Linux(
                LinuxNamespace.TYPES,
                LinuxCapabilities.KNOWN,
                new Features.Cgroup(true, true, false, false, false),
                seccomp(),
                new Features.Apparmor(true),
                new Features.Selinux(false),
                new Features.IntelRdt(false, false, false),
                null,
                new Features.MountExtensions(new Features.IdMap(false)),
                new Features.NetDevices(false));
        return new Features(SpecVersion.MIN, SpecVersion.CURRENT,
                List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                MountOptions.supported(), linux, Map.of("io.jrun.version", Version.VERSION), List.of());
    }

    /**
     * What {@link SeccompCompiler} takes: every action and operator, the ABIs it has syscall
     * tables for, the flags it knows and, of those, the ones this kernel takes.
     */
    private static Features.Seccomp seccomp() {
        List<String> archs = new ArrayList<>();
        for (Abi a : Abi.values()) {
            archs.add(a.scmpName());
        }
        return new Features.Seccomp(true, SeccompCompiler.ACTIONS, SeccompCompiler.OPERATORS, archs, SeccompCompiler.FLAGS,
                KernelSeccomp.supportedFlags());
    }
}
