#!/usr/bin/env bash
# The cgroup v2 tier: the tests that need real cgroup v2 controllers (memory.max, pids.max,
# cpu.max, cpuset, io, freezing, cgroup.kill, OOM events), in ONE boot of a nested VM whose
# host has a pure cgroup v2 hierarchy. Run after a build (mvn install). As root.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vm=
for d in "${V2VM_DIR:-}" "$repo/../shared/vm" /work/shared/vm; do
    if [[ -n $d && -x $d/run-in-v2-vm.sh ]]; then vm=$d; break; fi
done
if [[ -z $vm ]]; then
    echo "test-vm: run-in-v2-vm.sh not found (looked in \$V2VM_DIR, $repo/../shared/vm, /work/shared/vm)" >&2
    exit 1
fi
exec "$vm/run-in-v2-vm.sh" -s "$repo" -t 1500 -e JAVA_HOME="${JAVA_HOME:-}" \
    "cd '$repo' && bash runtime-core/src/test/vm/cgroups-v2.sh"
