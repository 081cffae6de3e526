/*
 * `run` in the foreground, from its program's start to its end, without a JVM: the JVM that
 * created and started the container execs into this (io.jrun.core.lifecycle.Handover), so the
 * process engines and shells know (its pid, its stdio, the container's parent) stays, and the
 * JVM's memory is given back for as long as the program runs. It does what the JVM would have
 * done: passes the signals it gets on to the program, reaps, reports an OOM kill, deletes the
 * container (fast.c's delete, or `jrun delete --force` where that needs the JVM) and exits with
 * the program's status (128+N for signal N).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fast.h"

/* what the JVM blocked before its exec (SignalForwarder.FORWARDED, and SIGCHLD): pending ones are still pending here */
static const int passed_on[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
                                SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGPIPE};

static int status_of(int st) {
    return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* "oom_kill N" of CGROUP/memory.events (cgroup v2), or of CGROUP/memory.oom_control (the
   directory of a v1 memory hierarchy, io.jrun.core.lifecycle.OomKills), or -1 */
static long long oom_kills(const char *cgroup) {
    char path[4096];
    if (snprintf(path, sizeof path, "%s/memory.events", cgroup) >= (int)sizeof path) {
        return -1;
    }
    FILE *f = fopen(path, "re");
    if (f == NULL && errno == ENOENT) {
        snprintf(path, sizeof path, "%s/memory.oom_control", cgroup);
        f = fopen(path, "re");
    }
    if (f == NULL) {
        return -1;
    }
    char key[64];
    long long value, found = -1;
    while (fscanf(f, "%63s %lld", key, &value) == 2) {
        if (strcmp(key, "oom_kill") == 0) {
            found = value;
        }
    }
    fclose(f);
    return found;
}

/* An error record as logrus writes it (io.jrun.cli.LogrusTextLayout, LogrusJsonLayout): to LOG,
   or to stderr when LOG is empty. MESSAGE needs no quoting. */
static void log_error(const char *log, const char *format, const char *message) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[40];
    size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    long offset = tm.tm_gmtoff / 60;
    if (offset == 0) {
        snprintf(stamp + n, sizeof stamp - n, "Z");
    } else {
        long a = offset < 0 ? -offset : offset;
        snprintf(stamp + n, sizeof stamp - n, "%c%02ld:%02ld", offset < 0 ? '-' : '+', a / 60, a % 60);
    }
    char line[256];
    if (strcmp(format, "json") == 0) {
        snprintf(line, sizeof line, "{\"level\":\"error\",\"msg\":\"%s\",\"time\":\"%s\"}\n", message, stamp);
    } else {
        snprintf(line, sizeof line, "time=\"%s\" level=error msg=\"%s\"\n", stamp, message);
    }
    int fd = log[0] != '\0' ? open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : 2;
    if (fd >= 0) {
        ssize_t ignored = write(fd, line, strlen(line));
        (void)ignored;
        if (fd != 2) {
            close(fd);
        }
    }
}

/* `jrun delete --force ID` through the launcher (a JVM): what fast_delete leaves to it */
static void jvm_delete(const char *launcher, const char *root, const char *id, const char *log,
                       const char *format) {
    pid_t child = fork();
    if (child == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        const char *args[12];
        int n = 0;
        args[n++] = launcher;
        args[n++] = "--root";
        args[n++] = root;
        if (log[0] != '\0') {
            args[n++] = "--log";
            args[n++] = log;
        }
        args[n++] = "--log-format";
        args[n++] = format;
        args[n++] = "delete";
        args[n++] = "--force";
        args[n++] = id;
        args[n] = NULL;
        execv(launcher, (char **)args);
        _exit(127);
    }
    if (child > 0) {
        int st;
        while (waitpid(child, &st, 0) < 0 && errno == EINTR) {
        }
    }
}

int supervise(int argc, char **argv) {
    /* jrun-supervise PID ROOT ID LOG LOG-FORMAT KEEP CGROUP OOM-KILLS-BEFORE LAUNCHER */
    if (argc != 10) {
        fprintf(stderr, "jrun: %s is run by jrun itself (`run` in the foreground)\n", argv[0]);
        return 1;
    }
    pid_t pid = (pid_t)atol(argv[1]);
    const char *root = argv[2], *id = argv[3], *log = argv[4], *format = argv[5], *cgroup = argv[7];
    int keep = strcmp(argv[6], "1") == 0;
    long long before = atoll(argv[8]);
    const char *launcher = argv[9];

    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof passed_on / sizeof passed_on[0]; i++) {
        sigaddset(&set, passed_on[i]);
    }
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    /* the JVM's files (jars, its AOT cache) that were not close-on-exec */
    close_range(3, ~0U, 0);

    int status = -1;
    for (;;) {
        /* reaped first: the program may have ended before the JVM blocked SIGCHLD */
        int st;
        pid_t got;
        while ((got = waitpid(-1, &st, WNOHANG)) > 0) {
            if (got == pid) {
                status = status_of(st);
            }
        }
        if (status >= 0) {
            break;
        }
        if (got < 0 && errno == ECHILD) {
            fprintf(stderr, "jrun: the container's process %ld is not this process's child\n", (long)pid);
            status = 1;
            break;
        }
        siginfo_t info;
        int sig = sigwaitinfo(&set, &info);
        if (sig > 0 && sig != SIGCHLD) {
            kill(pid, sig);
        }
    }
    /* io.jrun.core.lifecycle.OomKills: SIGKILL, and more OOM kills than before the start */
    if (status == 128 + SIGKILL && cgroup[0] != '\0') {
        long long after = oom_kills(cgroup);
        if (after > before) {
            log_error(log, format, "container was OOM-killed");
        }
    }
    if (!keep && fast_delete(root, id, log[0] != '\0' ? log : NULL) != 0) {
        jvm_delete(launcher, root, id, log, format);
    }
    return status;
}
