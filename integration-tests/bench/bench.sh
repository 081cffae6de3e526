#!/usr/bin/env bash
# jrun next to runc in one run: wall and CPU time of run, create+start+delete, state, exec and
# kill (interleaved, after warm-ups), memory (PSS) of a created container's init and of the
# runtime during a foreground run, and parallel lifecycles. Prints details, then a Markdown
# table with the machine, its load average before and after, and the jrun/runc ratios.
# The harness is bench.py (python3, standard library); this script only gets it a fair place.
#
# usage: bench/bench.sh [--runs N] [--warmup N] [--parallel N] [--jobs N] [--runtimes "jrun runc"]
#                       [--skip latency,memory,parallel] ...   (all options: --help)
#   JRUN  the jrun launcher (default: bin/jrun of this repository)
#   RUNC  runc (default: runc on PATH)
# Needs root, python3, busybox-static (for the rootfs).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "$0: $*" >&2; exit 1; }
python=$(command -v python3) || die "python3 not found"
case " $* " in
    *" -h "* | *" --help "*) exec "$python" "$here/bench.py" --help ;;
esac
[[ $(id -u) == 0 ]] || die "needs root (containers)"

# On a host whose cgroup v1 memory hierarchy belongs to the machine (this project's VMs: it
# holds process_api), runc would make its containers' memory cgroups inside it. So the whole
# benchmark runs in a private mount namespace where that hierarchy is unmounted: runc never sees
# it, and no command pays for a wrapper. jrun uses cgroup2 only and is not affected; both
# runtimes run in the same namespace. The unmount cannot reach the host (private propagation).
memory_v1=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
if [[ -n $memory_v1 ]]; then
    [[ -z ${JRUN_BENCH_PRIVATE_NS:-} ]] || die "$memory_v1 still mounted in the private namespace"
    export JRUN_BENCH_PRIVATE_NS=1
    # umount makes libmount's /run/mount: bench.py removes it again if it was not there before
    [[ -e /run/mount ]] || export JRUN_BENCH_REMOVE_LIBMOUNT_DIR=1
    exec unshare --mount --propagation private -- \
        bash -c 'umount -l "$1" && shift && exec "$@"' bash "$memory_v1" bash "$0" "$@"
fi
exec "$python" "$here/bench.py" "$@"
