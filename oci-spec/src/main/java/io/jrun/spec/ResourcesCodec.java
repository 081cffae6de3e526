package io.jrun.spec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** JSON of {@code linux.resources} ({@link LinuxResources} and the records inside it), field by field in spec order. */
final class ResourcesCodec {
    private ResourcesCodec() {}

    static LinuxResources resources(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<LinuxDeviceCgroup> devices = null;
        LinuxMemory memory = null;
        LinuxCpu cpu = null;
        LinuxPids pids = null;
        LinuxBlockIo blockIO = null;
        List<LinuxHugepageLimit> hugepageLimits = null;
        LinuxNetwork network = null;
        Map<String, LinuxRdma> rdma = null;
        Map<String, String> unified = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "devices" -> devices = in.list(ResourcesCodec::deviceCgroup);
                case "memory" -> memory = memory(in);
                case "cpu" -> cpu = cpu(in);
                case "pids" -> pids = pids(in);
                case "blockIO" -> blockIO = blockIO(in);
                case "hugepageLimits" -> hugepageLimits = in.list(ResourcesCodec::hugepageLimit);
                case "network" -> network = network(in);
                case "rdma" -> rdma = in.map(ResourcesCodec::rdma);
                case "unified" -> unified = in.stringMap();
                default -> in.skip();
            }
        }
        return new LinuxResources(devices, memory, cpu, pids, blockIO, hugepageLimits, network, rdma, unified);
    }

    static void resources(JsonOut out, LinuxResources r) throws IOException {
        out.startObject();
        out.list("devices", r.devices(), ResourcesCodec::deviceCgroup);
        out.object("memory", r.memory(), ResourcesCodec::memory);
        out.object("cpu", r.cpu(), ResourcesCodec::cpu);
        out.object("pids", r.pids(), ResourcesCodec::pids);
        out.object("blockIO", r.blockIO(), ResourcesCodec::blockIO);
        out.list("hugepageLimits", r.hugepageLimits(), ResourcesCodec::hugepageLimit);
        out.object("network", r.network(), ResourcesCodec::network);
        out.map("rdma", r.rdma(), ResourcesCodec::rdma);
        out.stringMap("unified", r.unified());
        out.endObject();
    }

    static LinuxDeviceCgroup deviceCgroup(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        boolean allow = false;
        String type = null;
        Long major = null;
        Long minor = null;
        String access = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "allow" -> allow = in.bool();
                case "type" -> type = in.string();
                case "major" -> major = in.int64OrNull();
                case "minor" -> minor = in.int64OrNull();
                case "access" -> access = in.string();
                default -> in.skip();
            }
        }
        return new LinuxDeviceCgroup(allow, type, major, minor, access);
    }

    static void deviceCgroup(JsonOut out, LinuxDeviceCgroup d) throws IOException {
        out.startObject();
        out.bool("allow", d.allow());
        out.string("type", d.type());
        out.number("major", d.major());
        out.number("minor", d.minor());
        out.string("access", d.access());
        out.endObject();
    }

    static LinuxMemory memory(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Long limit = null;
        Long reservation = null;
        Long swap = null;
        Long kernel = null;
        Long kernelTCP = null;
        Long swappiness = null;
        Boolean disableOOMKiller = null;
        Boolean useHierarchy = null;
        Boolean checkBeforeUpdate = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "limit" -> limit = in.int64OrNull();
                case "reservation" -> reservation = in.int64OrNull();
                case "swap" -> swap = in.int64OrNull();
                case "kernel" -> kernel = in.int64OrNull();
                case "kernelTCP" -> kernelTCP = in.int64OrNull();
                case "swappiness" -> swappiness = in.uint64OrNull();
                case "disableOOMKiller" -> disableOOMKiller = in.boolOrNull();
                case "useHierarchy" -> useHierarchy = in.boolOrNull();
                case "checkBeforeUpdate" -> checkBeforeUpdate = in.boolOrNull();
                default -> in.skip();
            }
        }
        return new LinuxMemory(limit, reservation, swap, kernel, kernelTCP, swappiness, disableOOMKiller, useHierarchy,
                checkBeforeUpdate);
    }

    static void memory(JsonOut out, LinuxMemory m) throws IOException {
        out.startObject();
        out.number("limit", m.limit());
        out.number("reservation", m.reservation());
        out.number("swap", m.swap());
        out.number("kernel", m.kernel());
        out.number("kernelTCP", m.kernelTCP());
        out.uint64("swappiness", m.swappiness());
        out.bool("disableOOMKiller", m.disableOOMKiller());
        out.bool("useHierarchy", m.useHierarchy());
        out.bool("checkBeforeUpdate", m.checkBeforeUpdate());
        out.endObject();
    }

    static LinuxCpu cpu(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Long shares = null;
        Long quota = null;
        Long burst = null;
        Long period = null;
        Long realtimeRuntime = null;
        Long realtimePeriod = null;
        String cpus = null;
        String mems = null;
        Long idle = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "shares" -> shares = in.uint64OrNull();
                case "quota" -> quota = in.int64OrNull();
                case "burst" -> burst = in.uint64OrNull();
                case "period" -> period = in.uint64OrNull();
                case "realtimeRuntime" -> realtimeRuntime = in.int64OrNull();
                case "realtimePeriod" -> realtimePeriod = in.uint64OrNull();
                case "cpus" -> cpus = in.string();
                case "mems" -> mems = in.string();
                case "idle" -> idle = in.int64OrNull();
                default -> in.skip();
            }
        }
        return new LinuxCpu(shares, quota, burst, period, realtimeRuntime, realtimePeriod, cpus, mems, idle);
    }

    static void cpu(JsonOut out, LinuxCpu c) throws IOException {
        out.startObject();
        out.uint64("shares", c.shares());
        out.number("quota", c.quota());
        out.uint64("burst", c.burst());
        out.uint64("period", c.period());
        out.number("realtimeRuntime", c.realtimeRuntime());
        out.uint64("realtimePeriod", c.realtimePeriod());
        out.string("cpus", c.cpus());
        out.string("mems", c.mems());
        out.number("idle", c.idle());
        out.endObject();
    }

    static LinuxPids pids(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Long limit = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "limit" -> limit = in.int64OrNull();
                default -> in.skip();
            }
        }
        return new LinuxPids(limit);
    }

    static void pids(JsonOut out, LinuxPids p) throws IOException {
        out.startObject();
        out.number("limit", p.limit());
        out.endObject();
    }

    static LinuxBlockIo blockIO(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Integer weight = null;
        Integer leafWeight = null;
        List<LinuxWeightDevice> weightDevice = null;
        List<LinuxThrottleDevice> throttleReadBpsDevice = null;
        List<LinuxThrottleDevice> throttleWriteBpsDevice = null;
        List<LinuxThrottleDevice> throttleReadIOPSDevice = null;
        List<LinuxThrottleDevice> throttleWriteIOPSDevice = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "weight" -> weight = in.uint16OrNull();
                case "leafWeight" -> leafWeight = in.uint16OrNull();
                case "weightDevice" -> weightDevice = in.list(ResourcesCodec::weightDevice);
                case "throttleReadBpsDevice" -> throttleReadBpsDevice = in.list(ResourcesCodec::throttleDevice);
                case "throttleWriteBpsDevice" -> throttleWriteBpsDevice = in.list(ResourcesCodec::throttleDevice);
                case "throttleReadIOPSDevice" -> throttleReadIOPSDevice = in.list(ResourcesCodec::throttleDevice);
                case "throttleWriteIOPSDevice" -> throttleWriteIOPSDevice = in.list(ResourcesCodec::throttleDevice);
                default -> in.skip();
            }
        }
        return new LinuxBlockIo(weight, leafWeight, weightDevice, throttleReadBpsDevice, throttleWriteBpsDevice,
                throttleReadIOPSDevice, throttleWriteIOPSDevice);
    }

    static void blockIO(JsonOut out, LinuxBlockIo b) throws IOException {
        out.startObject();
        out.number("weight", b.weight());
        out.number("leafWeight", b.leafWeight());
        out.list("weightDevice", b.weightDevice(), ResourcesCodec::weightDevice);
        out.list("throttleReadBpsDevice", b.throttleReadBpsDevice(), ResourcesCodec::throttleDevice);
        out.list("throttleWriteBpsDevice", b.throttleWriteBpsDevice(), ResourcesCodec::throttleDevice);
        out.list("throttleReadIOPSDevice", b.throttleReadIOPSDevice(), ResourcesCodec::throttleDevice);
        out.list("throttleWriteIOPSDevice", b.throttleWriteIOPSDevice(), ResourcesCodec::throttleDevice);
        out.endObject();
    }

    static LinuxWeightDevice weightDevice(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long major = 0;
        long minor = 0;
        Integer weight = null;
        Integer leafWeight = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "major" -> major = in.int64();
                case "minor" -> minor = in.int64();
                case "weight" -> weight = in.uint16OrNull();
                case "leafWeight" -> leafWeight = in.uint16OrNull();
                default -> in.skip();
            }
        }
        return new LinuxWeightDevice(major, minor, weight, leafWeight);
    }

    static void weightDevice(JsonOut out, LinuxWeightDevice d) throws IOException {
        out.startObject();
        out.number("major", d.major());
        out.number("minor", d.minor());
        out.number("weight", d.weight());
        out.number("leafWeight", d.leafWeight());
        out.endObject();
    }

    static LinuxThrottleDevice throttleDevice(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long major = 0;
        long minor = 0;
        long rate = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "major" -> major = in.int64();
                case "minor" -> minor = in.int64();
                case "rate" -> rate = in.uint64();
                default -> in.skip();
            }
        }
        return new LinuxThrottleDevice(major, minor, rate);
    }

    static void throttleDevice(JsonOut out, LinuxThrottleDevice d) throws IOException {
        out.startObject();
        out.number("major", d.major());
        out.number("minor", d.minor());
        out.uint64("rate", d.rate());
        out.endObject();
    }

    static LinuxHugepageLimit hugepageLimit(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String pageSize = null;
        long limit = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "pageSize" -> pageSize = in.string();
                case "limit" -> limit = in.uint64();
                default -> in.skip();
            }
        }
        return new LinuxHugepageLimit(pageSize, limit);
    }

    static void hugepageLimit(JsonOut out, LinuxHugepageLimit h) throws IOException {
        out.startObject();
        out.string("pageSize", h.pageSize());
        out.uint64("limit", h.limit());
        out.endObject();
    }

    static LinuxNetwork network(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Long classID = null;
        List<LinuxInterfacePriority> priorities = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "classID" -> classID = in.uint32OrNull();
                case "priorities" -> priorities = in.list(ResourcesCodec::interfacePriority);
                default -> in.skip();
            }
        }
        return new LinuxNetwork(classID, priorities);
    }

    static void network(JsonOut out, LinuxNetwork n) throws IOException {
        out.startObject();
        out.number("classID", n.classID());
        out.list("priorities", n.priorities(), ResourcesCodec::interfacePriority);
        out.endObject();
    }

    static LinuxInterfacePriority interfacePriority(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String name = null;
        long priority = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "name" -> name = in.string();
                case "priority" -> priority = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxInterfacePriority(name, priority);
    }

    static void interfacePriority(JsonOut out, LinuxInterfacePriority p) throws IOException {
        out.startObject();
        out.string("name", p.name());
        out.number("priority", p.priority());
        out.endObject();
    }

    static LinuxRdma rdma(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Long hcaHandles = null;
        Long hcaObjects = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "hcaHandles" -> hcaHandles = in.uint32OrNull();
                case "hcaObjects" -> hcaObjects = in.uint32OrNull();
                default -> in.skip();
            }
        }
        return new LinuxRdma(hcaHandles, hcaObjects);
    }

    static void rdma(JsonOut out, LinuxRdma r) throws IOException {
        out.startObject();
        out.number("hcaHandles", r.hcaHandles());
        out.number("hcaObjects", r.hcaObjects());
        out.endObject();
    }
}
