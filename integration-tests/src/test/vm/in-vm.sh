# Sourced by a VM-tier script (image-limits.sh, engines.sh) as its first step: run on the host,
# it boots a VM with a pure cgroup v2 host (scripts/vm/run-in-vm.sh) to run the script
# there with --guest, and exits with the guest's status; in the guest (--guest) it returns.
# Sets HERE (the script's directory), REPO (the repository) and SLOWDOWN (as jrun.it.slowdown:
# the factor the bounds of waits are scaled by; 10 in the guest, whose CPU is emulated), and
# defines within.
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)
if [ "${1:-}" != "--guest" ]; then
    name=$(basename "$0" .sh)
    start=$(date +%s)
    status=0
    "$REPO/scripts/vm/run-in-vm.sh" -s "$REPO" -C "$REPO" -t 1200 -- "$HERE/$(basename "$0")" --guest || status=$?
    echo "$name: VM run took $(( $(date +%s) - start ))s, exit status $status"
    exit $status
fi

export SLOWDOWN=${SLOWDOWN:-10}

# within SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds, for at most SECONDS
# times SLOWDOWN; the status of its last run.
within() {
    _deadline=$(( $(date +%s) + $1 * SLOWDOWN )); shift
    until "$@"; do
        [ "$(date +%s)" -lt "$_deadline" ] || return 1
        sleep 0.1
    done
}
