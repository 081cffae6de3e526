#!/usr/bin/env bash
# The cgroup v2 tier: the tests that need real cgroup v2 controllers (memory.max, pids.max,
# cpu.max, cpuset, io, OOM events), AppArmor, the image form's limits, and podman and containerd
# over jrun, in ONE boot of a VM with a pure cgroup v2 host (scripts/vm/run-in-vm.sh).
# Run after a build (mvn -DskipTests package). As root.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# what the machine lacks to boot the VM, before the build the tier starts with
"$repo/scripts/vm/run-in-vm.sh" -k
# One boot: the cgroup tests and real containers with limits (CgroupV2IT), then the image
# form's limits and podman and containerd over jrun (integration-tests/src/test/vm/image-limits.sh
# and engines.sh, run by the same guest).
exec "$repo/runtime-core/src/test/vm/cgroups-v2.sh"
