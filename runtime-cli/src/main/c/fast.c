/*
 * The commands engines run most, answered by the launcher without a JVM when they can be:
 * `state ID` (podman and containerd's shim ask after every step) and `kill ID [SIGNAL]`. A JVM
 * start costs several times what runc's whole command does.
 *
 * These are success paths only, for the state.json jrun writes: the container's record, its
 * liveness from /proc, its cgroup's freezer, the exec fifo. `state` prints the same document as
 * io.jrun.cli.StateJson, byte for byte, and `kill` does what Lifecycle.kill does (under the
 * container's lock, to the process the record names, through a pidfd); FastPathIT compares
 * them with the JVM's. Whenever anything is not as expected (no such
 * container, a record it does not know, a freezer between two states, a signal name it does not
 * know, a container not running), they do nothing, print nothing and return -1: the JVM then runs
 * the command, with its errors and its log, as for any other command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fast.h"

/* ---- a small buffer --------------------------------------------------------------------- */

struct buf {
    char *data;
    size_t len, cap;
    int failed;
};

static void put(struct buf *b, const char *s, size_t n) {
    if (b->failed) {
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *d = realloc(b->data, cap);
        if (d == NULL) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s) {
    put(b, s, strlen(s));
}

/* ---- reading files ---------------------------------------------------------------------- */

/* The whole file, NUL-terminated, or NULL. */
static char *slurp(const char *path, size_t *length) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    struct buf b = {0};
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) {
        put(&b, chunk, (size_t)n);
    }
    close(fd);
    if (n < 0 || b.failed || b.data == NULL) {
        free(b.data);
        return NULL;
    }
    if (length != NULL) {
        *length = b.len;
    }
    return b.data;
}

/* ---- the JSON of state.json ------------------------------------------------------------- */

/*
 * A strict reader for what jrun writes (jackson's compact output of ContainerRecord): an object
 * of strings, integers, booleans, null, and objects of those. Strings are decoded to UTF-8.
 */
struct json {
    const char *p;
    int bad;
};

static void ws(struct json *j) {
    while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t') {
        j->p++;
    }
}

static int hex4(const char *p, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= (unsigned)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= (unsigned)(c - 'A' + 10);
        } else {
            return -1;
        }
    }
    *out = v;
    return 0;
}

static void utf8(struct buf *b, unsigned cp) {
    char s[4];
    if (cp < 0x80) {
        s[0] = (char)cp;
        put(b, s, 1);
    } else if (cp < 0x800) {
        s[0] = (char)(0xc0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3f));
        put(b, s, 2);
    } else if (cp < 0x10000) {
        s[0] = (char)(0xe0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        s[2] = (char)(0x80 | (cp & 0x3f));
        put(b, s, 3);
    } else {
        s[0] = (char)(0xf0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        s[3] = (char)(0x80 | (cp & 0x3f));
        put(b, s, 4);
    }
}

/* A string value, decoded; NULL (and j->bad) if it is not one jrun's own reader would agree on. */
static char *string(struct json *j) {
    ws(j);
    if (*j->p != '"') {
        j->bad = 1;
        return NULL;
    }
    j->p++;
    struct buf b = {0};
    put(&b, "", 0);
    for (;;) {
        unsigned char c = (unsigned char)*j->p;
        if (c == '\0' || c < 0x20) {
            j->bad = 1;
            break;
        }
        j->p++;
        if (c == '"') {
            break;
        }
        if (c != '\\') {
            put(&b, (const char *)&c, 1);
            continue;
        }
        char e = *j->p++;
        unsigned cp;
        switch (e) {
        case '"': put(&b, "\"", 1); break;
        case '\\': put(&b, "\\", 1); break;
        case '/': put(&b, "/", 1); break;
        case 'b': put(&b, "\b", 1); break;
        case 'f': put(&b, "\f", 1); break;
        case 'n': put(&b, "\n", 1); break;
        case 'r': put(&b, "\r", 1); break;
        case 't': put(&b, "\t", 1); break;
        case 'u':
            if (hex4(j->p, &cp) != 0) {
                j->bad = 1;
                break;
            }
            j->p += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                unsigned lo;
                if (j->p[0] != '\\' || j->p[1] != 'u' || hex4(j->p + 2, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff) {
                    j->bad = 1; /* a lone surrogate: leave it to the JVM */
                    break;
                }
                j->p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                j->bad = 1;
                break;
            }
            utf8(&b, cp);
            break;
        default:
            j->bad = 1;
        }
        if (j->bad) {
            break;
        }
    }
    if (j->bad || b.failed) {
        free(b.data);
        j->bad = 1;
        return NULL;
    }
    return b.data;
}

/* An integer value (jrun writes pids, start times and depths as plain integers). */
static long long integer(struct json *j) {
    ws(j);
    char *end;
    errno = 0;
    long long v = strtoll(j->p, &end, 10);
    if (end == j->p || errno != 0 || *end == '.' || *end == 'e' || *end == 'E') {
        j->bad = 1;
        return 0;
    }
    j->p = end;
    return v;
}

static int literal(struct json *j, const char *word) {
    ws(j);
    size_t n = strlen(word);
    if (strncmp(j->p, word, n) == 0) {
        j->p += n;
        return 1;
    }
    return 0;
}

static void skip(struct json *j);

/* Calls member(name) for each member, positioned at its value; member consumes the value. */
static void object(struct json *j, void (*member)(struct json *, const char *, void *), void *ctx) {
    ws(j);
    if (*j->p != '{') {
        j->bad = 1;
        return;
    }
    j->p++;
    ws(j);
    if (*j->p == '}') {
        j->p++;
        return;
    }
    while (!j->bad) {
        char *name = string(j);
        if (name == NULL) {
            return;
        }
        ws(j);
        if (*j->p != ':') {
            free(name);
            j->bad = 1;
            return;
        }
        j->p++;
        member(j, name, ctx);
        free(name);
        ws(j);
        if (*j->p == ',') {
            j->p++;
        } else if (*j->p == '}') {
            j->p++;
            return;
        } else {
            j->bad = 1;
        }
    }
}

static void skip_member(struct json *j, const char *name, void *ctx) {
    (void)name;
    (void)ctx;
    skip(j);
}

static void skip(struct json *j) {
    ws(j);
    if (*j->p == '"') {
        free(string(j));
    } else if (*j->p == '{') {
        object(j, skip_member, NULL);
    } else if (literal(j, "true") || literal(j, "false") || literal(j, "null")) {
        /* nothing */
    } else {
        integer(j);
    }
}

/* ---- the record ------------------------------------------------------------------------- */

#define MAX_ANNOTATIONS 256

struct record {
    char *id, *oci_version, *bundle, *rootfs, *created, *owner, *cgroup;
    long long pid, start_time, cgroup_created_depth;
    int cgroup_v1; /* cgroup v1 directories are recorded ("cgroupV1"): delete is the JVM's */
    char *freezer_v1; /* their freezer hierarchy's directory, or null */
    int hooks; /* 1 with hooks, 0 without, -1 when the record does not say (an older jrun's) */
    int annotations;
    char *keys[MAX_ANNOTATIONS], *values[MAX_ANNOTATIONS];
    int has_annotations_member;
};

/* A string member, or null; bad for anything else. */
static char *string_or_null(struct json *j) {
    if (literal(j, "null")) {
        return NULL;
    }
    return string(j);
}

static void annotation(struct json *j, const char *name, void *ctx) {
    struct record *r = ctx;
    if (r->annotations == MAX_ANNOTATIONS) {
        j->bad = 1;
        return;
    }
    char *value = string(j);
    if (value == NULL) {
        return;
    }
    r->keys[r->annotations] = strdup(name);
    r->values[r->annotations] = value;
    r->annotations++;
}

static void cgroup_member(struct json *j, const char *name, void *ctx) {
    struct record *r = ctx;
    if (strcmp(name, "path") == 0) {
        free(r->cgroup);
        r->cgroup = string(j);
    } else if (strcmp(name, "createdDepth") == 0) {
        r->cgroup_created_depth = integer(j);
    } else {
        skip(j);
    }
}

static void freezer_v1_member(struct json *j, const char *name, void *ctx) {
    struct record *r = ctx;
    if (strcmp(name, "path") == 0) {
        free(r->freezer_v1);
        r->freezer_v1 = string(j);
    } else {
        skip(j);
    }
}

static void subsystem_member(struct json *j, const char *name, void *ctx) {
    if (strcmp(name, "freezer") == 0) {
        object(j, freezer_v1_member, ctx);
    } else {
        skip(j);
    }
}

static void cgroup_v1_member(struct json *j, const char *name, void *ctx) {
    if (strcmp(name, "subsystems") == 0) {
        object(j, subsystem_member, ctx);
    } else {
        skip(j);
    }
}

static void record_member(struct json *j, const char *name, void *ctx) {
    struct record *r = ctx;
    char **field = NULL;
    if (strcmp(name, "id") == 0) {
        field = &r->id;
    } else if (strcmp(name, "ociVersion") == 0) {
        field = &r->oci_version;
    } else if (strcmp(name, "bundle") == 0) {
        field = &r->bundle;
    } else if (strcmp(name, "rootfs") == 0) {
        field = &r->rootfs;
    } else if (strcmp(name, "created") == 0) {
        field = &r->created;
    } else if (strcmp(name, "owner") == 0) {
        field = &r->owner;
    }
    if (field != NULL) {
        free(*field);
        *field = string_or_null(j);
    } else if (strcmp(name, "pid") == 0) {
        r->pid = integer(j);
    } else if (strcmp(name, "startTime") == 0) {
        r->start_time = integer(j);
    } else if (strcmp(name, "hooks") == 0) {
        r->hooks = literal(j, "true") ? 1 : literal(j, "false") ? 0 : (j->bad = 1, -1);
    } else if (strcmp(name, "annotations") == 0) {
        r->has_annotations_member = 1;
        if (!literal(j, "null")) {
            object(j, annotation, r);
        }
    } else if (strcmp(name, "cgroup") == 0) {
        if (!literal(j, "null")) {
            object(j, cgroup_member, r);
        }
    } else if (strcmp(name, "cgroupV1") == 0) {
        /* a v1 container's directories, one per hierarchy (io.jrun.core.cgroups.V1CgroupRef):
           state and start read its freezer; delete is the JVM's (V1Cgroup.destroy) */
        r->cgroup_v1 = !literal(j, "null");
        if (r->cgroup_v1) {
            object(j, cgroup_v1_member, r);
        }
    } else {
        skip(j);
    }
}

/* ---- the status --------------------------------------------------------------------------- */

/* Whether pid is alive (not a zombie) and started at start_time (field 22 of /proc/PID/stat). */
static int alive(long long pid, long long start_time) {
    if (pid <= 0) {
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/stat", pid);
    char *stat = slurp(path, NULL);
    if (stat == NULL) {
        return 0;
    }
    /* the command name (field 2) is in parentheses and may hold anything: count from its end */
    char *close = strrchr(stat, ')');
    int ok = 0;
    if (close != NULL && close[1] == ' ') {
        char state = close[2];
        char *p = close + 2;
        /* fields 3 .. 22: the state, then 18 more, then the start time */
        for (int field = 3; field < 22 && p != NULL; field++) {
            p = strchr(p, ' ');
            if (p != NULL) {
                p++;
            }
        }
        ok = p != NULL && state != 'Z' && state != 'X' && strtoll(p, NULL, 10) == start_time;
    }
    free(stat);
    return ok;
}

/* The first value of the line starting with key in a flat-keyed cgroup file, or -1. */
static long long key_value(const char *text, const char *key) {
    size_t n = strlen(key);
    for (const char *line = text; line != NULL && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, key, n) == 0 && line[n] == ' ') {
            return strtoll(line + n + 1, NULL, 10);
        }
    }
    return -1;
}

/* "paused", NULL if thawed, or "" when the JVM should decide (a freeze under way). */
static const char *freezer(const char *cgroup) {
    if (cgroup == NULL) {
        return NULL;
    }
    char *path = malloc(strlen(cgroup) + 32);
    if (path == NULL) {
        return "";
    }
    sprintf(path, "%s/cgroup.freeze", cgroup);
    char *freeze = slurp(path, NULL);
    const char *result;
    if (freeze == NULL) {
        result = errno == ENOENT ? NULL : "";
    } else if (freeze[0] == '0') {
        result = NULL;
    } else {
        sprintf(path, "%s/cgroup.events", cgroup);
        char *events = slurp(path, NULL);
        result = events != NULL && key_value(events, "frozen") == 1 ? "paused" : "";
        free(events);
    }
    free(freeze);
    free(path);
    return result;
}

/* freezer() of a cgroup v1 freezer directory (dir may be null: no freezer hierarchy), as
   io.jrun.core.cgroups.V1Freezer.state reads it: FROZEN by its own freezer.self_freezing */
static const char *freezer_v1(const char *dir) {
    if (dir == NULL) {
        return NULL;
    }
    char *path = malloc(strlen(dir) + 32);
    if (path == NULL) {
        return "";
    }
    sprintf(path, "%s/freezer.state", dir);
    char *state = slurp(path, NULL);
    const char *result;
    if (state == NULL) {
        result = errno == ENOENT ? NULL : "";
    } else if (strncmp(state, "THAWED", 6) == 0) {
        result = NULL;
    } else if (strncmp(state, "FROZEN", 6) == 0) {
        sprintf(path, "%s/freezer.self_freezing", dir);
        char *self = slurp(path, NULL);
        result = self == NULL ? (errno == ENOENT ? "paused" : "") : self[0] == '1' ? "paused" : self[0] == '0' ? NULL : "";
        free(self);
    } else {
        result = ""; /* FREEZING: the JVM waits it out */
    }
    free(state);
    free(path);
    return result;
}

/* The container's freezer, v2 or v1. */
static const char *record_freezer(const struct record *r) {
    return r->cgroup_v1 ? freezer_v1(r->freezer_v1) : freezer(r->cgroup);
}

/* ---- the document, as io.jrun.cli.StateJson writes it ------------------------------------ */

/* A JSON string as Go's encoding/json writes it (GoFormat.appendJsonString); -1 on bad UTF-8. */
static int go_string(struct buf *b, const char *s) {
    static const char hex[] = "0123456789abcdef";
    put(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        char esc[7];
        if (c == '"') {
            put(b, "\\\"", 2);
        } else if (c == '\\') {
            put(b, "\\\\", 2);
        } else if (c == '\n') {
            put(b, "\\n", 2);
        } else if (c == '\r') {
            put(b, "\\r", 2);
        } else if (c == '\t') {
            put(b, "\\t", 2);
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            snprintf(esc, sizeof esc, "\\u00%c%c", hex[c >> 4], hex[c & 0xf]);
            put(b, esc, 6);
        } else if (c < 0x80) {
            put(b, (const char *)p, 1);
        } else {
            /* a whole UTF-8 sequence, checked; U+2028 and U+2029 escaped as Go does */
            int n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
            for (int i = 1; i < n; i++) {
                if ((p[i] & 0xc0) != 0x80) {
                    return -1;
                }
            }
            if (n == 0) {
                return -1;
            }
            if (n == 3 && c == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
                put(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
            } else {
                put(b, (const char *)p, (size_t)n);
            }
            p += n;
            continue;
        }
        p++;
    }
    put(b, "\"", 1);
    return 0;
}

/*
 * Instant.toString ("2026-12-07T16:35:12.123400Z", a fraction of 0, 3, 6 or 9 digits) as Go's
 * RFC3339Nano (GoFormat.rfc3339Nano): the fraction's trailing zeros go. NULL if not that form.
 */
static char *rfc3339_nano(const char *instant) {
    size_t n = strlen(instant);
    /* yyyy-MM-ddTHH:mm:ss then [.f...] then Z */
    if (n < 20 || instant[4] != '-' || instant[10] != 'T' || instant[19] == '\0' || instant[n - 1] != 'Z') {
        return NULL;
    }
    for (size_t i = 0; i < 19; i++) {
        if ((i == 4 || i == 7) ? instant[i] != '-' : i == 10 ? instant[i] != 'T'
                : (i == 13 || i == 16) ? instant[i] != ':' : (instant[i] < '0' || instant[i] > '9')) {
            return NULL;
        }
    }
    char *out = strdup(instant);
    if (out == NULL) {
        return NULL;
    }
    if (instant[19] == 'Z' && n == 20) {
        return out;
    }
    if (instant[19] != '.') {
        free(out);
        return NULL;
    }
    size_t end = n - 1; /* the Z */
    for (size_t i = 20; i < end; i++) {
        if (instant[i] < '0' || instant[i] > '9') {
            free(out);
            return NULL;
        }
    }
    while (end > 20 && out[end - 1] == '0') {
        end--;
    }
    if (end == 20) {
        end = 19; /* no fraction left: no dot either */
    }
    out[end] = 'Z';
    out[end + 1] = '\0';
    return out;
}

static int by_key(const void *a, const void *b) {
    /* Java's TreeMap orders String keys by UTF-16 units; for these names byte order agrees
       except across supplementary characters, which make the caller fall back */
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_record(struct record *r) {
    free(r->id);
    free(r->oci_version);
    free(r->bundle);
    free(r->rootfs);
    free(r->created);
    free(r->owner);
    free(r->cgroup);
    free(r->freezer_v1);
    for (int i = 0; i < r->annotations; i++) {
        free(r->keys[i]);
        free(r->values[i]);
    }
}

/* A path as java.nio.file.Path prints it back unchanged: absolute, no "//", no trailing "/". */
static int plain_path(const char *p) {
    if (p == NULL) {
        return 1;
    }
    size_t n = strlen(p);
    return p[0] == '/' && strstr(p, "//") == NULL && (n == 1 || p[n - 1] != '/');
}

static int has_supplementary(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xf8) == 0xf0) {
            return 1;
        }
    }
    return 0;
}

/* The id as ContainerId.check takes it; anything else is the JVM's to refuse. */
static int plain_id(const char *id) {
    size_t idlen = strlen(id);
    if (idlen == 0 || idlen > 255 || strcmp(id, ".") == 0 || strcmp(id, "..") == 0) {
        return 0;
    }
    for (size_t i = 0; i < idlen; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+'
                || c == '-' || c == '.')) {
            return 0;
        }
    }
    return 1;
}

/* ROOT/ID/NAME, or NULL. */
static char *container_file(const char *root, const char *id, const char *name) {
    char *p = malloc(strlen(root) + strlen(id) + strlen(name) + 3);
    if (p != NULL) {
        sprintf(p, "%s/%s/%s", root, id, name);
    }
    return p;
}

/* Reads container ID's record into r (zeroed first): 1 if it is one this file knows, else 0. */
static int read_record(const char *root, const char *id, struct record *r) {
    memset(r, 0, sizeof *r);
    r->hooks = -1;
    char *file = container_file(root, id, "state.json");
    char *text = file != NULL ? slurp(file, NULL) : NULL;
    free(file);
    if (text == NULL) {
        return 0;
    }
    struct json j = {text, 0};
    object(&j, record_member, r);
    ws(&j);
    int ok = !j.bad && *j.p == '\0' && r->id != NULL && strcmp(r->id, id) == 0 && r->oci_version != NULL
            && r->created != NULL && plain_path(r->bundle) && plain_path(r->rootfs);
    free(text);
    return ok;
}

/* --log: runc and jrun open it (O_CREAT|O_APPEND, 0644) even when nothing is logged; 0 or -1. */
static int open_log(const char *log) {
    if (log == NULL) {
        return 0;
    }
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return -1;
    }
    close(fd);
    return 0;
}

int fast_state(const char *root, const char *id, const char *log) {
    if (!plain_id(id)) {
        return -1;
    }
    char *dir = malloc(strlen(root) + strlen(id) + 32);
    if (dir == NULL) {
        return -1;
    }
    struct record r;
    int ok = read_record(root, id, &r);

    const char *status = NULL;
    if (ok) {
        if (r.pid == 0) {
            status = "creating";
        } else if (!alive(r.pid, r.start_time)) {
            status = "stopped";
        } else {
            const char *frozen = record_freezer(&r);
            if (frozen != NULL && frozen[0] == '\0') {
                ok = 0; /* between thawed and frozen: the JVM waits it out */
            } else if (frozen != NULL) {
                status = frozen;
            } else {
                sprintf(dir, "%s/%s/exec.fifo", root, id);
                struct stat st;
                status = lstat(dir, &st) == 0 ? "created" : "running";
            }
        }
    }
    free(dir);
    char *created = ok && r.created != NULL ? rfc3339_nano(r.created) : NULL;
    if (ok && r.created != NULL && created == NULL) {
        ok = 0;
    }
    for (int i = 0; ok && i < r.annotations; i++) {
        if (has_supplementary(r.keys[i])) {
            ok = 0;
        }
    }

    struct buf b = {0};
    if (ok) {
        int stopped = strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0;
        char pid[32];
        snprintf(pid, sizeof pid, "%lld", stopped ? 0LL : r.pid);
        puts_(&b, "{\n  \"ociVersion\": ");
        ok &= go_string(&b, r.oci_version) == 0;
        puts_(&b, ",\n  \"id\": ");
        ok &= go_string(&b, r.id) == 0;
        puts_(&b, ",\n  \"pid\": ");
        puts_(&b, pid);
        puts_(&b, ",\n  \"status\": ");
        ok &= go_string(&b, status) == 0;
        puts_(&b, ",\n  \"bundle\": ");
        ok &= go_string(&b, r.bundle != NULL ? r.bundle : "") == 0;
        puts_(&b, ",\n  \"rootfs\": ");
        ok &= go_string(&b, r.rootfs != NULL ? r.rootfs : "") == 0;
        puts_(&b, ",\n  \"created\": ");
        ok &= go_string(&b, created != NULL ? created : "0001-01-01T00:00:00Z") == 0;
        if (r.annotations > 0) {
            /* sort the pairs by key */
            int order[MAX_ANNOTATIONS];
            char *sorted[MAX_ANNOTATIONS];
            for (int i = 0; i < r.annotations; i++) {
                sorted[i] = r.keys[i];
            }
            qsort(sorted, (size_t)r.annotations, sizeof sorted[0], by_key);
            for (int i = 0; i < r.annotations; i++) {
                for (int k = 0; k < r.annotations; k++) {
                    if (r.keys[k] == sorted[i]) {
                        order[i] = k;
                    }
                }
            }
            puts_(&b, ",\n  \"annotations\": {");
            for (int i = 0; i < r.annotations; i++) {
                puts_(&b, i == 0 ? "\n    " : ",\n    ");
                ok &= go_string(&b, r.keys[order[i]]) == 0;
                puts_(&b, ": ");
                ok &= go_string(&b, r.values[order[i]]) == 0;
            }
            puts_(&b, "\n  }");
        }
        puts_(&b, ",\n  \"owner\": ");
        ok &= go_string(&b, r.owner != NULL ? r.owner : "") == 0;
        puts_(&b, "\n}\n");
    }
    free(created);
    free_record(&r);
    if (!ok || b.failed) {
        free(b.data);
        return -1;
    }
    if (open_log(log) != 0) {
        free(b.data);
        return -1; /* the JVM reports it */
    }
    size_t off = 0;
    while (off < b.len) {
        ssize_t w = write(1, b.data + off, b.len - off);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            free(b.data);
            return 1; /* stdout is gone: an error, like the JVM's */
        }
        off += (size_t)w;
    }
    free(b.data);
    return 0;
}

/* ---- kill ----------------------------------------------------------------------------------- */

/* The signals io.jrun.sys.Signals names, by number; the rest (IOT, POLL, RTMIN+N) are the JVM's. */
static const char *const SIGNAL_NAMES[] = {
    NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
    "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
    "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};

/* "TERM", "SIGTERM", "term", "15": the number; -1 for anything else. */
static int signal_number(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 12) {
        return -1;
    }
    int digits = 1;
    for (size_t i = 0; i < n; i++) {
        digits &= s[i] >= '0' && s[i] <= '9';
    }
    if (digits) {
        int v = atoi(s);
        return v >= 1 && v <= 64 ? v : -1;
    }
    char upper[16];
    for (size_t i = 0; i <= n; i++) {
        char c = s[i];
        upper[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
    }
    const char *name = strncmp(upper, "SIG", 3) == 0 ? upper + 3 : upper;
    for (int i = 1; i < (int)(sizeof SIGNAL_NAMES / sizeof SIGNAL_NAMES[0]); i++) {
        if (strcmp(SIGNAL_NAMES[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/* The container's lock, as StateStore.open takes it (a POSIX record lock on the whole file): its
   fd, which releases it when closed, or -1. */
static int lock_container(const char *root, const char *id) {
    char *lock = container_file(root, id, ".lock");
    int lockfd = lock != NULL ? open(lock, O_WRONLY | O_CLOEXEC) : -1;
    free(lock);
    if (lockfd < 0) {
        return -1;
    }
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    while (fcntl(lockfd, F_SETLKW, &fl) != 0) {
        if (errno != EINTR) {
            close(lockfd);
            return -1;
        }
    }
    return lockfd;
}

int fast_kill(const char *root, const char *id, const char *signal, const char *log) {
    int sig = signal_number(signal != NULL ? signal : "SIGTERM");
    if (sig < 0 || !plain_id(id) || open_log(log) != 0) {
        return -1;
    }
    int lockfd = lock_container(root, id);
    if (lockfd < 0) {
        return -1;
    }
    int done = -1;
    struct record r;
    /* read under the lock: a delete may have come first */
    if (read_record(root, id, &r) && r.pid > 0) {
        int pidfd = (int)syscall(SYS_pidfd_open, (int)r.pid, 0);
        if (pidfd >= 0) {
            /* alive after the pidfd is open: the pidfd is then this process's, not a reused pid's */
            if (alive(r.pid, r.start_time) && syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) == 0) {
                done = 0;
            }
            close(pidfd);
        }
    }
    free_record(&r);
    close(lockfd); /* releases the lock */
    return done;
}

/* ---- delete --------------------------------------------------------------------------------- */

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* Removes ROOT/ID: every file in it, state.json and the lock last, then the directory. */
static int remove_state_dir(const char *root, const char *id) {
    char *dir = container_file(root, id, "");
    DIR *d = dir != NULL ? opendir(dir) : NULL;
    if (d == NULL) {
        free(dir);
        return -1;
    }
    int failed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "state.json") == 0 || strcmp(n, ".lock") == 0) {
            continue;
        }
        failed |= unlinkat(dirfd(d), n, 0) != 0 && errno != ENOENT;
    }
    closedir(d);
    if (!failed) {
        /* state.json first: from here on the container does not exist for anyone */
        char *state = container_file(root, id, "state.json");
        char *lock = container_file(root, id, ".lock");
        failed = state == NULL || lock == NULL || (unlink(state) != 0 && errno != ENOENT);
        if (!failed) {
            unlink(lock);
            rmdir(dir);
        }
        free(state);
        free(lock);
    }
    free(dir);
    return failed ? -1 : 0;
}

int fast_delete(const char *root, const char *id, const char *log) {
    if (!plain_id(id) || open_log(log) != 0) {
        return -1;
    }
    int lockfd = lock_container(root, id);
    if (lockfd < 0) {
        return -1; /* no such container (delete --force of one is the JVM's to accept), or no lock */
    }
    struct record r;
    int done = -1;
    /* stopped (its process gone), no hooks to run, no image directory to release, and a cgroup
       of jrun's own making that is a leaf of cgroup2 (Cgroup.destroy has nothing else to do) */
    int plain = read_record(root, id, &r) && !r.cgroup_v1 && r.pid > 0 && r.hooks == 0 && !alive(r.pid, r.start_time);
    for (int i = 0; plain && i < r.annotations; i++) {
        plain = strcmp(r.keys[i], "io.jrun.image.container-dir") != 0; /* io.jrun.api.Annotations.CONTAINER_DIR */
    }
    if (plain && r.cgroup != NULL) {
        /* removed whatever its depth, as Cgroup.destroy does; its processes gone with the init
           (a pid namespace), or EBUSY (processes left: the JVM kills them), or ENOTEMPTY
           (cgroups below it: the JVM removes them) */
        plain = r.cgroup_created_depth <= 1 && plain_path(r.cgroup) && strstr(r.cgroup, "/../") == NULL
                && strstr(r.cgroup, "/./") == NULL;
        struct statfs fs;
        if (plain && statfs(r.cgroup, &fs) == 0) {
            plain = fs.f_type == CGROUP2_SUPER_MAGIC && (rmdir(r.cgroup) == 0 || errno == ENOENT);
        } else if (plain) {
            plain = errno == ENOENT; /* gone already */
        }
    }
    if (plain && remove_state_dir(root, id) == 0) {
        done = 0;
    }
    free_record(&r);
    close(lockfd);
    return done;
}

/* ---- start ---------------------------------------------------------------------------------- */

int fast_start(const char *root, const char *id, const char *log, char **report) {
    *report = NULL;
    if (!plain_id(id) || open_log(log) != 0) {
        return -1;
    }
    int lockfd = lock_container(root, id);
    if (lockfd < 0) {
        return -1;
    }
    struct record r;
    memset(&r, 0, sizeof r);
    int done = -1;
    char *fifo = container_file(root, id, "exec.fifo");
    struct stat st;
    /* created (alive, not frozen, its exec fifo there) and no hooks to run: Start.start */
    int plain = fifo != NULL && read_record(root, id, &r) && r.pid > 0 && r.hooks == 0 && alive(r.pid, r.start_time)
            && record_freezer(&r) == NULL && lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode);
    /* non-blocking, as Start.openFifo: a plain open would wait forever for an init that died */
    int fd = plain ? open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
    if (fd >= 0) {
        char got[64];
        size_t n = 0;
        for (;;) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            if (poll(&p, 1, 100) > 0) {
                ssize_t k = read(fd, got + n, sizeof got - 1 - n);
                if (k > 0) {
                    n += (size_t)k;
                    if (n < sizeof got - 1) {
                        continue;
                    }
                    break; /* more than any report: the JVM's to judge */
                }
                if (k == 0 && n > 0) {
                    break; /* jrun-init's end closed on its exec, or after its failure's record */
                }
                if (k < 0 && errno != EAGAIN && errno != EINTR) {
                    break;
                }
            }
            if (n == 0 && !alive(r.pid, r.start_time)) {
                break; /* nothing read: the JVM finds the init gone and says so */
            }
        }
        close(fd);
        if (n > 0) {
            unlink(fifo);
            if (n == 1 && got[0] == '0') {
                done = 0;
            } else {
                /* a failure after start (the program not found, ...): the JVM reports it, from
                   what was read here (Start, jrun.exec.fifo.report) */
                static const char hex[] = "0123456789abcdef";
                *report = malloc(strlen(id) + 2 * n + 2);
                if (*report != NULL) {
                    char *q = *report + sprintf(*report, "%s:", id);
                    for (size_t i = 0; i < n; i++) {
                        *q++ = hex[(unsigned char)got[i] >> 4];
                        *q++ = hex[(unsigned char)got[i] & 15];
                    }
                    *q = '\0';
                }
            }
        }
    }
    free(fifo);
    free_record(&r);
    close(lockfd);
    return done;
}
