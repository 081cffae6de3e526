#!/bin/bash
# Engines over jrun, in the nested cgroup v2 VM: podman (with conmon) and containerd (ctr, with
# containerd-shim-runc-v2) run containers with jrun as their OCI runtime, exactly as they run
# them with runc. Every check runs under runc (Debian's, the reference) and under jrun; the two
# transcripts (exit statuses and outputs) must be the same, and jrun's must hold what each check
# expects, so that a check both runtimes fail the same way still fails.
#
# In the VM because the engines need a real cgroup v2 host: on the build machines' hybrid
# layout they would put their processes into the v1 hierarchies, which belong to the machine.
#
# usage: run by runtime-core/src/test/vm/cgroups-v2.sh in its guest (one boot for the tier), or
#   on the host: integration-tests/src/test/vm/engines.sh      (boots the VM itself)
# needs: podman, conmon, containerd (scripts/setup.sh installs them), a build (mvn install).
set -u
. "$(dirname "$0")/in-vm.sh"

# --- in the guest -------------------------------------------------------------------------------
for tool in podman conmon containerd ctr containerd-shim-runc-v2 runc; do
    command -v $tool >/dev/null || { echo "guest: engines: FAILED: $tool is not installed (scripts/setup.sh)"; exit 1; }
done
JRUN=$REPO/bin/jrun
work=/tmp/jrun-engines
rm -rf "$work" && mkdir -p "$work"
# conmon writes an "oom" file into its working directory when a container is OOM-killed: not
# into the repository
cd "$work"
bash "$REPO/scripts/make-busybox-image.sh" "$work/busybox" >/dev/null
tar -C "$work/busybox" -cf "$work/busybox.tar" .

# podman: its own storage in the guest's memory (vfs: the guest's / is already an overlay),
# cgroupfs (no systemd in the guest), events to a file.
mkdir -p /etc/containers
cat > /etc/containers/storage.conf <<EOF
[storage]
driver = "vfs"
runroot = "/run/containers/storage"
graphroot = "/tmp/jrun-engines/storage"
EOF
podman --cgroup-manager cgroupfs --events-backend file load -q -i "$work/busybox.tar" >/dev/null
podman tag "$(podman images -q | head -1)" jrun-busybox

# containerd: a daemon of the guest's own
containerd --root "$work/containerd" --state /run/jrun-engines-containerd --address /run/jrun-engines.sock \
    >"$work/containerd.log" 2>&1 &
containerd_pid=$!
within 60 test -S /run/jrun-engines.sock || { echo "guest: engines: FAILED: containerd did not start"; tail "$work/containerd.log"; }
CTR="ctr --address /run/jrun-engines.sock"
$CTR image import --base-name jrun-busybox "$work/busybox.tar" >/dev/null
image=$($CTR image ls -q | head -1)

# One line per check: its name, the exit status, the output with newlines as |.
check() {
    local name=$1; shift
    local out rc
    out=$("$@" 2>"$work/stderr"); rc=$?
    # a terminal's lines end in \r\n
    printf '%s: rc=%s %s\n' "$name" "$rc" "$(printf '%s' "$out" | tr -d '\r' | tr '\n' '|')"
    if [ $rc != 0 ] && [ -s "$work/stderr" ]; then sed 's/^/    stderr: /' "$work/stderr" | tail -3 >&2; fi
}

podman_checks() {
    local P="podman --runtime $1 --cgroup-manager cgroupfs --events-backend file"
    # a container's own view: its pid 1, podman's limits, AppArmor profile, capabilities, seccomp
    check run $P run --rm --network none --memory 64m --pids-limit 33 jrun-busybox sh -c '
        echo "pid $$"
        cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max
        sed "s/-[0-9.]* / /" /proc/self/attr/current
        grep -E "^(CapEff|NoNewPrivs|Seccomp)" /proc/self/status
        exit 3'
    check terminal $P run --rm -t --network none jrun-busybox tty
    check detach sh -c "$P run -d --name engines-c1 --network none jrun-busybox sleep 1000000 >/dev/null"
    check exec $P exec engines-c1 sh -c 'cat /proc/1/cmdline | tr "\0" " "; exit 5'
    check exec-terminal $P exec -t engines-c1 tty
    check top $P top engines-c1 pid args
    check pause $P pause engines-c1
    check paused $P inspect -f '{{.State.Status}}' engines-c1
    check unpause $P unpause engines-c1
    check running $P inspect -f '{{.State.Status}}' engines-c1
    check stop $P stop -t 1 engines-c1
    check stopped $P inspect -f '{{.State.Status}} {{.State.ExitCode}}' engines-c1
    check rm $P rm engines-c1
    check oom $P run --rm --network none --memory 32m jrun-busybox \
        sh -c 'x=$(head -c 200000000 /dev/zero | tr "\0" a); echo survived'
    check left $P ps -aq
}

ctr_checks() {
    local R="--runc-binary $1"
    check run $CTR run --rm $R "$image" engines-t1 sh -c 'echo "pid $$"; exit 7'
    check detach $CTR run -d $R "$image" engines-t2 sleep 1000000
    check exec $CTR task exec --exec-id e1 engines-t2 sh -c 'echo exec-ok; exit 4'
    check ps sh -c "$CTR task ps engines-t2 | tail -n +2 | wc -l"
    check pause $CTR task pause engines-t2
    check paused sh -c "$CTR task ls | awk '\$1 == \"engines-t2\" { print \$3 }'"
    check resume $CTR task resume engines-t2
    check metrics sh -c "$CTR task metrics engines-t2 | awk '\$1 == \"pids.current\" { print \$2 }'"
    check kill $CTR task kill -s SIGKILL engines-t2
    # STOPPED once the shim has seen the task exit: until then, or for 60 s times SLOWDOWN
    check stopped sh -c "d=\$(( \$(date +%s) + 60 * SLOWDOWN )); while s=\$($CTR task ls | awk '\$1 == \"engines-t2\" { print \$3 }'); [ \"\$s\" != STOPPED ] && [ \$(date +%s) -lt \$d ]; do sleep 0.1; done; echo \$s"
    check task-rm $CTR task rm engines-t2
    check container-rm $CTR container rm engines-t2
    check left sh -c "$CTR task ls -q; $CTR container ls -q"
}

status=0
for runtime in /usr/sbin/runc "$JRUN"; do
    name=$(basename "$runtime")
    echo "guest: engines: podman with $name ($(date +%T))"
    podman_checks "$runtime" > "$work/podman-$name"
    echo "guest: engines: containerd with $name ($(date +%T))"
    ctr_checks "$runtime" > "$work/ctr-$name"
done
kill $containerd_pid 2>/dev/null
wait $containerd_pid 2>/dev/null

for engine in podman ctr; do
    if ! diff -u "$work/$engine-runc" "$work/$engine-jrun" > "$work/$engine.diff"; then
        echo "guest: engines: FAILED: $engine with jrun differs from $engine with runc:"
        cat "$work/$engine.diff"
        status=1
    fi
done

# What each check must show under jrun (a check both runtimes failed alike fails here).
expect() {
    if ! grep -qxF -- "$2" "$work/$1-jrun"; then
        echo "guest: engines: FAILED: $1 with jrun: expected the line: $2"
        status=1
    fi
}
expect podman 'run: rc=3 pid 1|67108864|33|containers-default (enforce)|CapEff:	00000000800405fb|NoNewPrivs:	0|Seccomp:	2|Seccomp_filters:	1'
expect podman 'terminal: rc=0 /dev/pts/0'
expect podman 'exec: rc=5 sleep 1000000 '
expect podman 'exec-terminal: rc=0 /dev/pts/0'
expect podman 'top: rc=0 PID         COMMAND|1           sleep 1000000 '
expect podman 'paused: rc=0 paused'
expect podman 'running: rc=0 running'
expect podman 'stopped: rc=0 exited 137'
expect podman 'oom: rc=137 '
expect podman 'left: rc=0 '
expect ctr 'run: rc=7 pid 1'
expect ctr 'exec: rc=4 exec-ok'
expect ctr 'ps: rc=0 1'
expect ctr 'paused: rc=0 PAUSED'
expect ctr 'metrics: rc=0 1'
expect ctr 'stopped: rc=0 STOPPED'
expect ctr 'left: rc=0 '

# Nothing of the runtimes' may be left: no container state, no cgroup of the containers.
left=$(find /run -maxdepth 4 -name state.json 2>/dev/null)
if [ -n "$left" ]; then
    echo "guest: engines: FAILED: container state left behind:"; echo "$left"
    status=1
fi
left=$(find /sys/fs/cgroup -mindepth 1 -type d \( -name 'libpod-*' -o -name 'engines-*' \) 2>/dev/null)
if [ -n "$left" ]; then
    echo "guest: engines: FAILED: cgroups left behind:"; echo "$left"
    status=1
fi
echo "guest: engines: jrun under podman:"; sed 's/^/    /' "$work/podman-jrun"
echo "guest: engines: jrun under containerd:"; sed 's/^/    /' "$work/ctr-jrun"
echo "guest: engines $( [ $status = 0 ] && echo passed || echo FAILED )"
exit $status
