#!/usr/bin/env bash
# The cgroup v2 tier: the tests that need real cgroup v2 controllers (memory.max, pids.max,
# cpu.max, cpuset, io, OOM events), AppArmor, the image form's limits, and podman and containerd
# over jrun, in ONE boot of a nested VM with a pure cgroup v2 host (../shared/vm/run-in-v2-vm.sh).
# Run after a build (mvn install). As root.
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
# One boot: the cgroup tests and real containers with limits (CgroupV2IT), then the image
# form's limits and podman and containerd over jrun (integration-tests/src/test/vm/image-limits.sh
# and engines.sh, run by the same guest).
V2VM=$vm/run-in-v2-vm.sh exec "$repo/runtime-core/src/test/vm/cgroups-v2.sh"
