package io.jrun.spec;

import java.io.IOException;

/**
 * Finds the codec of a record of the model by its type, for {@link Json}'s type-generic entry
 * points. Plain comparisons rather than a map of codecs: only the codec asked for is linked, and
 * no lambda is made for the others.
 */
final class ModelCodecs {
    private ModelCodecs() {}

    /** The reader of {@code type}, or null if it is not a record of the model. */
    static JsonIn.Reader<?> reader(Class<?> type) {
        if (type == Spec.class) return SpecCodec::spec;
        if (type == State.class) return SpecCodec::state;
        if (type == Process.class) return ProcessCodec::process;
        if (type == Features.class) return FeaturesCodec::features;
        if (type == Root.class) return SpecCodec::root;
        if (type == Mount.class) return SpecCodec::mount;
        if (type == Hooks.class) return SpecCodec::hooks;
        if (type == Hook.class) return SpecCodec::hook;
        if (type == Box.class) return ProcessCodec::box;
        if (type == User.class) return ProcessCodec::user;
        if (type == LinuxCapabilities.class) return ProcessCodec::capabilities;
        if (type == PosixRlimit.class) return ProcessCodec::rlimit;
        if (type == Scheduler.class) return ProcessCodec::scheduler;
        if (type == LinuxIOPriority.class) return ProcessCodec::ioPriority;
        if (type == ExecCPUAffinity.class) return ProcessCodec::execCPUAffinity;
        if (type == Linux.class) return LinuxCodec::linux;
        if (type == LinuxIdMapping.class) return LinuxCodec::idMapping;
        if (type == LinuxNamespace.class) return LinuxCodec::namespace;
        if (type == LinuxDevice.class) return LinuxCodec::device;
        if (type == LinuxNetDevice.class) return LinuxCodec::netDevice;
        if (type == LinuxSeccomp.class) return LinuxCodec::seccomp;
        if (type == LinuxSyscall.class) return LinuxCodec::syscall;
        if (type == LinuxSeccompArg.class) return LinuxCodec::seccompArg;
        if (type == LinuxIntelRdt.class) return LinuxCodec::intelRdt;
        if (type == LinuxMemoryPolicy.class) return LinuxCodec::memoryPolicy;
        if (type == LinuxPersonality.class) return LinuxCodec::personality;
        if (type == LinuxTimeOffset.class) return LinuxCodec::timeOffset;
        if (type == LinuxResources.class) return ResourcesCodec::resources;
        if (type == LinuxDeviceCgroup.class) return ResourcesCodec::deviceCgroup;
        if (type == LinuxMemory.class) return ResourcesCodec::memory;
        if (type == LinuxCpu.class) return ResourcesCodec::cpu;
        if (type == LinuxPids.class) return ResourcesCodec::pids;
        if (type == LinuxBlockIo.class) return ResourcesCodec::blockIO;
        if (type == LinuxWeightDevice.class) return ResourcesCodec::weightDevice;
        if (type == LinuxThrottleDevice.class) return ResourcesCodec::throttleDevice;
        if (type == LinuxHugepageLimit.class) return ResourcesCodec::hugepageLimit;
        if (type == LinuxNetwork.class) return ResourcesCodec::network;
        if (type == LinuxInterfacePriority.class) return ResourcesCodec::interfacePriority;
        if (type == LinuxRdma.class) return ResourcesCodec::rdma;
        if (type == Features.Linux.class) return FeaturesCodec::linux;
        if (type == Features.Cgroup.class) return FeaturesCodec::cgroup;
        if (type == Features.Seccomp.class) return FeaturesCodec::seccomp;
        if (type == Features.Apparmor.class) return FeaturesCodec::apparmor;
        if (type == Features.Selinux.class) return FeaturesCodec::selinux;
        if (type == Features.IntelRdt.class) return FeaturesCodec::intelRdt;
        if (type == Features.MemoryPolicy.class) return FeaturesCodec::memoryPolicy;
        if (type == Features.MountExtensions.class) return FeaturesCodec::mountExtensions;
        if (type == Features.IdMap.class) return FeaturesCodec::idMap;
        if (type == Features.NetDevices.class) return FeaturesCodec::netDevices;
        return null;
    }

    /**
     * Writes {@code value} if it is a record of the model; false if it is not. An instanceof chain,
     * not a pattern switch: that one's bootstrap generates a class at run time.
     */
    static boolean write(JsonOut out, Object value) throws IOException {
        if (value instanceof Spec v) {
            SpecCodec.spec(out, v);
        } else if (value instanceof State v) {
            SpecCodec.state(out, v);
        } else if (value instanceof Process v) {
            ProcessCodec.process(out, v);
        } else if (value instanceof Features v) {
            FeaturesCodec.features(out, v);
        } else if (value instanceof Root v) {
            SpecCodec.root(out, v);
        } else if (value instanceof Mount v) {
            SpecCodec.mount(out, v);
        } else if (value instanceof Hooks v) {
            SpecCodec.hooks(out, v);
        } else if (value instanceof Hook v) {
            SpecCodec.hook(out, v);
        } else if (value instanceof Box v) {
            ProcessCodec.box(out, v);
        } else if (value instanceof User v) {
            ProcessCodec.user(out, v);
        } else if (value instanceof LinuxCapabilities v) {
            ProcessCodec.capabilities(out, v);
        } else if (value instanceof PosixRlimit v) {
            ProcessCodec.rlimit(out, v);
        } else if (value instanceof Scheduler v) {
            ProcessCodec.scheduler(out, v);
        } else if (value instanceof LinuxIOPriority v) {
            ProcessCodec.ioPriority(out, v);
        } else if (value instanceof ExecCPUAffinity v) {
            ProcessCodec.execCPUAffinity(out, v);
        } else if (value instanceof Linux v) {
            LinuxCodec.linux(out, v);
        } else if (value instanceof LinuxIdMapping v) {
            LinuxCodec.idMapping(out, v);
        } else if (value instanceof LinuxNamespace v) {
            LinuxCodec.namespace(out, v);
        } else if (value instanceof LinuxDevice v) {
            LinuxCodec.device(out, v);
        } else if (value instanceof LinuxNetDevice v) {
            LinuxCodec.netDevice(out, v);
        } else if (value instanceof LinuxSeccomp v) {
            LinuxCodec.seccomp(out, v);
        } else if (value instanceof LinuxSyscall v) {
            LinuxCodec.syscall(out, v);
        } else if (value instanceof LinuxSeccompArg v) {
            LinuxCodec.seccompArg(out, v);
        } else if (value instanceof LinuxIntelRdt v) {
            LinuxCodec.intelRdt(out, v);
        } else if (value instanceof LinuxMemoryPolicy v) {
            LinuxCodec.memoryPolicy(out, v);
        } else if (value instanceof LinuxPersonality v) {
            LinuxCodec.personality(out, v);
        } else if (value instanceof LinuxTimeOffset v) {
            LinuxCodec.timeOffset(out, v);
        } else if (value instanceof LinuxResources v) {
            ResourcesCodec.resources(out, v);
        } else if (value instanceof LinuxDeviceCgroup v) {
            ResourcesCodec.deviceCgroup(out, v);
        } else if (value instanceof LinuxMemory v) {
            ResourcesCodec.memory(out, v);
        } else if (value instanceof LinuxCpu v) {
            ResourcesCodec.cpu(out, v);
        } else if (value instanceof LinuxPids v) {
            ResourcesCodec.pids(out, v);
        } else if (value instanceof LinuxBlockIo v) {
            ResourcesCodec.blockIO(out, v);
        } else if (value instanceof LinuxWeightDevice v) {
            ResourcesCodec.weightDevice(out, v);
        } else if (value instanceof LinuxThrottleDevice v) {
            ResourcesCodec.throttleDevice(out, v);
        } else if (value instanceof LinuxHugepageLimit v) {
            ResourcesCodec.hugepageLimit(out, v);
        } else if (value instanceof LinuxNetwork v) {
            ResourcesCodec.network(out, v);
        } else if (value instanceof LinuxInterfacePriority v) {
            ResourcesCodec.interfacePriority(out, v);
        } else if (value instanceof LinuxRdma v) {
            ResourcesCodec.rdma(out, v);
        } else if (value instanceof Features.Linux v) {
            FeaturesCodec.linux(out, v);
        } else if (value instanceof Features.Cgroup v) {
            FeaturesCodec.cgroup(out, v);
        } else if (value instanceof Features.Seccomp v) {
            FeaturesCodec.seccomp(out, v);
        } else if (value instanceof Features.Apparmor v) {
            FeaturesCodec.apparmor(out, v);
        } else if (value instanceof Features.Selinux v) {
            FeaturesCodec.selinux(out, v);
        } else if (value instanceof Features.IntelRdt v) {
            FeaturesCodec.intelRdt(out, v);
        } else if (value instanceof Features.MemoryPolicy v) {
            FeaturesCodec.memoryPolicy(out, v);
        } else if (value instanceof Features.MountExtensions v) {
            FeaturesCodec.mountExtensions(out, v);
        } else if (value instanceof Features.IdMap v) {
            FeaturesCodec.idMap(out, v);
        } else if (value instanceof Features.NetDevices v) {
            FeaturesCodec.netDevices(out, v);
        } else {
            return false;
        }
        return true;
    }
}
