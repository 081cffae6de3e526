package io.jrun.core;

import io.jrun.core.init.MountOptions;
import io.jrun.spec.Features;
import io.jrun.spec.LinuxCapabilities;
import io.jrun.spec.LinuxNamespace;
import io.jrun.spec.SpecVersion;

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
                new Features.Cgroup(false, true, false, false, false),
                new Features.Seccomp(false, null, null, null, null, null),
                new Features.Apparmor(false),
                new Features.Selinux(false),
                new Features.IntelRdt(false, false, false),
                null,
                new Features.MountExtensions(new Features.IdMap(false)),
                new Features.NetDevices(false));
        return new Features(SpecVersion.MIN, SpecVersion.CURRENT,
                List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                MountOptions.supported(), linux, Map.of("io.jrun.version", Version.VERSION), List.of());
    }
}
