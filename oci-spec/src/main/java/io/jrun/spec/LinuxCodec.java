package io.jrun.spec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@code linux} ({@link Linux} and the records inside it but {@code resources}), field by
 * field in spec order.
 */
final class LinuxCodec {
    private LinuxCodec() {}

    static Linux linux(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<LinuxIdMapping> uidMappings = null;
        List<LinuxIdMapping> gidMappings = null;
        Map<String, String> sysctl = null;
        LinuxResources resources = null;
        String cgroupsPath = null;
        List<LinuxNamespace> namespaces = null;
        List<LinuxDevice> devices = null;
        Map<String, LinuxNetDevice> netDevices = null;
        LinuxSeccomp seccomp = null;
        String rootfsPropagation = null;
        List<String> maskedPaths = null;
        List<String> readonlyPaths = null;
        String mountLabel = null;
        LinuxIntelRdt intelRdt = null;
        LinuxMemoryPolicy memoryPolicy = null;
        LinuxPersonality personality = null;
        Map<String, LinuxTimeOffset> timeOffsets = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "uidMappings" -> uidMappings = in.list(LinuxCodec::idMapping);
                case "gidMappings" -> gidMappings = in.list(LinuxCodec::idMapping);
                case "sysctl" -> sysctl = in.stringMap();
                case "resources" -> resources = ResourcesCodec.resources(in);
                case "cgroupsPath" -> cgroupsPath = in.string();
                case "namespaces" -> namespaces = in.list(LinuxCodec::namespace);
                case "devices" -> devices = in.list(LinuxCodec::device);
                case "netDevices" -> netDevices = in.map(LinuxCodec::netDevice);
                case "seccomp" -> seccomp = seccomp(in);
                case "rootfsPropagation" -> rootfsPropagation = in.string();
                case "maskedPaths" -> maskedPaths = in.strings();
                case "readonlyPaths" -> readonlyPaths = in.strings();
                case "mountLabel" -> mountLabel = in.string();
                case "intelRdt" -> intelRdt = intelRdt(in);
                case "memoryPolicy" -> memoryPolicy = memoryPolicy(in);
                case "personality" -> personality = personality(in);
                case "timeOffsets" -> timeOffsets = in.map(LinuxCodec::timeOffset);
                default -> in.skip();
            }
        }
        return new Linux(uidMappings, gidMappings, sysctl, resources, cgroupsPath, namespaces, devices, netDevices,
                seccomp, rootfsPropagation, maskedPaths, readonlyPaths, mountLabel, intelRdt, memoryPolicy,
                personality, timeOffsets);
    }

    static void linux(JsonOut out, Linux l) throws IOException {
        out.startObject();
        out.list("uidMappings", l.uidMappings(), LinuxCodec::idMapping);
        out.list("gidMappings", l.gidMappings(), LinuxCodec::idMapping);
        out.stringMap("sysctl", l.sysctl());
        out.object("resources", l.resources(), ResourcesCodec::resources);
        out.string("cgroupsPath", l.cgroupsPath());
        out.list("namespaces", l.namespaces(), LinuxCodec::namespace);
        out.list("devices", l.devices(), LinuxCodec::device);
        out.map("netDevices", l.netDevices(), LinuxCodec::netDevice);
        out.object("seccomp", l.seccomp(), LinuxCodec::seccomp);
        out.string("rootfsPropagation", l.rootfsPropagation());
        out.strings("maskedPaths", l.maskedPaths());
        out.strings("readonlyPaths", l.readonlyPaths());
        out.string("mountLabel", l.mountLabel());
        out.object("intelRdt", l.intelRdt(), LinuxCodec::intelRdt);
        out.object("memoryPolicy", l.memoryPolicy(), LinuxCodec::memoryPolicy);
        out.object("personality", l.personality(), LinuxCodec::personality);
        out.map("timeOffsets", l.timeOffsets(), LinuxCodec::timeOffset);
        out.endObject();
    }

    static LinuxIdMapping idMapping(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long containerID = 0;
        long hostID = 0;
        long size = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "containerID" -> containerID = in.uint32();
                case "hostID" -> hostID = in.uint32();
                case "size" -> size = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxIdMapping(containerID, hostID, size);
    }

    static void idMapping(JsonOut out, LinuxIdMapping m) throws IOException {
        out.startObject();
        out.number("containerID", m.containerID());
        out.number("hostID", m.hostID());
        out.number("size", m.size());
        out.endObject();
    }

    static LinuxNamespace namespace(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String type = null;
        String path = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "type" -> type = in.string();
                case "path" -> path = in.string();
                default -> in.skip();
            }
        }
        return new LinuxNamespace(type, path);
    }

    static void namespace(JsonOut out, LinuxNamespace n) throws IOException {
        out.startObject();
        out.string("type", n.type());
        out.string("path", n.path());
        out.endObject();
    }

    static LinuxDevice device(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String path = null;
        String type = null;
        Long major = null;
        Long minor = null;
        Long fileMode = null;
        Long uid = null;
        Long gid = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "path" -> path = in.string();
                case "type" -> type = in.string();
                case "major" -> major = in.int64OrNull();
                case "minor" -> minor = in.int64OrNull();
                case "fileMode" -> fileMode = in.uint32OrNull();
                case "uid" -> uid = in.uint32OrNull();
                case "gid" -> gid = in.uint32OrNull();
                default -> in.skip();
            }
        }
        return new LinuxDevice(path, type, major, minor, fileMode, uid, gid);
    }

    static void device(JsonOut out, LinuxDevice d) throws IOException {
        out.startObject();
        out.string("path", d.path());
        out.string("type", d.type());
        out.number("major", d.major());
        out.number("minor", d.minor());
        out.number("fileMode", d.fileMode());
        out.number("uid", d.uid());
        out.number("gid", d.gid());
        out.endObject();
    }

    static LinuxNetDevice netDevice(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String name = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "name" -> name = in.string();
                default -> in.skip();
            }
        }
        return new LinuxNetDevice(name);
    }

    static void netDevice(JsonOut out, LinuxNetDevice d) throws IOException {
        out.startObject();
        out.string("name", d.name());
        out.endObject();
    }

    static LinuxSeccomp seccomp(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String defaultAction = null;
        Long defaultErrnoRet = null;
        List<String> architectures = null;
        List<String> flags = null;
        String listenerPath = null;
        String listenerMetadata = null;
        List<LinuxSyscall> syscalls = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "defaultAction" -> defaultAction = in.string();
                case "defaultErrnoRet" -> defaultErrnoRet = in.uint32OrNull();
                case "architectures" -> architectures = in.strings();
                case "flags" -> flags = in.strings();
                case "listenerPath" -> listenerPath = in.string();
                case "listenerMetadata" -> listenerMetadata = in.string();
                case "syscalls" -> syscalls = in.list(LinuxCodec::syscall);
                default -> in.skip();
            }
        }
        return new LinuxSeccomp(defaultAction, defaultErrnoRet, architectures, flags, listenerPath, listenerMetadata,
                syscalls);
    }

    static void seccomp(JsonOut out, LinuxSeccomp s) throws IOException {
        out.startObject();
        out.string("defaultAction", s.defaultAction());
        out.number("defaultErrnoRet", s.defaultErrnoRet());
        out.strings("architectures", s.architectures());
        out.strings("flags", s.flags());
        out.string("listenerPath", s.listenerPath());
        out.string("listenerMetadata", s.listenerMetadata());
        out.list("syscalls", s.syscalls(), LinuxCodec::syscall);
        out.endObject();
    }

    static LinuxSyscall syscall(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<String> names = null;
        String action = null;
        Long errnoRet = null;
        List<LinuxSeccompArg> args = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "names" -> names = in.strings();
                case "action" -> action = in.string();
                case "errnoRet" -> errnoRet = in.uint32OrNull();
                case "args" -> args = in.list(LinuxCodec::seccompArg);
                default -> in.skip();
            }
        }
        return new LinuxSyscall(names, action, errnoRet, args);
    }

    static void syscall(JsonOut out, LinuxSyscall s) throws IOException {
        out.startObject();
        out.strings("names", s.names());
        out.string("action", s.action());
        out.number("errnoRet", s.errnoRet());
        out.list("args", s.args(), LinuxCodec::seccompArg);
        out.endObject();
    }

    static LinuxSeccompArg seccompArg(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long index = 0;
        long value = 0;
        long valueTwo = 0;
        String op = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "index" -> index = in.uint32();
                case "value" -> value = in.uint64();
                case "valueTwo" -> valueTwo = in.uint64();
                case "op" -> op = in.string();
                default -> in.skip();
            }
        }
        return new LinuxSeccompArg(index, value, valueTwo, op);
    }

    static void seccompArg(JsonOut out, LinuxSeccompArg a) throws IOException {
        out.startObject();
        out.number("index", a.index());
        out.uint64("value", a.value());
        out.uint64OmitEmpty("valueTwo", a.valueTwo());
        out.string("op", a.op());
        out.endObject();
    }

    static LinuxIntelRdt intelRdt(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String closID = null;
        List<String> schemata = null;
        String l3CacheSchema = null;
        String memBwSchema = null;
        boolean enableMonitoring = false;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "closID" -> closID = in.string();
                case "schemata" -> schemata = in.strings();
                case "l3CacheSchema" -> l3CacheSchema = in.string();
                case "memBwSchema" -> memBwSchema = in.string();
                case "enableMonitoring" -> enableMonitoring = in.bool();
                default -> in.skip();
            }
        }
        return new LinuxIntelRdt(closID, schemata, l3CacheSchema, memBwSchema, enableMonitoring);
    }

    static void intelRdt(JsonOut out, LinuxIntelRdt r) throws IOException {
        out.startObject();
        out.string("closID", r.closID());
        out.strings("schemata", r.schemata());
        out.string("l3CacheSchema", r.l3CacheSchema());
        out.string("memBwSchema", r.memBwSchema());
        out.boolOmitEmpty("enableMonitoring", r.enableMonitoring());
        out.endObject();
    }

    static LinuxMemoryPolicy memoryPolicy(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String mode = null;
        String nodes = null;
        List<String> flags = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "mode" -> mode = in.string();
                case "nodes" -> nodes = in.string();
                case "flags" -> flags = in.strings();
                default -> in.skip();
            }
        }
        return new LinuxMemoryPolicy(mode, nodes, flags);
    }

    static void memoryPolicy(JsonOut out, LinuxMemoryPolicy p) throws IOException {
        out.startObject();
        out.string("mode", p.mode());
        out.string("nodes", p.nodes());
        out.strings("flags", p.flags());
        out.endObject();
    }

    static LinuxPersonality personality(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String domain = null;
        List<String> flags = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "domain" -> domain = in.string();
                case "flags" -> flags = in.strings();
                default -> in.skip();
            }
        }
        return new LinuxPersonality(domain, flags);
    }

    static void personality(JsonOut out, LinuxPersonality p) throws IOException {
        out.startObject();
        out.string("domain", p.domain());
        out.strings("flags", p.flags());
        out.endObject();
    }

    static LinuxTimeOffset timeOffset(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long secs = 0;
        long nanosecs = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "secs" -> secs = in.int64();
                case "nanosecs" -> nanosecs = in.uint32();
                default -> in.skip();
            }
        }
        return new LinuxTimeOffset(secs, nanosecs);
    }

    static void timeOffset(JsonOut out, LinuxTimeOffset t) throws IOException {
        out.startObject();
        out.numberOmitEmpty("secs", t.secs());
        out.numberOmitEmpty("nanosecs", t.nanosecs());
        out.endObject();
    }
}
