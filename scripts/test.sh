#!/usr/bin/env bash
# Every test of jrun, as root: unit tests, integration tests (real containers on this
# machine), the example project (a user's `mvn test` with jrun's JUnit extension, against what
# this build installed in the local Maven repository), then the cgroup v2 tier in a VM with a
# pure cgroup v2 host. The VM tier is skipped, with the reason, on a machine that cannot boot the
# VM (no qemu, no kernel: scripts/setup.sh installs them on Debian).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=$("$repo/scripts/setup.sh")
cd "$repo"
mvn -B install
mvn -B -f examples/junit5-example/pom.xml test
if lacks=$("$repo/scripts/vm/run-in-vm.sh" -k 2>&1); then
    "$repo/scripts/test-vm.sh"
else
    echo "test: SKIPPED the VM tier (scripts/test-vm.sh: the cgroup v2 limits, AppArmor, podman and containerd over jrun): $lacks" >&2
fi
