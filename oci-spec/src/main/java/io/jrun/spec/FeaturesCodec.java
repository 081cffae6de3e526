package io.jrun.spec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** JSON of the features document ({@link Features} and its nested records), field by field in spec order. */
final class FeaturesCodec {
    private FeaturesCodec() {}

    static Features features(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String ociVersionMin = null;
        String ociVersionMax = null;
        List<String> hooks = null;
        List<String> mountOptions = null;
        Features.Linux linux = null;
        Map<String, String> annotations = null;
        List<String> potentiallyUnsafeConfigAnnotations = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "ociVersionMin" -> ociVersionMin = in.string();
                case "ociVersionMax" -> ociVersionMax = in.string();
                case "hooks" -> hooks = in.strings();
                case "mountOptions" -> mountOptions = in.strings();
                case "linux" -> linux = linux(in);
                case "annotations" -> annotations = in.stringMap();
                case "potentiallyUnsafeConfigAnnotations" -> potentiallyUnsafeConfigAnnotations = in.strings();
                default -> in.skip();
            }
        }
        return new Features(ociVersionMin, ociVersionMax, hooks, mountOptions, linux, annotations,
                potentiallyUnsafeConfigAnnotations);
    }

    static void features(JsonOut out, Features f) throws IOException {
        out.startObject();
        out.string("ociVersionMin", f.ociVersionMin());
        out.string("ociVersionMax", f.ociVersionMax());
        out.strings("hooks", f.hooks());
        out.strings("mountOptions", f.mountOptions());
        out.object("linux", f.linux(), FeaturesCodec::linux);
        out.stringMap("annotations", f.annotations());
        out.strings("potentiallyUnsafeConfigAnnotations", f.potentiallyUnsafeConfigAnnotations());
        out.endObject();
    }

    static Features.Linux linux(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<String> namespaces = null;
        List<String> capabilities = null;
        Features.Cgroup cgroup = null;
        Features.Seccomp seccomp = null;
        Features.Apparmor apparmor = null;
        Features.Selinux selinux = null;
        Features.IntelRdt intelRdt = null;
        Features.MemoryPolicy memoryPolicy = null;
        Features.MountExtensions mountExtensions = null;
        Features.NetDevices netDevices = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "namespaces" -> namespaces = in.strings();
                case "capabilities" -> capabilities = in.strings();
                case "cgroup" -> cgroup = cgroup(in);
                case "seccomp" -> seccomp = seccomp(in);
                case "apparmor" -> apparmor = apparmor(in);
                case "selinux" -> selinux = selinux(in);
                case "intelRdt" -> intelRdt = intelRdt(in);
                case "memoryPolicy" -> memoryPolicy = memoryPolicy(in);
                case "mountExtensions" -> mountExtensions = mountExtensions(in);
                case "netDevices" -> netDevices = netDevices(in);
                default -> in.skip();
            }
        }
        return new Features.Linux(namespaces, capabilities, cgroup, seccomp, apparmor, selinux, intelRdt, memoryPolicy,
                mountExtensions, netDevices);
    }

    static void linux(JsonOut out, Features.Linux l) throws IOException {
        out.startObject();
        out.strings("namespaces", l.namespaces());
        out.strings("capabilities", l.capabilities());
        out.object("cgroup", l.cgroup(), FeaturesCodec::cgroup);
        out.object("seccomp", l.seccomp(), FeaturesCodec::seccomp);
        out.object("apparmor", l.apparmor(), FeaturesCodec::apparmor);
        out.object("selinux", l.selinux(), FeaturesCodec::selinux);
        out.object("intelRdt", l.intelRdt(), FeaturesCodec::intelRdt);
        out.object("memoryPolicy", l.memoryPolicy(), FeaturesCodec::memoryPolicy);
        out.object("mountExtensions", l.mountExtensions(), FeaturesCodec::mountExtensions);
        out.object("netDevices", l.netDevices(), FeaturesCodec::netDevices);
        out.endObject();
    }

    static Features.Cgroup cgroup(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Boolean v1 = null;
        Boolean v2 = null;
        Boolean systemd = null;
        Boolean systemdUser = null;
        Boolean rdma = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "v1" -> v1 = in.boolOrNull();
                case "v2" -> v2 = in.boolOrNull();
                case "systemd" -> systemd = in.boolOrNull();
                case "systemdUser" -> systemdUser = in.boolOrNull();
                case "rdma" -> rdma = in.boolOrNull();
                default -> in.skip();
            }
        }
        return new Features.Cgroup(v1, v2, systemd, systemdUser, rdma);
    }

    static void cgroup(JsonOut out, Features.Cgroup c) throws IOException {
        out.startObject();
        out.bool("v1", c.v1());
        out.bool("v2", c.v2());
        out.bool("systemd", c.systemd());
        out.bool("systemdUser", c.systemdUser());
        out.bool("rdma", c.rdma());
        out.endObject();
    }

    static Features.Seccomp seccomp(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Boolean enabled = null;
        List<String> actions = null;
        List<String> operators = null;
        List<String> archs = null;
        List<String> knownFlags = null;
        List<String> supportedFlags = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "enabled" -> enabled = in.boolOrNull();
                case "actions" -> actions = in.strings();
                case "operators" -> operators = in.strings();
                case "archs" -> archs = in.strings();
                case "knownFlags" -> knownFlags = in.strings();
                case "supportedFlags" -> supportedFlags = in.strings();
                default -> in.skip();
            }
        }
        return new Features.Seccomp(enabled, actions, operators, archs, knownFlags, supportedFlags);
    }

    static void seccomp(JsonOut out, Features.Seccomp s) throws IOException {
        out.startObject();
        out.bool("enabled", s.enabled());
        out.strings("actions", s.actions());
        out.strings("operators", s.operators());
        out.strings("archs", s.archs());
        out.strings("knownFlags", s.knownFlags());
        out.strings("supportedFlags", s.supportedFlags());
        out.endObject();
    }

    static Features.Apparmor apparmor(JsonIn in) throws IOException {
        return in.object() ? new Features.Apparmor(enabled(in)) : null;
    }

    static void apparmor(JsonOut out, Features.Apparmor a) throws IOException {
        enabled(out, a.enabled());
    }

    static Features.Selinux selinux(JsonIn in) throws IOException {
        return in.object() ? new Features.Selinux(enabled(in)) : null;
    }

    static void selinux(JsonOut out, Features.Selinux s) throws IOException {
        enabled(out, s.enabled());
    }

    static Features.IntelRdt intelRdt(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Boolean enabled = null;
        Boolean schemata = null;
        Boolean monitoring = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "enabled" -> enabled = in.boolOrNull();
                case "schemata" -> schemata = in.boolOrNull();
                case "monitoring" -> monitoring = in.boolOrNull();
                default -> in.skip();
            }
        }
        return new Features.IntelRdt(enabled, schemata, monitoring);
    }

    static void intelRdt(JsonOut out, Features.IntelRdt r) throws IOException {
        out.startObject();
        out.bool("enabled", r.enabled());
        out.bool("schemata", r.schemata());
        out.bool("monitoring", r.monitoring());
        out.endObject();
    }

    static Features.MemoryPolicy memoryPolicy(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<String> modes = null;
        List<String> flags = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "modes" -> modes = in.strings();
                case "flags" -> flags = in.strings();
                default -> in.skip();
            }
        }
        return new Features.MemoryPolicy(modes, flags);
    }

    static void memoryPolicy(JsonOut out, Features.MemoryPolicy p) throws IOException {
        out.startObject();
        out.strings("modes", p.modes());
        out.strings("flags", p.flags());
        out.endObject();
    }

    static Features.MountExtensions mountExtensions(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        Features.IdMap idmap = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "idmap" -> idmap = idMap(in);
                default -> in.skip();
            }
        }
        return new Features.MountExtensions(idmap);
    }

    static void mountExtensions(JsonOut out, Features.MountExtensions m) throws IOException {
        out.startObject();
        out.object("idmap", m.idmap(), FeaturesCodec::idMap);
        out.endObject();
    }

    static Features.IdMap idMap(JsonIn in) throws IOException {
        return in.object() ? new Features.IdMap(enabled(in)) : null;
    }

    static void idMap(JsonOut out, Features.IdMap m) throws IOException {
        enabled(out, m.enabled());
    }

    static Features.NetDevices netDevices(JsonIn in) throws IOException {
        return in.object() ? new Features.NetDevices(enabled(in)) : null;
    }

    static void netDevices(JsonOut out, Features.NetDevices n) throws IOException {
        enabled(out, n.enabled());
    }

    /** The members of an {@code {"enabled": ...}} object, the shape of several features. */
    private static Boolean enabled(JsonIn in) throws IOException {
        Boolean enabled = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "enabled" -> enabled = in.boolOrNull();
                default -> in.skip();
            }
        }
        return enabled;
    }

    private static void enabled(JsonOut out, Boolean enabled) throws IOException {
        out.startObject();
        out.bool("enabled", enabled);
        out.endObject();
    }
}
