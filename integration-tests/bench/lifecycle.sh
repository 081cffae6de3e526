#!/usr/bin/env bash
# Latency of jrun next to runc, measured by hyperfine in one run:
#   - `run` of /bin/true (create, start, wait, delete in one command)
#   - `create` + `start` + `delete --force` as three commands, as an engine drives a runtime
# Both runtimes get the same bundle (busybox rootfs, runc's `spec` with args ["/bin/true"]).
# Prints hyperfine's report, then a markdown table of medians and the jrun/runc ratio.
#
# usage: bench/lifecycle.sh [--runtimes "jrun runc"] [--runs N] [--warmup N]
#   JRUN  the jrun launcher (default: bin/jrun of this repository)
#   RUNC  runc (default: runc on PATH)
# Needs root, hyperfine, jq, busybox-static. `--runtimes runc` runs runc alone (no ratio).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
runtimes="jrun runc"
runs=30
warmup=3
while [[ $# -gt 0 ]]; do
    case $1 in
        --runtimes) runtimes=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "$0: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

die() { echo "$0: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "needs root (containers)"
for tool in hyperfine jq; do
    command -v "$tool" >/dev/null || die "$tool not found: apt-get install $tool"
done

declare -A binary=([jrun]=${JRUN:-$repo/bin/jrun} [runc]=${RUNC:-$(command -v runc || true)})
for rt in $runtimes; do
    [[ -n ${binary[$rt]:-} ]] || die "unknown runtime $rt (jrun or runc)"
    [[ -x ${binary[$rt]} ]] || die "$rt not found at '${binary[$rt]}' (set ${rt^^}=path)"
done

# On a host whose cgroup v1 memory hierarchy belongs to the machine (this project's VMs: it
# holds process_api), runc would make its containers' memory cgroups inside it. So the whole
# benchmark runs in a private mount namespace where that hierarchy is unmounted: runc never sees
# it, and no command pays for a wrapper. jrun uses cgroup2 only and is not affected.
memory_v1=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
if [[ -n $memory_v1 && -z ${JRUN_BENCH_PRIVATE_NS:-} ]]; then
    export JRUN_BENCH_PRIVATE_NS=1
    # umount makes libmount's /run/mount: removed again at the end if it was not there before
    [[ -e /run/mount ]] || export JRUN_BENCH_REMOVE_LIBMOUNT_DIR=1
    exec unshare --mount --propagation private -- \
        bash -c 'umount -l "$1" && shift && exec bash "$@"' bash "$memory_v1" "$0" --runtimes "$runtimes" --runs "$runs" --warmup "$warmup"
fi

work=$(mktemp -d /tmp/jrun-bench.XXXXXX)
state=$(mktemp -d /run/jrun-bench.XXXXXX)
cleanup() {
    for rt in $runtimes; do
        for id in bench-run bench-cycle; do
            "${binary[$rt]}" --root "$state/$rt" delete --force "$id" >/dev/null 2>&1 || true
        done
    done
    if grep -qF -e "$work" -e "$state" /proc/self/mountinfo; then
        echo "$0: mounts left under $work or $state: not removing them" >&2
        return
    fi
    rm -rf "$work" "$state"
    [[ -z ${JRUN_BENCH_REMOVE_LIBMOUNT_DIR:-} ]] || rmdir /run/mount 2>/dev/null || true
}
trap cleanup EXIT

bundle=$work/bundle
mkdir -p "$bundle"
bash "$here/../src/test/resources/make-busybox-rootfs.sh" "$bundle/rootfs"
spec_from=runc
[[ -n ${binary[runc]:-} && -x ${binary[runc]} ]] || spec_from=jrun
"${binary[$spec_from]}" spec --bundle "$bundle"
jq '.process.terminal = false | .process.args = ["/bin/true"]' "$bundle/config.json" > "$bundle/config.tmp"
mv "$bundle/config.tmp" "$bundle/config.json"

args=()
for op in run lifecycle; do
    for rt in $runtimes; do
        r="${binary[$rt]} --root $state/$rt"
        mkdir -p "$state/$rt"
        case $op in
            run) cmd="$r run --bundle $bundle bench-run" ;;
            lifecycle) cmd="$r create --bundle $bundle bench-cycle && $r start bench-cycle && $r delete --force bench-cycle" ;;
        esac
        args+=(--command-name "$rt $op" "$cmd")
    done
done

hyperfine --warmup "$warmup" --runs "$runs" --export-json "$work/results.json" "${args[@]}"

echo
echo "| operation | $(for rt in $runtimes; do printf '%s median (ms) | ' "$rt"; done)jrun/runc |"
echo "|---|$(for rt in $runtimes; do printf -- '---:|'; done)---:|"
for op in run lifecycle; do
    label=$op
    [[ $op == lifecycle ]] && label="create + start + delete"
    row="| \`$label\` /bin/true |"
    for rt in $runtimes; do
        median=$(jq -r --arg name "$rt $op" '.results[] | select(.command == $name) | .median * 1000' "$work/results.json")
        row+=" $(printf '%.1f' "$median") |"
        declare "median_$rt=$median"
    done
    if [[ -n ${median_jrun:-} && -n ${median_runc:-} ]]; then
        row+=" $(jq -n --argjson j "$median_jrun" --argjson r "$median_runc" '$j / $r * 100 | round / 100') |"
    else
        row+=" n/a |"
    fi
    echo "$row"
done
