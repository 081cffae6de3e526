package io.jrun.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code linux}: the Linux-specific configuration (config-linux.md), in spec field order.
 *
 * @param uidMappings       user namespace uid mappings
 * @param gidMappings       user namespace gid mappings
 * @param sysctl            /proc/sys keys, {@code kernel.msgmax} or {@code kernel/msgmax} style
 * @param resources         cgroup limits
 * @param cgroupsPath       the container's cgroup
 * @param namespaces        namespaces to create (no path) or join (path)
 * @param devices           device nodes to create
 * @param netDevices        host network interfaces to move in, by host name
 * @param seccomp           the seccomp filter
 * @param rootfsPropagation propagation of the root mount
 * @param maskedPaths       paths to mask
 * @param readonlyPaths     paths to make read-only
 * @param mountLabel        SELinux mount label
 * @param intelRdt          Intel RDT (resctrl) settings
 * @param memoryPolicy      set_mempolicy(2) settings
 * @param personality       personality(2) settings
 * @param timeOffsets       time namespace offsets, by clock ({@code monotonic}, {@code boottime})
 */
public record Linux(
        List<LinuxIdMapping> uidMappings,
        List<LinuxIdMapping> gidMappings,
        Map<String, String> sysctl,
        LinuxResources resources,
        String cgroupsPath,
        List<LinuxNamespace> namespaces,
        List<LinuxDevice> devices,
        Map<String, LinuxNetDevice> netDevices,
        LinuxSeccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        LinuxIntelRdt intelRdt,
        LinuxMemoryPolicy memoryPolicy,
        LinuxPersonality personality,
        Map<String, LinuxTimeOffset> timeOffsets) {

    public Linux {
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        sysctl = Copies.map(sysctl);
        namespaces = Copies.list(namespaces);
        devices = Copies.list(devices);
        netDevices = Copies.map(netDevices);
        maskedPaths = Copies.list(maskedPaths);
        readonlyPaths = Copies.list(readonlyPaths);
        timeOffsets = Copies.map(timeOffsets);
    }

    public List<LinuxIdMapping> uidMappingsOrEmpty() {
        return Copies.orEmpty(uidMappings);
    }

    public List<LinuxIdMapping> gidMappingsOrEmpty() {
        return Copies.orEmpty(gidMappings);
    }

    public Map<String, String> sysctlOrEmpty() {
        return Copies.orEmpty(sysctl);
    }

    public List<LinuxNamespace> namespacesOrEmpty() {
        return Copies.orEmpty(namespaces);
    }

    public List<LinuxDevice> devicesOrEmpty() {
        return Copies.orEmpty(devices);
    }

    public Map<String, LinuxNetDevice> netDevicesOrEmpty() {
        return Copies.orEmpty(netDevices);
    }

    public List<String> maskedPathsOrEmpty() {
        return Copies.orEmpty(maskedPaths);
    }

    public List<String> readonlyPathsOrEmpty() {
        return Copies.orEmpty(readonlyPaths);
    }

    public Map<String, LinuxTimeOffset> timeOffsetsOrEmpty() {
        return Copies.orEmpty(timeOffsets);
    }

    /** The first namespace entry of {@code type} (see {@link LinuxNamespace}'s constants). */
    public Optional<LinuxNamespace> namespace(String type) {
        return namespacesOrEmpty().stream().filter(ns -> type.equals(ns.type())).findFirst();
    }

    /** Whether the container gets a namespace of {@code type}, new or joined. */
    public boolean hasNamespace(String type) {
        return namespace(type).isPresent();
    }
}
