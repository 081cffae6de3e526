#!/usr/bin/env bash
# Every test of jrun, as root: unit tests, integration tests (real containers on this
# machine), the example project (a user's `mvn test` with jrun's JUnit extension, against what
# this build installed in the local Maven repository), then the cgroup v2 tier in a nested VM
# with a pure cgroup v2 host.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=$("$repo/scripts/setup.sh")
cd "$repo"
mvn -B install
mvn -B -f examples/junit5-example/pom.xml test
"$repo/scripts/test-vm.sh"
