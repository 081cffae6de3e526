/*
 * jrun's launcher: finds a Java 25 JDK and starts the jrun CLI in it with the flags the container
 * child needs (see docs/ARCHITECTURE.md, "The child stage").
 *
 * The container's process is a clone of the JVM this starts, so until its execve its
 * /proc/PID/exe is the JVM's executable, and so is that of a process the kernel runs inside the
 * container from a script starting with #!/proc/self/exe. A process in the container could open
 * it and, once jrun is gone, write to it (CVE-2019-5736). So the JDK's bin/java file is never
 * exec'd: the JVM runs from a sealed memfd copy of it (its libraries come from LD_LIBRARY_PATH),
 * or, where a memfd cannot be executed (vm.memfd_noexec=2), from a detached read-only mount of
 * the JDK.
 *
 * The distribution is the parent of this binary's directory (found through symlinks such as
 * /usr/local/bin/jrun): bin/jrun, bin/jrun.compilecommands, the jars in lib/, jrun.aot, native/.
 * Nothing but the launcher's own errors reaches stdout/stderr; it forks nothing and leaves no
 * fd of its own open in the JVM.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fast.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif
#ifndef MFD_ALLOW_SEALING
#define MFD_ALLOW_SEALING 0x0002U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3 */
#endif
#ifndef F_ADD_SEALS
#define F_ADD_SEALS (1024 + 9)
#endif
#ifndef F_SEAL_SEAL
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#define JRUN_MOUNT_ATTR_RDONLY 0x00000001ULL
/* the same numbers on every architecture (the syscall table is shared from 403 on) */
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_execveat
#error "SYS_execveat is not defined: kernel headers older than Linux 3.19"
#endif

/* struct mount_attr of linux/mount.h, which older glibc headers cannot include beside theirs */
struct jrun_mount_attr {
    uint64_t attr_set;
    uint64_t attr_clr;
    uint64_t propagation;
    uint64_t userns_fd;
};

extern char **environ;

/*
 * The variables the caller's JVM options could come in (they are not jrun's to obey: a
 * -javaagent would run foreign code as root, -XX:+PrintFlagsFinal would corrupt `state`'s JSON)
 * and the others the launcher changes. Each is kept for jrun as JRUN_CALLER_<name> when the
 * caller had it, so that jrun can pass the caller's environment on as it was
 * (io.jrun.core.host.CallerEnvironment, which has the same list).
 */
static const char *const saved_variables[] = {
    "LD_LIBRARY_PATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JDK_AOT_VM_OPTIONS",
    "CLASSPATH", "_JAVA_LAUNCHER_DEBUG", "LC_CTYPE",
};
/* the JVM option variables, cleared for the JVM */
static const char *const cleared_variables[] = {
    "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JDK_AOT_VM_OPTIONS", "CLASSPATH", "_JAVA_LAUNCHER_DEBUG",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("jrun: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n);
    if (p == NULL) {
        die("out of memory");
    }
    return p;
}

/* a new string: the arguments joined, up to a NULL */
static char *concat(const char *first, ...) {
    va_list ap;
    size_t n = 1;
    va_start(ap, first);
    for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
        n += strlen(s);
    }
    va_end(ap);
    char *out = xmalloc(n);
    char *p = out;
    va_start(ap, first);
    for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
        size_t len = strlen(s);
        memcpy(p, s, len);
        p += len;
    }
    va_end(ap);
    *p = '\0';
    return out;
}

/* a new string: the directory part of path ("." without a slash) */
static char *parent(const char *path) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        return concat(".", NULL);
    }
    if (slash == path) {
        return concat("/", NULL);
    }
    char *out = xmalloc((size_t)(slash - path) + 1);
    memcpy(out, path, (size_t)(slash - path));
    out[slash - path] = '\0';
    return out;
}

/* getenv, with an empty value taken as unset (as the shell's ${NAME:-...}) */
static const char *env(const char *name) {
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' ? v : NULL;
}

/*
 * The fds above stdio open now, at the start, before the launcher opened any: those the caller
 * passed. As "3,4,7" (empty when none), for -Djrun.inherited.fds: jrun refuses --preserve-fds N
 * (and LISTEN_FDS) when one of fds 3..3+N-1 was not passed, since that number would be one of
 * the JVM's own files.
 */
static char *inherited_fds(void) {
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL) {
        die("list /proc/self/fd: %s", strerror(errno));
    }
    int own = dirfd(d);
    size_t cap = 64, len = 0;
    char *out = xmalloc(cap);
    out[0] = '\0';
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (e->d_name[0] == '.' || *end != '\0' || fd < 3 || fd == own) {
            continue;
        }
        char num[24];
        int n = snprintf(num, sizeof num, "%s%ld", len > 0 ? "," : "", fd);
        if (len + (size_t)n + 1 > cap) {
            cap = 2 * (len + (size_t)n + 1);
            out = realloc(out, cap);
            if (out == NULL) {
                die("out of memory");
            }
        }
        memcpy(out + len, num, (size_t)n + 1);
        len += (size_t)n;
    }
    closedir(d);
    return out;
}

/* A JDK whose release file says JAVA_VERSION="25" or later, with an executable bin/java. */
static int java_ok(const char *home) {
    char *java = concat(home, "/bin/java", NULL);
    char *release = concat(home, "/release", NULL);
    int ok = 0;
    if (access(java, X_OK) == 0) {
        FILE *f = fopen(release, "re");
        if (f != NULL) {
            char line[512];
            while (fgets(line, sizeof line, f) != NULL) {
                static const char key[] = "JAVA_VERSION=\"";
                if (strncmp(line, key, sizeof key - 1) == 0 && line[sizeof key - 1] >= '0' && line[sizeof key - 1] <= '9') {
                    unsigned long major = strtoul(line + sizeof key - 1, NULL, 10);
                    ok = major >= 25;
                    break;
                }
            }
            fclose(f);
        }
    }
    free(java);
    free(release);
    return ok;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int visible(const struct dirent *e) {
    return e->d_name[0] != '.';
}

/* $JAVA_HOME, the JDK jrun was built with, or the first JDK under /usr/lib/jvm that is a Java 25 JDK */
static char *find_java_home(void) {
    const char *home = env("JAVA_HOME");
    if (home != NULL && java_ok(home)) {
        return concat(home, NULL);
    }
#ifdef JRUN_BUILD_JDK
    if (java_ok(JRUN_BUILD_JDK)) {
        return concat(JRUN_BUILD_JDK, NULL);
    }
#endif
    struct dirent **names;
    int n = scandir("/usr/lib/jvm", &names, visible, by_name);
    char *found = NULL;
    for (int i = 0; i < n; i++) {
        if (found == NULL) {
            char *candidate = concat("/usr/lib/jvm/", names[i]->d_name, NULL);
            if (java_ok(candidate)) {
                found = candidate;
            } else {
                free(candidate);
            }
        }
        free(names[i]);
    }
    if (n >= 0) {
        free(names);
    }
    return found;
}

/* every jar in lib/ in byte order, joined with ':' (the AOT cache holds for this classpath only) */
static char *classpath(const char *lib) {
    struct dirent **names;
    int n = scandir(lib, &names, visible, by_name);
    if (n < 0) {
        die("%s: %s", lib, strerror(errno));
    }
    size_t len = 1;
    size_t lib_len = strlen(lib);
    for (int i = 0; i < n; i++) {
        len += lib_len + 1 + strlen(names[i]->d_name) + 1;
    }
    char *out = xmalloc(len);
    char *p = out;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t name_len = strlen(name);
        if (name_len > 4 && strcmp(name + name_len - 4, ".jar") == 0) {
            if (p != out) {
                *p++ = ':';
            }
            memcpy(p, lib, lib_len);
            p += lib_len;
            *p++ = '/';
            memcpy(p, name, name_len);
            p += name_len;
        }
        free(names[i]);
    }
    free(names);
    *p = '\0';
    if (p == out) {
        die("%s holds no jar: build jrun first (mvn -DskipTests package)", lib);
    }
    return out;
}

/* the name of jffi's native directory for this machine, as bash's $HOSTTYPE */
static const char *host_type(void) {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#else
    static struct utsname u;
    return uname(&u) == 0 ? u.machine : "unknown";
#endif
}

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* copies src into dst to its end: sendfile, or read and write where sendfile cannot */
static int copy_file(int src, int dst) {
    for (;;) {
        ssize_t n = sendfile(dst, src, NULL, 1 << 20);
        if (n == 0) {
            return 0;
        }
        if (n > 0) {
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EINVAL && errno != ENOSYS) {
            return -1;
        }
        break;
    }
    char buf[65536];
    for (;;) {
        ssize_t n = read(src, buf, sizeof buf);
        if (n == 0) {
            return 0;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(dst, buf + done, (size_t)(n - done));
            if (w < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return -1;
            }
            done += w;
        }
    }
}

/* execs a sealed memfd copy of java; returns (only on failure) the errno of the step that failed */
static int exec_memfd(const char *java, char **argv) {
    int src = open(java, O_RDONLY | O_CLOEXEC);
    if (src < 0) {
        return errno;
    }
    int fd = memfd_create("jrun-java", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) { /* before Linux 6.3: no MFD_EXEC, and a memfd is executable */
        fd = memfd_create("jrun-java", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    }
    int err = 0;
    if (fd < 0) {
        err = errno;
    } else if (copy_file(src, fd) < 0) {
        err = errno;
    } else if (fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0) {
        err = errno;
    } else {
        syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
        err = errno;
    }
    close(src);
    if (fd >= 0) {
        close(fd);
    }
    return err;
}

/* execs java from a detached read-only mount of the JDK; returns the errno on failure */
static int exec_read_only_mount(const char *java_home, char **argv) {
    int tree = (int)syscall(SYS_open_tree, AT_FDCWD, java_home, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    if (tree < 0) {
        return errno;
    }
    struct jrun_mount_attr attr = {.attr_set = JRUN_MOUNT_ATTR_RDONLY};
    int err;
    if (syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0) {
        err = errno;
    } else {
        /* a symlink could lead out of the read-only mount */
        syscall(SYS_execveat, tree, "bin/java", argv, environ, AT_SYMLINK_NOFOLLOW);
        err = errno;
    }
    close(tree);
    return err;
}

static void set_env(const char *name, const char *value) {
    if (setenv(name, value, 1) != 0) {
        die("setenv %s: %s", name, strerror(errno));
    }
}

/*
 * runc's global options, before the command: which command it is (its index in argv, or 0), and
 * the options a fast path needs. Anything this does not know makes the command "unknown" to the
 * launcher, which then only starts the JVM.
 */
struct command_line {
    int command;
    const char *root, *log, *log_format, *rootless;
    int debug, systemd_cgroup, unknown;
};

static struct command_line parse_global(int argc, char **argv) {
    struct command_line c = {0};
    static const char *const valued[] = {"--root", "--log", "--log-format", "--rootless", "--criu"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') {
            c.command = i;
            return c;
        }
        if (strcmp(a, "--debug") == 0) {
            c.debug = 1;
            continue;
        }
        if (strcmp(a, "--systemd-cgroup") == 0) {
            c.systemd_cgroup = 1;
            continue;
        }
        int known = 0;
        for (size_t k = 0; k < COUNT(valued); k++) {
            size_t n = strlen(valued[k]);
            const char *value = NULL;
            if (strcmp(a, valued[k]) == 0 && i + 1 < argc) {
                value = argv[++i];
            } else if (strncmp(a, valued[k], n) == 0 && a[n] == '=') {
                value = a + n + 1;
            }
            if (value != NULL) {
                known = 1;
                if (k == 0) {
                    c.root = value;
                } else if (k == 1) {
                    c.log = value;
                } else if (k == 2) {
                    c.log_format = value;
                } else if (k == 3) {
                    c.rootless = value;
                } else {
                    c.unknown = 1;
                }
                break;
            }
        }
        if (!known) {
            c.unknown = 1;
            return c;
        }
    }
    return c;
}

/*
 * `state ID`, `start ID`, `kill ID [SIGNAL]` and `delete [--force] ID`, answered here in the
 * common case (fast.c): no JVM. -1: the JVM answers. The default --root is root's; a relative one is the
 * JVM's to resolve.
 */
/* What `start` read from the exec fifo, for the JVM to report (fast_start). */
static char *fifo_report;

static int try_fast_path(int argc, char **argv, struct command_line c) {
    if (c.unknown || c.command == 0 || c.debug || c.systemd_cgroup
            || (c.rootless != NULL && strcmp(c.rootless, "false") != 0)
            || (c.log_format != NULL && strcmp(c.log_format, "text") != 0 && strcmp(c.log_format, "json") != 0)
            || (c.log != NULL && c.log[0] != '/')) {
        return -1;
    }
    const char *command = argv[c.command];
    int operands = 0;
    const char *operand[2] = {NULL, NULL};
    for (int i = c.command + 1; i < argc; i++) {
        if (strcmp(argv[c.command], "delete") == 0 && (strcmp(argv[i], "--force") == 0 || strcmp(argv[i], "-f") == 0)) {
            continue; /* the same for a stopped container */
        }
        if (argv[i][0] == '-' || operands == 2) {
            return -1; /* an option (kill --all) or something to complain about */
        }
        operand[operands++] = argv[i];
    }
    const char *root = c.root;
    if (root == NULL) {
        if (geteuid() != 0) {
            return -1;
        }
        root = "/run/jrun";
    }
    if (root[0] != '/') {
        return -1;
    }
    const char *id = operand[0];
    if (strcmp(command, "state") == 0 && operands == 1) {
        return fast_state(root, id, c.log);
    }
    if (strcmp(command, "kill") == 0 && (operands == 1 || operands == 2)) {
        return fast_kill(root, id, operand[1], c.log);
    }
    if (strcmp(command, "delete") == 0 && operands == 1) {
        return fast_delete(root, id, c.log);
    }
    if (strcmp(command, "start") == 0 && operands == 1) {
        return fast_start(root, id, c.log, &fifo_report);
    }
    return -1;
}

int main(int argc, char **argv) {
    const char *name = strrchr(argv[0], '/');
    if (strcmp(name != NULL ? name + 1 : argv[0], "jrun-supervise") == 0) {
        return supervise(argc, argv);
    }
    struct command_line cli = parse_global(argc, argv);
    if (getenv("JRUN_AOT_OUTPUT") == NULL) {
        int fast = try_fast_path(argc, argv, cli);
        if (fast >= 0) {
            return fast;
        }
    }
    char *fds = inherited_fds();

    char *self = realpath("/proc/self/exe", NULL);
    if (self == NULL) {
        die("cannot find the launcher's own file (/proc/self/exe): %s", strerror(errno));
    }
    char *bin = parent(self);
    char *dist = parent(bin);
    const char *lib = env("JRUN_LIB");
    if (lib == NULL) {
        lib = concat(dist, "/lib", NULL);
    }

    char *java_home = find_java_home();
    if (java_home == NULL) {
        die("no Java 25 runtime found (set JAVA_HOME, or install one under /usr/lib/jvm)");
    }
    if (!is_dir(lib)) {
        die("%s is missing: build jrun first (mvn -DskipTests package)", lib);
    }

    const char *args[32];
    int n = 0;
    args[n++] = concat(java_home, "/bin/java", NULL);
    args[n++] = "-XX:+UseSerialGC";
    args[n++] = "-XX:TieredStopAtLevel=1";
    args[n++] = "-XX:-UsePerfData";
    /* The AOT cache mapped where it was made, not at a random address: its pages are then
       clean file pages, shared between jrun's JVMs and reclaimable (a relocated cache is some
       15 MiB of private dirty pages per JVM), and start-up skips the relocation (15-20 ms).
       What is given up is the randomisation of the class metadata's address (README, "JVM
       flags"); the JVM still relocates it where that address is taken. */
    args[n++] = "-XX:+UnlockDiagnosticVMOptions";
    args[n++] = "-XX:ArchiveRelocationMode=0";
    /* The JIT does not compile ahead what the training run profiled (JEP 515): on a few CPUs its
       compilations at start-up compete with the command itself (measured: `run` 10% slower) */
    args[n++] = "-XX:-AOTReplayTraining";
    args[n++] = "-Xlog:disable";
    args[n++] = "-Xlog:all=off";
    args[n++] = "--enable-native-access=ALL-UNNAMED";
    args[n++] = "--sun-misc-unsafe-memory-access=allow";
    args[n++] = concat("-XX:CompileCommandFile=", bin, "/jrun.compilecommands", NULL);
    args[n++] = "-Djrun.launcher=1";
    /* picocli, as jrun uses it (programmatic models, no annotations): without these it looks for
       Groovy's Closure class, missing from every jar on the class path, and reflects over java.sql
       and java.time for converters jrun never asks for; 20 ms of each command's start, measured */
    args[n++] = "-Dpicocli.disable.closures=true";
    args[n++] = "-Dpicocli.converters.excludes=java\\.sql\\..*,java\\.time\\..*";
    /* reflection (the JSON codec of records outside the spec's model) through JNI: the default
       spins method handle classes at run time, which the AOT cache does not keep */
    args[n++] = "-Djdk.reflect.useNativeAccessorOnly=true";
    args[n++] = concat("-Djrun.inherited.fds=", fds, NULL);
    if (fifo_report != NULL) {
        args[n++] = concat("-Djrun.exec.fifo.report=", fifo_report, NULL);
    }
    /* what a created container's init waits as (runtime-cli/src/main/c/jrun-init.c) */
    char *init = concat(bin, "/jrun-init", NULL);
    if (access(init, R_OK) == 0) {
        args[n++] = concat("-Djrun.init=", init, NULL);
    }
    /* jffi's stub library, unpacked by the build: otherwise jffi extracts it into a temporary
       file on every start */
    char *native = concat(dist, "/native/jni/", host_type(), "-Linux", NULL);
    if (is_dir(native)) {
        args[n++] = concat("-Djffi.boot.library.path=", native, NULL);
    }
    const char *main_class = "io.jrun.cli.Main";
    const char *aot_output = env("JRUN_AOT_OUTPUT");
    /* A command's own cache, trained on that command alone, when the build made one: the JVM
       loads every class of its cache as it starts, so a smaller cache starts sooner. */
    char *aot = NULL;
    if (cli.command != 0 && !cli.unknown && strchr(argv[cli.command], '/') == NULL && argv[cli.command][0] != '.') {
        aot = concat(dist, "/aot/", argv[cli.command], ".aot", NULL);
        if (!is_file(aot)) {
            free(aot);
            aot = NULL;
        }
    }
    if (aot == NULL) {
        aot = concat(dist, "/jrun.aot", NULL);
    }
    /* `run` in the foreground hands its wait over to this program (supervise.c). A training
       run's JVM writes the cache as it exits: it does all of that but the exec, and then, when
       it trains one command, exits there (a real `run`'s JVM ends there); the training of every
       command goes on */
    args[n++] = concat("-Djrun.launcher.path=", self, NULL);
    if (aot_output != NULL) {
        args[n++] = argc == 1 ? "-Djrun.training=all" : "-Djrun.training=command";
    }
    if (aot_output != NULL) {
        /* the build's training runs: JRUN_AOT_OUTPUT=.../jrun.aot bin/jrun trains on every
           command (io.jrun.cli.AotTraining); with a command, on that command itself */
        args[n++] = concat("-XX:AOTCacheOutput=", aot_output, NULL);
        if (argc == 1) {
            main_class = "io.jrun.cli.AotTraining";
        }
    } else if (is_file(aot)) {
        /* a cache that no longer matches the jars is ignored by the JVM (silently: logging is off) */
        args[n++] = concat("-XX:AOTCache=", aot, NULL);
    }
    args[n++] = "-cp";
    args[n++] = classpath(lib);
    args[n++] = main_class;

    char **java_argv = xmalloc(((size_t)n + (size_t)argc) * sizeof(char *));
    for (int i = 0; i < n; i++) {
        java_argv[i] = (char *)args[i];
    }
    for (int i = 1; i < argc; i++) {
        java_argv[n + i - 1] = argv[i];
    }
    java_argv[n + argc - 1] = NULL;

    /* the caller's values, for jrun to pass on (and nothing else under those names) */
    for (size_t i = 0; i < COUNT(saved_variables); i++) {
        char *saved = concat("JRUN_CALLER_", saved_variables[i], NULL);
        const char *value = getenv(saved_variables[i]);
        if (value != NULL) {
            set_env(saved, value);
        } else {
            unsetenv(saved);
        }
        free(saved);
    }
    for (size_t i = 0; i < COUNT(cleared_variables); i++) {
        unsetenv(cleared_variables[i]);
    }
    /* java runs from a copy that is not beside its libraries: libjli.so comes from here (and
       the JDK's home from where libjli.so is) */
    char *jdk_lib = concat(java_home, "/lib", NULL);
    set_env("LD_LIBRARY_PATH", jdk_lib);
    /* The JVM takes its file name encoding from the locale: without one (C/POSIX), names that
       are not ASCII (in an image's layers, a bundle's path) cannot be made. The container's own
       environment comes from its config, not from here. */
    const char *locale = env("LC_ALL");
    if (locale == NULL) {
        locale = env("LC_CTYPE");
    }
    if (locale == NULL) {
        locale = env("LANG");
    }
    if (locale == NULL || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0) {
        set_env("LC_CTYPE", "C.UTF-8");
    }

    char *java = concat(java_home, "/bin/java", NULL);
    int memfd_error = exec_memfd(java, java_argv);
    int mount_error = exec_read_only_mount(java_home, java_argv);
    /* never the JDK's own bin/java: a container could write to it through /proc/PID/exe */
    die("cannot start java from a sealed copy (memfd: %s; read-only mount: %s)", strerror(memfd_error),
        strerror(mount_error));
}
