#!/bin/sh
# The AOT caches of single commands (dist.sh runs this): DIST/aot/COMMAND.aot, each made by a
# training run of the real command on a real container (JRUN_AOT_OUTPUT with a command line),
# with the distribution's own launcher. The containers they need are made with DIST/bin/jrun
# and its general cache, and removed, whatever happens.
#
# usage: train-commands.sh DIST
set -eu
dist=$1
jrun=$dist/bin/jrun
busybox=/bin/busybox
if [ "$(id -u)" != 0 ] || [ ! -x "$busybox" ] || ! "$busybox" --list >/dev/null 2>&1; then
    echo "train-commands: not root, or no static busybox: every command uses jrun.aot"
    exit 0
fi
work=$(mktemp -d /tmp/jrun-aot-commands.XXXXXX)
root=$work/root
ids=""
cleanup() {
    for id in $ids; do
        "$jrun" --root "$root" delete --force "$id" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$dist/aot" "$work/bundle/rootfs/bin" "$work/bundle/rootfs/proc" "$work/bundle/rootfs/dev" \
    "$work/bundle/rootfs/sys" "$work/bundle/rootfs/tmp"
cp "$busybox" "$work/bundle/rootfs/bin/busybox"
for applet in sh true sleep; do
    ln -s busybox "$work/bundle/rootfs/bin/$applet"
done
"$jrun" spec --bundle "$work/bundle"
# no terminal; the program waits to be killed; a seccomp profile, as engines always give one
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/"sh"$/"sleep", "1000"/' \
    -e 's/"linux": {/"linux": {"seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"], "syscalls": [{"names": ["kexec_load"], "action": "SCMP_ACT_ERRNO"}]},/' \
    "$work/bundle/config.json"
grep -q '"sleep", "1000"' "$work/bundle/config.json" && grep -q '"kexec_load"' "$work/bundle/config.json" \
    || { echo "train-commands: cannot edit the spec's config" >&2; exit 1; }

train() { # COMMAND ARGS...: a cache of COMMAND's own
    cmd=$1
    JRUN_AOT_OUTPUT=$dist/aot/$cmd.aot "$jrun" --root "$root" "$@" </dev/null >/dev/null
}
# ids of this build's own: a container's cgroup is named after its id, and other builds (or
# tests) may run on this machine at the same time
t=jrun-aot-$$
t0=$t-0 t1=$t-1 t2=$t-2
ids="$t1 $t2"
"$jrun" --root "$root" create --bundle "$work/bundle" "$t0" </dev/null && ids="$t0 $ids"
train create --bundle "$work/bundle" "$t1"
train state "$t1"
train start "$t1"
# with a terminal: the terminal's classes are on top of those of a plain exec (stdin is
# /dev/null, so no terminal of the build's is touched)
train exec -t "$t1" true
train kill "$t1" KILL
# delete --force of a running container: the path of a plain delete and more (the process is
# found alive, killed, waited for)
"$jrun" --root "$root" start "$t0"
train delete --force "$t0"
# t1 stopped (KILL is not instant): a minute, for a loaded machine
for _ in $(seq 300); do
    [ "$("$jrun" --root "$root" state "$t1" | grep -c '"stopped"')" = 1 ] && break
    sleep 0.2
done
"$jrun" --root "$root" delete "$t1"
# without a terminal, as engines and scripts run it: the JVM hands its wait over to the launcher
# (io.jrun.core.lifecycle.Handover, all but the exec in a training run) and those classes are
# the ones to have; with a terminal, the JVM relays it and loads the terminal's classes itself
sed -i -e 's/"sleep", "1000"/"true"/' "$work/bundle/config.json"
train run --bundle "$work/bundle" "$t2"
ls "$dist/aot"
