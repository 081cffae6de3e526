#!/usr/bin/env python3
"""jrun next to runc: latency, CPU, memory and parallel lifecycles, in one run.

Started by bench.sh (root, in a private mount namespace without the v1 memory hierarchy: see
there). Standard library only. What it measures, for each runtime:

  latency   wall and CPU time of `run` /bin/true, `create`+`start`+`delete` /bin/true (the sum of
            the three commands), `state` of a created container, `exec` /bin/true into a running
            one and `kill ID USR1` of one whose program ignores USR1. Warm-ups first, then the
            runtimes interleaved: jrun, runc, jrun, runc, ...
            CPU is user+sys from wait4() of the command: the command and every descendant it
            waited for. This harness is a child subreaper (as containerd's shim is), so a created
            container's init, orphaned when `create` exits, is reaped here; its CPU (the
            runtime's set-up in it before the execve, and /bin/true) is added to the lifecycle,
            as it is part of `run`'s own process tree.
  memory    PSS (/proc/PID/smaps_rollup) of a created container's init, of ten created
            containers' inits together (PSS splits shared pages between them), and of the
            runtime's processes while a foreground `run` of `sleep 4` runs, 2 s in (the container's own
            processes not counted).
  parallel  PARALLEL lifecycles, JOBS at a time: wall time, commands that failed, and what is
            left afterwards (state directories under --root, cgroups named after the ids in
            cgroup2 and the v1 hierarchies but memory, processes).
Nothing is left behind: every container is force-deleted on error or interrupt, the --root
directories under /run and the work directory under /tmp are removed.
"""
import argparse
import ctypes
import json
import os
import platform
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
MAKE_ROOTFS = os.path.join(REPO, "integration-tests", "src", "test", "resources", "make-busybox-rootfs.sh")
RUNTIMES = ("jrun", "runc")
CGROUP_ROOT = "/sys/fs/cgroup"
SIGUSR1_BIT = 1 << (signal.SIGUSR1 - 1)
PR_SET_CHILD_SUBREAPER = 36


class Interrupted(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def cpu_of(ru):
    return ru.ru_utime + ru.ru_stime


class Result:
    """One command: exit code (negative: killed by that signal), wall and CPU seconds."""

    def __init__(self, argv, rc, wall, cpu, err):
        self.argv, self.rc, self.wall, self.cpu, self.err = argv, rc, wall, cpu, err

    def ok(self):
        return self.rc == 0

    def describe(self):
        what = f"exit {self.rc}" if self.rc >= 0 else f"signal {-self.rc}"
        return f"{' '.join(self.argv[3:])}: {what}: {self.err.strip()[-400:]}"


class Harness:
    def __init__(self, args):
        self.args = args
        self.binary = {"jrun": args.jrun, "runc": args.runc}
        self.token = f"jb{os.getpid()}"
        self.work = tempfile.mkdtemp(prefix="jrun-bench.", dir="/tmp")
        self.state = tempfile.mkdtemp(prefix="jrun-bench.", dir="/run")
        self.root = {rt: os.path.join(self.state, rt) for rt in RUNTIMES}
        for d in self.root.values():
            os.mkdir(d, 0o700)
        self.lock = threading.Lock()
        self.inflight = set()          # pids of commands being waited for
        self.live = {rt: set() for rt in RUNTIMES}  # ids that may exist
        self.inits = []                # (pid, starttime) of every container init seen
        self.counter = 0
        self.stopping = threading.Event()

    # ---- processes ----------------------------------------------------------------------------

    def spawn(self, argv, err_path, stdout="/dev/null"):
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
            (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        ]
        # its own process group: Ctrl-C reaches the harness only, which then lets the command end
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions, setpgroup=0)
        with self.lock:
            self.inflight.add(pid)
        return pid

    def wait(self, pid, timeout):
        """Wait for child pid (killing it after timeout s); returns (exit code, rusage).
        Interrupted, pid stays in inflight, for the clean-up to wait for."""
        fd = os.pidfd_open(pid)
        try:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            if not poller.poll(timeout * 1000):
                log(f"pid {pid} still running after {timeout} s: killed")
                os.kill(pid, signal.SIGKILL)
        finally:
            os.close(fd)
        _, status, ru = os.wait4(pid, 0)
        with self.lock:
            self.inflight.discard(pid)
        return os.waitstatus_to_exitcode(status), ru

    def command(self, rt, args, err_path, stdout="/dev/null"):
        argv = [self.binary[rt], "--root", self.root[rt]] + args
        t0 = time.perf_counter()
        pid = self.spawn(argv, err_path, stdout)
        rc, ru = self.wait(pid, self.args.timeout)
        wall = time.perf_counter() - t0
        err = ""
        if rc != 0:
            with open(err_path, errors="replace") as f:
                err = f.read()
        return Result(argv, rc, wall, cpu_of(ru), err)

    def wait_init_gone(self, pid):
        """Wait until a container's init has exited (gone, or a zombie); reap it if it is ours
        (it is when its runtime command has exited: we are a subreaper). Returns its CPU seconds."""
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            return 0.0
        try:
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            if not poller.poll(self.args.timeout * 1000):
                raise RuntimeError(f"container init {pid} still running after {self.args.timeout} s")
        finally:
            os.close(fd)
        try:
            _, _, ru = os.wait4(pid, 0)
            return cpu_of(ru)
        except ChildProcessError:
            return 0.0

    def reap_strays(self):
        """Reap exited orphans (we are a subreaper); their CPU seconds. Only between commands."""
        cpu = 0.0
        while True:
            with self.lock:
                try:
                    pid, _, ru = os.wait4(-1, os.WNOHANG)
                except ChildProcessError:
                    return cpu
            if pid == 0:
                return cpu
            cpu += cpu_of(ru)

    # ---- containers ---------------------------------------------------------------------------

    def new_id(self, rt, kind):
        with self.lock:
            self.counter += 1
            n = self.counter
        cid = f"{self.token}-{rt}-{kind}-{n:05d}"
        with self.lock:
            self.live[rt].add(cid)
        return cid

    def forget(self, rt, cid):
        with self.lock:
            self.live[rt].discard(cid)

    def force_delete(self, rt, cid):
        r = self.command(rt, ["delete", "--force", cid], os.path.join(self.work, f"err-{cid}-cleanup"))
        if r.ok():
            self.forget(rt, cid)
        else:
            log(f"cleanup: {r.describe()}")
        return r

    def note_init(self, pid):
        with self.lock:
            self.inits.append((pid, starttime(pid)))

    def create(self, rt, bundle, kind, start=False):
        """A container for a row or a memory figure, outside any measurement: (id, init pid)."""
        cid = self.new_id(rt, kind)
        pid_file = os.path.join(self.work, f"{cid}.pid")
        err = os.path.join(self.work, f"err-{cid}")
        r = self.command(rt, ["create", "--bundle", bundle, "--pid-file", pid_file, cid], err)
        if not r.ok():
            self.force_delete(rt, cid)
            raise RuntimeError(r.describe())
        pid = read_pid(pid_file)
        self.note_init(pid)
        if start:
            r = self.command(rt, ["start", cid], err)
            if not r.ok():
                self.force_delete(rt, cid)
                raise RuntimeError(r.describe())
        return cid, pid

    def lifecycle(self, rt, err):
        """create + start + (the init exits) + delete of /bin/true: [Result], init CPU seconds."""
        cid = self.new_id(rt, "cycle")
        pid_file = os.path.join(self.work, f"{cid}.pid")
        results = [self.command(rt, ["create", "--bundle", self.bundle["true"], "--pid-file", pid_file, cid], err)]
        init_cpu = 0.0
        if results[-1].ok():
            try:
                pid = read_pid(pid_file)
                self.note_init(pid)
                results.append(self.command(rt, ["start", cid], err))
                if results[-1].ok():
                    init_cpu = self.wait_init_gone(pid)
                    results.append(self.command(rt, ["delete", cid], err))
            except (OSError, ValueError, RuntimeError) as e:
                results.append(Result([self.binary[rt], "--root", self.root[rt], "lifecycle", cid], 1, 0, 0, str(e)))
        if results[-1].ok():
            self.forget(rt, cid)
        else:
            self.force_delete(rt, cid)
        try:
            os.unlink(pid_file)
        except FileNotFoundError:
            pass
        return results, init_cpu

    # ---- set-up -------------------------------------------------------------------------------

    def make_bundles(self):
        rootfs = os.path.join(self.work, "rootfs")
        subprocess.run(["bash", MAKE_ROOTFS, rootfs], check=True)
        spec_dir = os.path.join(self.work, "spec")
        os.mkdir(spec_dir)
        subprocess.run([self.binary["jrun"], "spec", "--bundle", spec_dir], check=True)
        with open(os.path.join(spec_dir, "config.json")) as f:
            spec = json.load(f)
        programs = {
            "true": ["/bin/true"],
            "sleep": ["sleep", "1000000"],
            "sleep4": ["sleep", "4"],
            "ignore-usr1": ["sh", "-c", 'trap "" USR1; while :; do sleep 1000; done'],
        }
        self.bundle = {}
        for name, argv in programs.items():
            bundle = os.path.join(self.work, f"bundle-{name}")
            os.mkdir(bundle)
            spec["process"]["terminal"] = False
            spec["process"]["args"] = argv
            spec["root"]["path"] = rootfs
            with open(os.path.join(bundle, "config.json"), "w") as f:
                json.dump(spec, f, indent=2)
            self.bundle[name] = bundle

    # ---- latency ------------------------------------------------------------------------------

    def latency_row(self, name, sample, runtimes):
        """sample(rt) -> (wall, cpu) or a failure message. Warm-ups, then interleaved runs."""
        walls = {rt: [] for rt in runtimes}
        cpus = {rt: [] for rt in runtimes}
        failures = {rt: [] for rt in runtimes}
        total = self.args.warmup + self.args.runs
        for i in range(total):
            for rt in runtimes:
                if self.stopping.is_set():
                    raise Interrupted()
                got = sample(rt)
                stray = self.reap_strays()
                if self.args.verbose:
                    log(f"    {rt}: {got if isinstance(got, str) else f'wall {got[0]:.4f} s, cpu {got[1]:.4f} s'}"
                        f"{f', orphans reaped: cpu {stray:.4f} s' if stray else ''}")
                if isinstance(got, str):
                    failures[rt].append(got)
                elif i >= self.args.warmup:
                    walls[rt].append(got[0])
                    cpus[rt].append(got[1] + stray)
            log(f"  {name}: {'warm-up' if i < self.args.warmup else 'run'} {i + 1}/{total}")
        for rt in runtimes:
            for msg in failures[rt][:3]:
                log(f"  {name} {rt} failed: {msg}")
        return {"name": name, "wall": walls, "cpu": cpus, "failures": {rt: len(failures[rt]) for rt in runtimes}}

    def latency(self):
        rows = []
        err = os.path.join(self.work, "err")
        rts = self.runtimes

        def one(rt, args):
            r = self.command(rt, args, err)
            return (r.wall, r.cpu) if r.ok() else r.describe()

        def run_true(rt):
            cid = self.new_id(rt, "run")
            r = self.command(rt, ["run", "--bundle", self.bundle["true"], cid], err)
            if not r.ok():
                self.force_delete(rt, cid)
                return r.describe()
            self.forget(rt, cid)
            return r.wall, r.cpu

        def cycle(rt):
            results, init_cpu = self.lifecycle(rt, err)
            if self.args.verbose:
                log(f"    {rt}: the init's cpu {init_cpu:.4f} s")
            bad = [r for r in results if not r.ok()]
            if bad or len(results) != 3:
                return bad[0].describe() if bad else "incomplete"
            return sum(r.wall for r in results), sum(r.cpu for r in results) + init_cpu

        log("latency: run /bin/true")
        rows.append(self.latency_row("`run` /bin/true", run_true, rts))
        log("latency: create + start + delete /bin/true")
        rows.append(self.latency_row("`create` + `start` + `delete` /bin/true", cycle, rts))

        for label, bundle, started, args in (
                ("`state` of a created container", "sleep", False, lambda cid: ["state", cid]),
                ("`exec` /bin/true into a running container", "sleep", True, lambda cid: ["exec", cid, "/bin/true"]),
                ("`kill ID USR1` (ignored) of a running container", "ignore-usr1", True, lambda cid: ["kill", cid, "USR1"]),
        ):
            log(f"latency: {label}")
            target = {}
            try:
                for rt in rts:
                    target[rt] = self.create(rt, self.bundle[bundle], "row", start=started)
                    if bundle == "ignore-usr1":
                        wait_ignores_usr1(target[rt][1], self.args.timeout)
                rows.append(self.latency_row(label, lambda rt: one(rt, args(target[rt][0])), rts))
                if bundle == "ignore-usr1":
                    for rt in rts:
                        if not alive(target[rt][1]):
                            raise RuntimeError(f"{rt}: the container's init died of USR1")
            finally:
                for rt, (cid, _) in target.items():
                    self.force_delete(rt, cid)
                self.reap_strays()
        return rows

    # ---- memory -------------------------------------------------------------------------------

    def memory(self):
        out = {}
        for rt in self.runtimes:
            log(f"memory: {rt}: created containers")
            created = []
            try:
                created.append(self.create(rt, self.bundle["true"], "mem"))
                one = sum(pss(p) for p in subtree(created[0][1]))
                for _ in range(self.args.memory_containers - 1):
                    created.append(self.create(rt, self.bundle["true"], "mem"))
                inits = [p for _, pid in created for p in subtree(pid)]
                many = sum(pss(p) for p in inits)
            finally:
                for cid, _ in created:
                    self.force_delete(rt, cid)
                self.reap_strays()
            log(f"memory: {rt}: a foreground run")
            supervising = []
            for _ in range(self.args.memory_samples):
                supervising.append(self.supervisor_pss(rt))
            out[rt] = {"one": one, "many": many, "many_procs": len(inits),
                       "run": statistics.median(v for v, _ in supervising),
                       "run_procs": max(n for _, n in supervising)}
        return out

    def supervisor_pss(self, rt):
        """PSS (kB) of rt's own processes while its foreground `run` of `sleep 4` runs, 2 s in."""
        cid = self.new_id(rt, "fg")
        pid_file = os.path.join(self.work, f"{cid}.pid")
        err = os.path.join(self.work, f"err-{cid}")
        argv = [self.binary[rt], "--root", self.root[rt], "run", "--bundle", self.bundle["sleep4"],
                "--pid-file", pid_file, cid]
        pid = self.spawn(argv, err)
        try:
            deadline = time.monotonic() + self.args.timeout
            init = None
            while time.monotonic() < deadline:
                if init is None and os.path.exists(pid_file):
                    try:
                        init = read_pid(pid_file)
                    except ValueError:
                        pass  # not written yet
                if init is not None and comm(init) == "sleep":
                    break
                if zombie(pid):  # the run ended early
                    break
                time.sleep(0.005)
            else:
                raise RuntimeError(f"{rt} run: the container's sleep did not start")
            if init is None or comm(init) != "sleep":
                raise RuntimeError(f"{rt} run: exited before its container's sleep ran")
            self.note_init(init)
            # settled: the runtime is only waiting now (jrun gives back its files' pages once the
            # program has run 1 s: a foreground container that lives longer is the one whose
            # runtime's memory counts)
            time.sleep(2.0)
            container = set(subtree(init))
            mine = [p for p in subtree(pid) if p not in container]
            kb = sum(pss(p) for p in mine)
        finally:
            rc, _ = self.wait(pid, self.args.timeout)
        if rc != 0:
            with open(err, errors="replace") as f:
                raise RuntimeError(f"{rt} run: exit {rc}: {f.read().strip()[-400:]}")
        self.forget(rt, cid)
        self.reap_strays()
        return kb, len(mine)

    # ---- parallel -----------------------------------------------------------------------------

    def parallel(self):
        out = {}
        for rt in self.runtimes:
            log(f"parallel: {rt}: {self.args.parallel} lifecycles, {self.args.jobs} at a time")
            failed = []
            done = [0]

            def job(_):
                if self.stopping.is_set():
                    return
                results, _ = self.lifecycle(rt, os.path.join(self.work, f"err-par-{threading.get_ident()}"))
                with self.lock:
                    failed.extend(r.describe() for r in results if not r.ok())
                    done[0] += 1

            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=self.args.jobs) as pool:
                futures = [pool.submit(job, i) for i in range(self.args.parallel)]
                try:
                    for f in futures:
                        while True:
                            try:
                                f.result(timeout=0.5)
                                break
                            except TimeoutError:
                                continue
                except BaseException:
                    self.stopping.set()
                    raise
            wall = time.perf_counter() - t0
            self.reap_strays()
            for msg in failed[:3]:
                log(f"  parallel {rt} failed: {msg}")
            out[rt] = {"wall": wall, "failures": len(failed), "done": done[0], "left": self.leftovers(rt)}
        return out

    def leftovers(self, rt):
        """What is left of rt's containers: state dirs, cgroups, processes (a list of strings)."""
        left = [f"state dir {e}" for e in sorted(os.listdir(self.root[rt]))]
        left += [f"cgroup {p}" for p in self.cgroups(f"{self.token}-{rt}-")]
        left += [f"process {p} ({comm(p)})" for p in self.descendants()]
        with self.lock:
            inits = list(self.inits)
        left += [f"init {p} ({comm(p)})" for p, st in inits if st is not None and alive(p) and starttime(p) == st]
        return sorted(set(left))

    def cgroups(self, prefix):
        found = []
        for entry in sorted(os.listdir(CGROUP_ROOT)):
            top = os.path.join(CGROUP_ROOT, entry)
            if entry == "memory" or os.path.islink(top) or not os.path.ismount(top):
                continue  # the memory hierarchy belongs to the machine (and is unmounted here)
            for d, subdirs, _ in os.walk(top):
                found += [os.path.join(d, s) for s in subdirs if prefix in s]
        return found

    def descendants(self):
        me = os.getpid()
        return [p for p in subtree(me) if p != me and not zombie(p)]

    # ---- clean-up -----------------------------------------------------------------------------

    def cleanup(self):
        self.stopping.set()
        deadline = time.monotonic() + self.args.timeout
        while True:  # let a command under way end (killing a runtime mid-way leaves more behind)
            with self.lock:
                pending = list(self.inflight)
            if not pending:
                break
            if time.monotonic() > deadline:
                for pid in pending:
                    log(f"cleanup: killing command {pid}")
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                deadline = float("inf")
            for pid in pending:
                try:
                    if os.wait4(pid, os.WNOHANG)[0] == pid:
                        with self.lock:
                            self.inflight.discard(pid)
                except ChildProcessError:
                    with self.lock:
                        self.inflight.discard(pid)
            time.sleep(0.05)
        for rt in RUNTIMES:
            if not self.binary.get(rt):
                continue
            ids = set(self.live[rt])
            if os.path.isdir(self.root[rt]):
                ids |= {e for e in os.listdir(self.root[rt]) if e.startswith(self.token)}
            for cid in sorted(ids):
                self.force_delete(rt, cid)
        self.reap_strays()
        for pid in self.descendants():
            log(f"cleanup: process {pid} ({comm(pid)}) left: killed")
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)
        self.reap_strays()
        for d in self.cgroups(self.token):
            log(f"cleanup: removing cgroup {d}")
            try:
                os.rmdir(d)
            except OSError as e:
                log(f"cleanup: {d}: {e}")
        with open("/proc/self/mountinfo") as f:
            mounts = f.read()
        for d in (self.work, self.state):
            if d in mounts:
                log(f"cleanup: mounts left under {d}: not removing it")
            else:
                shutil.rmtree(d, ignore_errors=True)
        if os.environ.get("JRUN_BENCH_REMOVE_LIBMOUNT_DIR"):
            try:
                os.rmdir("/run/mount")  # made by umount in bench.sh; only if still empty
            except OSError:
                pass


# ---- /proc -------------------------------------------------------------------------------------

def read_pid(path):
    with open(path) as f:
        return int(f.read().strip())


def stat_fields(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return s[s.rindex(")") + 2:].split()  # fields from the state (field 3) on


def starttime(pid):
    f = stat_fields(pid)
    return int(f[19]) if f else None


def zombie(pid):
    f = stat_fields(pid)
    return f is None or f[0] in ("Z", "X")


def alive(pid):
    return not zombie(pid)


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except (FileNotFoundError, ProcessLookupError):
        return "gone"


def subtree(root):
    """root and its descendants (pids)."""
    children = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            f = stat_fields(e)
            if f:
                children.setdefault(int(f[1]), []).append(int(e))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss(pid):
    """Proportional set size in kB (0 for a process that is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def wait_ignores_usr1(pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("SigIgn:") and int(line.split()[1], 16) & SIGUSR1_BIT:
                        return
        except FileNotFoundError:
            raise RuntimeError(f"container init {pid} is gone")
        time.sleep(0.01)
    raise RuntimeError(f"container init {pid} does not ignore USR1 after {timeout} s")


# ---- report ------------------------------------------------------------------------------------

def machine(args):
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break

    def first_line(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=120).stdout.splitlines()[0].strip()
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"

    commit = first_line(["git", "-C", REPO, "rev-parse", "--short=10", "HEAD"])
    # the benchmark's own files do not change what is measured
    if subprocess.run(["git", "-C", REPO, "diff", "--quiet", "HEAD", "--", ".", ":!integration-tests/bench"],
                      capture_output=True).returncode == 1:
        commit += " (with uncommitted changes)"
    runc = first_line([args.runc, "--version"]) if args.runc else "-"
    return {"nproc": os.cpu_count(), "model": model, "kernel": platform.release(), "commit": commit,
            "runc": runc.replace("runc version ", "")}


class LoadSampler(threading.Thread):
    """The 1-minute load average every 5 s while the benchmark runs (its own load included)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = [os.getloadavg()[0]]
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(5):
            self.samples.append(os.getloadavg()[0])


def quartiles(xs):
    if len(xs) < 2:
        return xs[0], xs[0]
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[2]


def fmt_ms(s):
    ms = s * 1000
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}"


def fmt_ratio(a, b):
    if not a or not b:
        return "n/a"
    r = a / b
    return f"{r:.0f}" if r >= 100 else f"{r:.1f}" if r >= 10 else f"{r:.2f}"


def fmt_mib(kb):
    return f"{kb / 1024:.1f} MiB"


def report(args, info, load_before, load_after, load_max, rows, mem, par, runtimes, elapsed):
    both = len(runtimes) == 2
    print()
    print("## Details (ms: min / q1 / median / q3 / max; failures)")
    for row in rows:
        for kind in ("wall", "cpu"):
            for rt in runtimes:
                xs = row[kind][rt]
                if xs:
                    q1, q3 = quartiles(xs)
                    stats = " / ".join(fmt_ms(v) for v in (min(xs), q1, statistics.median(xs), q3, max(xs)))
                else:
                    stats = "no successful run"
                print(f"{row['name']}, {kind}, {rt}: {stats}; {row['failures'][rt]} failed")
    print()
    print("## Result (Markdown)")
    print()
    la = lambda l: " / ".join(f"{v:.2f}" for v in l)
    print(f"{info['nproc']} × {info['model']}, Linux {info['kernel']}; load average (1/5/15 min) "
          f"{la(load_before)} before, {la(load_after)} after (1 min at most {load_max:.1f} during, this benchmark "
          f"included); jrun {info['commit']}, runc {info['runc']}; {args.runs} runs each, interleaved, after "
          f"{args.warmup} warm-up{'' if args.warmup == 1 else 's'}; {elapsed / 60:.0f} min in all.")
    if load_before[0] > info["nproc"] / 2:
        print(f"The machine was busy with other work when the benchmark started (load {load_before[0]:.1f} on "
              f"{info['nproc']} CPUs): times are longer and spread wider than on an idle machine.")
    print()
    header = "| | " + " | ".join(runtimes) + (" | jrun/runc |" if both else " |")
    print(header)
    print("|---|" + "---:|" * (len(runtimes) + (1 if both else 0)))

    def line(label, cells, ratio=None):
        print(f"| {label} | " + " | ".join(cells) + (f" | {ratio} |" if both else " |"))

    for row in rows:
        for kind, title in (("wall", "wall"), ("cpu", "CPU")):
            cells, med = [], {}
            for rt in runtimes:
                xs = row[kind][rt]
                if not xs:
                    cells.append("failed")
                    continue
                med[rt] = statistics.median(xs)
                q1, q3 = quartiles(xs)
                fails = row["failures"][rt]
                cells.append(f"{fmt_ms(med[rt])} ({fmt_ms(q1)}–{fmt_ms(q3)})" + (f", {fails} failed" if fails else ""))
            line(f"{row['name']}: {title} ms", cells, fmt_ratio(med.get("jrun"), med.get("runc")))
    if mem:
        n = args.memory_containers
        for key, label in (("one", "PSS of a created container's init"),
                           ("many", f"PSS of {n} created containers' inits, total"),
                           ("run", "PSS of the runtime during a foreground `run` (its processes)")):
            extra = lambda rt: (f" ({mem[rt]['run_procs']} processes)" if key == "run" and mem[rt]["run_procs"] != 1 else "")
            line(label, [fmt_mib(mem[rt][key]) + extra(rt) for rt in runtimes],
                 fmt_ratio(mem.get("jrun", {}).get(key), mem.get("runc", {}).get(key)))
    if par:
        line(f"{args.parallel} × `create`+`start`+`delete`, {args.jobs} at a time: wall s",
             [f"{par[rt]['wall']:.1f}" for rt in runtimes],
             fmt_ratio(par.get("jrun", {}).get("wall"), par.get("runc", {}).get("wall")))
        line("… failed commands; left behind",
             [f"{par[rt]['failures']}; " + ("nothing" if not par[rt]["left"] else f"{len(par[rt]['left'])} things")
              for rt in runtimes], "")
    print()
    print(f"ms: median (interquartile range) of {args.runs}. CPU: user+sys of the command's process tree "
          f"(create+start+delete: the three commands and the container's init).")
    for rt in runtimes:
        if par and par[rt]["left"]:
            print(f"\n{rt} left behind: " + ", ".join(par[rt]["left"]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=20, help="measured runs per row and runtime (20)")
    p.add_argument("--warmup", type=int, default=3, help="warm-up runs per row and runtime (3)")
    p.add_argument("--parallel", type=int, default=40, help="lifecycles in the parallel part (40)")
    p.add_argument("--jobs", type=int, default=8, help="... run this many at a time (8)")
    p.add_argument("--memory-containers", type=int, default=10, help="created containers measured together (10)")
    p.add_argument("--memory-samples", type=int, default=3, help="foreground runs measured, median (3)")
    p.add_argument("--timeout", type=int, default=120, help="seconds any one command may take (120)")
    p.add_argument("--runtimes", default="jrun runc", help='"jrun runc" (default), "jrun" or "runc"')
    p.add_argument("--skip", default="", help="parts to leave out: latency,memory,parallel")
    p.add_argument("--verbose", action="store_true", help="every sample on stderr")
    p.add_argument("--jrun", default=os.environ.get("JRUN", os.path.join(REPO, "bin", "jrun")))
    p.add_argument("--runc", default=os.environ.get("RUNC", shutil.which("runc") or ""))
    args = p.parse_args()
    if args.runs < 1 or args.warmup < 0 or args.parallel < 1 or args.jobs < 1 or args.memory_containers < 1:
        p.error("counts must be positive")
    runtimes = [rt for rt in args.runtimes.split() if rt]
    if not runtimes or any(rt not in RUNTIMES for rt in runtimes):
        p.error("--runtimes takes jrun and/or runc")
    for rt in runtimes:
        b = args.jrun if rt == "jrun" else args.runc
        if not b or not os.access(b, os.X_OK):
            p.error(f"{rt} not found at '{b}' (--{rt} PATH or {rt.upper()}=PATH)")
    if not os.access(args.jrun, os.X_OK):
        p.error(f"jrun not found at '{args.jrun}': it writes the bundles' config (jrun spec); build it first")
    args.jrun = os.path.abspath(args.jrun)
    args.runc = os.path.abspath(args.runc) if args.runc else ""
    if os.geteuid() != 0:
        p.error("needs root")
    skip = set(s for s in args.skip.split(",") if s)

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(ctypes.get_errno())}")

    def on_signal(signum, _):
        raise Interrupted(signal.Signals(signum).name)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    h = Harness(args)
    h.runtimes = runtimes
    status = 0
    try:
        started = time.monotonic()
        info = machine(args)
        load_before = os.getloadavg()
        log(f"load average before: {load_before}")
        sampler = LoadSampler()
        sampler.start()
        h.make_bundles()
        rows = h.latency() if "latency" not in skip else []
        mem = h.memory() if "memory" not in skip else {}
        par = h.parallel() if "parallel" not in skip else {}
        load_after = os.getloadavg()
        sampler.done.set()
        report(args, info, load_before, load_after, max(sampler.samples), rows, mem, par, runtimes,
               time.monotonic() - started)
        if par and any(par[rt]["left"] or par[rt]["failures"] for rt in runtimes):
            status = 1
    except (KeyboardInterrupt, Interrupted) as e:
        log(f"interrupted ({str(e) or 'SIGINT'}): cleaning up")
        status = 130
    except Exception as e:
        log(f"failed: {e}: cleaning up")
        status = 1
        if os.environ.get("JRUN_BENCH_DEBUG"):
            raise
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        h.cleanup()
    sys.exit(status)


if __name__ == "__main__":
    main()
