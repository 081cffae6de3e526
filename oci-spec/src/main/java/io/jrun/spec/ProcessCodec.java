package io.jrun.spec;

import java.io.IOException;
import java.util.List;

/** JSON of {@code process} ({@link Process} and the records inside it), field by field in spec order. */
final class ProcessCodec {
    private ProcessCodec() {}

    static Process process(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        boolean terminal = false;
        Box consoleSize = null;
        User user = null;
        List<String> args = null;
        String commandLine = null;
        List<String> env = null;
        String cwd = null;
        LinuxCapabilities capabilities = null;
        List<PosixRlimit> rlimits = null;
        boolean noNewPrivileges = false;
        String apparmorProfile = null;
        Integer oomScoreAdj = null;
        Scheduler scheduler = null;
        String selinuxLabel = null;
        LinuxIOPriority ioPriority = null;
        ExecCPUAffinity execCPUAffinity = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "terminal" -> terminal = in.bool();
                case "consoleSize" -> consoleSize = box(in);
                case "user" -> user = user(in);
                case "args" -> args = in.strings();
                case "commandLine" -> commandLine = in.string();
                case "env" -> env = in.strings();
                case "cwd" -> cwd = in.string();
                case "capabilities" -> capabilities = capabilities(in);
                case "rlimits" -> rlimits = in.list(ProcessCodec::rlimit);
                case "noNewPrivileges" -> noNewPrivileges = in.bool();
                case "apparmorProfile" -> apparmorProfile = in.string();
                case "oomScoreAdj" -> oomScoreAdj = in.int32OrNull();
                case "scheduler" -> scheduler = scheduler(in);
                case "selinuxLabel" -> selinuxLabel = in.string();
                case "ioPriority" -> ioPriority = ioPriority(in);
                case "execCPUAffinity" -> execCPUAffinity = execCPUAffinity(in);
                default -> in.skip();
            }
        }
        return new Process(terminal, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    static void process(JsonOut out, Process p) throws IOException {
        out.startObject();
        out.boolOmitEmpty("terminal", p.terminal());
        out.object("consoleSize", p.consoleSize(), ProcessCodec::box);
        out.object("user", p.user(), ProcessCodec::user);
        out.strings("args", p.args());
        out.string("commandLine", p.commandLine());
        out.strings("env", p.env());
        out.string("cwd", p.cwd());
        out.object("capabilities", p.capabilities(), ProcessCodec::capabilities);
        out.list("rlimits", p.rlimits(), ProcessCodec::rlimit);
        out.boolOmitEmpty("noNewPrivileges", p.noNewPrivileges());
        out.string("apparmorProfile", p.apparmorProfile());
        out.number("oomScoreAdj", p.oomScoreAdj());
        out.object("scheduler", p.scheduler(), ProcessCodec::scheduler);
        out.string("selinuxLabel", p.selinuxLabel());
        out.object("ioPriority", p.ioPriority(), ProcessCodec::ioPriority);
        out.object("execCPUAffinity", p.execCPUAffinity(), ProcessCodec::execCPUAffinity);
        out.endObject();
    }

    static Box box(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long height = 0;
        long width = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "height" -> height = in.uint64();
                case "width" -> width = in.uint64();
                default -> in.skip();
            }
        }
        return new Box(height, width);
    }

    static void box(JsonOut out, Box b) throws IOException {
        out.startObject();
        out.uint64("height", b.height());
        out.uint64("width", b.width());
        out.endObject();
    }

    static User user(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        long uid = 0;
        long gid = 0;
        Long umask = null;
        List<Long> additionalGids = null;
        String username = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "uid" -> uid = in.uint32();
                case "gid" -> gid = in.uint32();
                case "umask" -> umask = in.uint32OrNull();
                // A plain list of int64 in this model: the gids are range-checked by validation.
                case "additionalGids" -> additionalGids = in.list(JsonIn::int64OrNull);
                case "username" -> username = in.string();
                default -> in.skip();
            }
        }
        return new User(uid, gid, umask, additionalGids, username);
    }

    static void user(JsonOut out, User u) throws IOException {
        out.startObject();
        out.number("uid", u.uid());
        out.number("gid", u.gid());
        out.number("umask", u.umask());
        out.numbers("additionalGids", u.additionalGids());
        out.string("username", u.username());
        out.endObject();
    }

    static LinuxCapabilities capabilities(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        List<String> bounding = null;
        List<String> effective = null;
        List<String> inheritable = null;
        List<String> permitted = null;
        List<String> ambient = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "bounding" -> bounding = in.strings();
                case "effective" -> effective = in.strings();
                case "inheritable" -> inheritable = in.strings();
                case "permitted" -> permitted = in.strings();
                case "ambient" -> ambient = in.strings();
                default -> in.skip();
            }
        }
        return new LinuxCapabilities(bounding, effective, inheritable, permitted, ambient);
    }

    static void capabilities(JsonOut out, LinuxCapabilities c) throws IOException {
        out.startObject();
        out.strings("bounding", c.bounding());
        out.strings("effective", c.effective());
        out.strings("inheritable", c.inheritable());
        out.strings("permitted", c.permitted());
        out.strings("ambient", c.ambient());
        out.endObject();
    }

    static PosixRlimit rlimit(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String type = null;
        long hard = 0;
        long soft = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "type" -> type = in.string();
                case "hard" -> hard = in.uint64();
                case "soft" -> soft = in.uint64();
                default -> in.skip();
            }
        }
        return new PosixRlimit(type, hard, soft);
    }

    static void rlimit(JsonOut out, PosixRlimit r) throws IOException {
        out.startObject();
        out.string("type", r.type());
        out.uint64("hard", r.hard());
        out.uint64("soft", r.soft());
        out.endObject();
    }

    static Scheduler scheduler(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String policy = null;
        int nice = 0;
        int priority = 0;
        List<String> flags = null;
        long runtime = 0;
        long deadline = 0;
        long period = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "policy" -> policy = in.string();
                case "nice" -> nice = in.int32();
                case "priority" -> priority = in.int32();
                case "flags" -> flags = in.strings();
                case "runtime" -> runtime = in.uint64();
                case "deadline" -> deadline = in.uint64();
                case "period" -> period = in.uint64();
                default -> in.skip();
            }
        }
        return new Scheduler(policy, nice, priority, flags, runtime, deadline, period);
    }

    static void scheduler(JsonOut out, Scheduler s) throws IOException {
        out.startObject();
        out.string("policy", s.policy());
        out.numberOmitEmpty("nice", s.nice());
        out.numberOmitEmpty("priority", s.priority());
        out.strings("flags", s.flags());
        out.uint64OmitEmpty("runtime", s.runtime());
        out.uint64OmitEmpty("deadline", s.deadline());
        out.uint64OmitEmpty("period", s.period());
        out.endObject();
    }

    static LinuxIOPriority ioPriority(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String ioClass = null;
        int priority = 0;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "class" -> ioClass = in.string();
                case "priority" -> priority = in.int32();
                default -> in.skip();
            }
        }
        return new LinuxIOPriority(ioClass, priority);
    }

    static void ioPriority(JsonOut out, LinuxIOPriority p) throws IOException {
        out.startObject();
        out.string("class", p.ioClass());
        out.number("priority", p.priority());
        out.endObject();
    }

    static ExecCPUAffinity execCPUAffinity(JsonIn in) throws IOException {
        if (!in.object()) {
            return null;
        }
        String initial = null;
        String finalAffinity = null;
        for (String member; (member = in.member()) != null; ) {
            switch (member) {
                case "initial" -> initial = in.string();
                case "final" -> finalAffinity = in.string();
                default -> in.skip();
            }
        }
        return new ExecCPUAffinity(initial, finalAffinity);
    }

    static void execCPUAffinity(JsonOut out, ExecCPUAffinity a) throws IOException {
        out.startObject();
        out.string("initial", a.initial());
        out.string("final", a.finalAffinity());
        out.endObject();
    }
}
