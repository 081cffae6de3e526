#!/usr/bin/env bash
# Every test of jrun, as root: unit tests, integration tests (real containers on this
# machine), then the cgroup v2 tier in a nested VM with a pure cgroup v2 host.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=$("$repo/scripts/setup.sh")
cd "$repo"
mvn -B verify
"$repo/scripts/test-vm.sh"
