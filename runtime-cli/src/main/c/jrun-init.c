/*
 * jrun-init: what a created container's init becomes while it waits for `start`.
 *
 * jrun sets the container's process up as a clone of its JVM (namespaces, root filesystem,
 * user, capabilities, seccomp), then, once `create` has recorded it, execs this program from a
 * sealed memfd. The JVM's memory is gone with that exec: a created container costs a few
 * pages instead of a copy of a JVM, and nothing of the JVM (its heap, its environment) is there
 * for a process in the container to read. This program then does what the end of runc's init
 * does:
 *
 *   jrun-init FIFO-FD APPARMOR-PROFILE PROGRAM ARGV0 ARGS...   (the environment is the program's)
 *
 *   1. stays not dumpable (an exec makes a process dumpable again): only CAP_SYS_PTRACE in the
 *      host's user namespace may look into it while it waits;
 *   2. opens the exec fifo through /proc/self/fd/FIFO-FD for writing, which blocks until
 *      `start` opens it for reading, and writes one byte;
 *   3. closes the fifo's fd (runc does, for CVE-2016-9962);
 *   4. asks for AppArmor PROFILE on the next exec, if one is given (here, not in the JVM: the
 *      exec of this program would have taken the transition);
 *   5. execs PROGRAM (a path: jrun looked it up in PATH at create) with ARGV0 ARGS...
 *
 * A failure after `start` is reported the way jrun's child reports one: 'E', a 4-byte index
 * and the 4-byte errno, on the fifo, which `start` reads. No libc: raw syscalls, nothing
 * allocated, a few kilobytes of code.
 */

#if defined(__x86_64__)
#define NR_write 1
#define NR_close 3
#define NR_execve 59
#define NR_prctl 157
#define NR_exit_group 231
#define NR_openat 257
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
__asm__(".text\n.global _start\n_start:\n xor %rbp, %rbp\n mov %rsp, %rdi\n and $-16, %rsp\n call start\n hlt\n");
#elif defined(__aarch64__)
#define NR_openat 56
#define NR_close 57
#define NR_write 64
#define NR_exit_group 94
#define NR_prctl 167
#define NR_execve 221
static long sys6(long n, long a, long b, long c, long d, long e, long f) {
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}
__asm__(".text\n.global _start\n_start:\n mov x29, #0\n mov x30, #0\n mov x0, sp\n and sp, x0, #-16\n bl start\n");
#else
#error "jrun-init: x86_64 and aarch64 only"
#endif

#define AT_FDCWD (-100)
#define O_WRONLY 01
#define O_CLOEXEC 02000000
#define PR_SET_DUMPABLE 4
#define EINTR 4

static long sys3(long n, long a, long b, long c) {
    return sys6(n, a, b, c, 0, 0, 0);
}

static void __attribute__((noreturn)) exit_group(int status) {
    for (;;) {
        sys3(NR_exit_group, status, 0, 0);
    }
}

static unsigned long length(const char *s) {
    unsigned long n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

/* "/proc/self/fd/" and the decimal fd, into buf (32 bytes). */
static void fd_path(char *buf, const char *fd) {
    static const char prefix[] = "/proc/self/fd/";
    int i = 0;
    for (; prefix[i]; i++) {
        buf[i] = prefix[i];
    }
    for (int j = 0; fd[j] && i < 31; j++) {
        buf[i++] = fd[j];
    }
    buf[i] = 0;
}

static int number(const char *s) {
    int n = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        n = n * 10 + (*s - '0');
    }
    return n;
}

/* The failure record jrun's child writes: 'E', an index (unused here: 0), errno. */
static void __attribute__((noreturn)) fail(long fd, long err) {
    unsigned char record[9] = {'E', 0, 0, 0, 0, 0, 0, 0, 0};
    unsigned int e = (unsigned int) -err;
    record[5] = e & 0xff;
    record[6] = (e >> 8) & 0xff;
    record[7] = (e >> 16) & 0xff;
    record[8] = (e >> 24) & 0xff;
    sys3(NR_write, fd, (long) record, 9);
    exit_group(255);
}

void __attribute__((noreturn, used)) start(long *sp) {
    long argc = sp[0];
    char **argv = (char **) (sp + 1);
    char **envp = argv + argc + 1;
    if (argc < 5) {
        static const char usage[] = "jrun-init: run by jrun only\n";
        sys3(NR_write, 2, (long) usage, sizeof usage - 1);
        exit_group(2);
    }
    sys6(NR_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0, 0); /* a profile may deny prctl: best effort */

    char path[32];
    fd_path(path, argv[1]);
    long fifo;
    do {
        fifo = sys6(NR_openat, AT_FDCWD, (long) path, O_WRONLY | O_CLOEXEC, 0, 0, 0);
    } while (fifo == -EINTR);
    if (fifo < 0) {
        exit_group(255); /* nobody to tell: `start` sees the container gone */
    }
    long w;
    do {
        w = sys3(NR_write, fifo, (long) "0", 1);
    } while (w == -EINTR);
    sys3(NR_close, number(argv[1]), 0, 0);

    const char *profile = argv[2];
    if (profile[0]) {
        /* the attribute's newer place first, as runc writes it */
        long attr = sys6(NR_openat, AT_FDCWD, (long) "/proc/self/attr/apparmor/exec", O_WRONLY | O_CLOEXEC, 0, 0, 0);
        if (attr < 0) {
            attr = sys6(NR_openat, AT_FDCWD, (long) "/proc/self/attr/exec", O_WRONLY | O_CLOEXEC, 0, 0, 0);
        }
        if (attr < 0) {
            fail(fifo, attr);
        }
        char request[4096];
        static const char verb[] = "exec ";
        unsigned long n = 0;
        for (; verb[n]; n++) {
            request[n] = verb[n];
        }
        unsigned long p = length(profile);
        if (p > sizeof request - n) {
            fail(fifo, -22 /* EINVAL */);
        }
        for (unsigned long i = 0; i < p; i++) {
            request[n + i] = profile[i];
        }
        long r = sys3(NR_write, attr, (long) request, (long) (n + p));
        if (r < 0) {
            fail(fifo, r);
        }
        sys3(NR_close, attr, 0, 0);
    }

    long r = sys3(NR_execve, (long) argv[3], (long) (argv + 4), (long) envp);
    fail(fifo, r);
}
