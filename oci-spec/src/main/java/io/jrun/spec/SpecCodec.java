package io.jrun.spec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * JSON of config.json's top level ({@link Spec}, {@link Root}, {@link Mount}, {@link Hooks}) and of
 * the state document ({@link State}), field by field in spec order. {@code process} and
 * {@code linux} have codecs of their own.
 */
final class SpecCodec {
    private SpecCodec() {}

    static Spec spec(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String ociVersion = null;
        Process process = null;
        Root root = null;
        String hostname = null;
        String domainname = null;
        List<Mount> mounts = null;
        Hooks hooks = null;
        Map<String, String> annotations = null;
        Linux linux = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "ociVersion" -> ociVersion = in.string();
                case "process" -> process = ProcessCodec.process(in);
                case "root" -> root = root(in);
                case "hostname" -> hostname = in.string();
                case "domainname" -> domainname = in.string();
                case "mounts" -> mounts = in.list(SpecCodec::mount);
                case "hooks" -> hooks = hooks(in);
                case "annotations" -> annotations = in.stringMap();
                case "linux" -> linux = LinuxCodec.linux(in);
                default -> in.skip();
            }
        }
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux);
    }

    static void spec(JsonOut out, Spec s) throws IOException {
        out.startObject();
        out.string("ociVersion", s.ociVersion());
        out.object("process", s.process(), ProcessCodec::process);
        out.object("root", s.root(), SpecCodec::root);
        out.string("hostname", s.hostname());
        out.string("domainname", s.domainname());
        out.list("mounts", s.mounts(), SpecCodec::mount);
        out.object("hooks", s.hooks(), SpecCodec::hooks);
        out.stringMap("annotations", s.annotations());
        out.object("linux", s.linux(), LinuxCodec::linux);
        out.endObject();
    }

    static Root root(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String path = null;
        boolean readonly = false;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "path" -> path = in.string();
                case "readonly" -> readonly = in.bool();
                default -> in.skip();
            }
        }
        return new Root(path, readonly);
    }

    static void root(JsonOut out, Root r) throws IOException {
        out.startObject();
        out.string("path", r.path());
        out.boolOmitEmpty("readonly", r.readonly());
        out.endObject();
    }

    static Mount mount(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String destination = null;
        String type = null;
        String source = null;
        List<String> options = null;
        List<LinuxIdMapping> uidMappings = null;
        List<LinuxIdMapping> gidMappings = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "destination" -> destination = in.string();
                case "type" -> type = in.string();
                case "source" -> source = in.string();
                case "options" -> options = in.strings();
                case "uidMappings" -> uidMappings = in.list(LinuxCodec::idMapping);
                case "gidMappings" -> gidMappings = in.list(LinuxCodec::idMapping);
                default -> in.skip();
            }
        }
        return new Mount(destination, type, source, options, uidMappings, gidMappings);
    }

    static void mount(JsonOut out, Mount m) throws IOException {
        out.startObject();
        out.string("destination", m.destination());
        out.string("type", m.type());
        out.string("source", m.source());
        out.strings("options", m.options());
        out.list("uidMappings", m.uidMappings(), LinuxCodec::idMapping);
        out.list("gidMappings", m.gidMappings(), LinuxCodec::idMapping);
        out.endObject();
    }

    static Hooks hooks(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<Hook> prestart = null;
        List<Hook> createRuntime = null;
        List<Hook> createContainer = null;
        List<Hook> startContainer = null;
        List<Hook> poststart = null;
        List<Hook> poststop = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "prestart" -> prestart = in.list(SpecCodec::hook);
                case "createRuntime" -> createRuntime = in.list(SpecCodec::hook);
                case "createContainer" -> createContainer = in.list(SpecCodec::hook);
                case "startContainer" -> startContainer = in.list(SpecCodec::hook);
                case "poststart" -> poststart = in.list(SpecCodec::hook);
                case "poststop" -> poststop = in.list(SpecCodec::hook);
                default -> in.skip();
            }
        }
        return new Hooks(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
    }

    static void hooks(JsonOut out, Hooks h) throws IOException {
        out.startObject();
        out.list("prestart", h.prestart(), SpecCodec::hook);
        out.list("createRuntime", h.createRuntime(), SpecCodec::hook);
        out.list("createContainer", h.createContainer(), SpecCodec::hook);
        out.list("startContainer", h.startContainer(), SpecCodec::hook);
        out.list("poststart", h.poststart(), SpecCodec::hook);
        out.list("poststop", h.poststop(), SpecCodec::hook);
        out.endObject();
    }

    static Hook hook(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String path = null;
        List<String> args = null;
        List<String> env = null;
        Integer timeout = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "path" -> path = in.string();
                case "args" -> args = in.strings();
                case "env" -> env = in.strings();
                case "timeout" -> timeout = in.int32OrNull();
                default -> in.skip();
            }
        }
        return new Hook(path, args, env, timeout);
    }

    static void hook(JsonOut out, Hook h) throws IOException {
        out.startObject();
        out.string("path", h.path());
        out.strings("args", h.args());
        out.strings("env", h.env());
        out.number("timeout", h.timeout());
        out.endObject();
    }

    static State state(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String ociVersion = null;
        String id = null;
        String status = null;
        int pid = 0;
        String bundle = null;
        Map<String, String> annotations = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "ociVersion" -> ociVersion = in.string();
                case "id" -> id = in.string();
                case "status" -> status = in.string();
                case "pid" -> pid = in.int32();
                case "bundle" -> bundle = in.string();
                case "annotations" -> annotations = in.stringMap();
                default -> in.skip();
            }
        }
        return new State(ociVersion, id, status, pid, bundle, annotations);
    }

    static void state(JsonOut out, State s) throws IOException {
        out.startObject();
        out.string("ociVersion", s.ociVersion());
        out.string("id", s.id());
        out.string("status", s.status());
        out.numberOmitEmpty("pid", s.pid());
        out.string("bundle", s.bundle());
        out.stringMap("annotations", s.annotations());
        out.endObject();
    }
}
