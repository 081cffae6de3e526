#!/usr/bin/env bash
# Every test of jrun, as root: unit tests, integration tests (real containers on this
# machine), the example project (a user's `mvn test` with jrun's JUnit extension, against what
# this build installed in the local Maven repository), then the cgroup v2 tier in a VM with a
# pure cgroup v2 host. The VM tier is skipped, with the reason, on a machine that cannot boot the
# VM (no qemu, no kernel: scripts/setup.sh installs them on Debian).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The cgroup v1 memory hierarchies this process sees (mountinfo: the mount point is field 5; after
# the "-" separator come the filesystem type, the source and the super options).
v1_memory() {
    awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
           if ($(i + 1) == "cgroup" && ("," $(i + 3) ",") ~ /,memory,/) print $5 }' /proc/self/mountinfo
}

# The tests must never put containers into a host's cgroup v1 memory hierarchy: on a hybrid host
# (v1 controllers beside /sys/fs/cgroup/unified) the host's own services live there, and jrun on
# a hybrid or legacy host puts each container into every v1 hierarchy it sees, as runc does. So
# the whole run goes on in a private mount namespace where that hierarchy is lazily unmounted:
# jrun, runc and the tests never see it, and the unmount never reaches the host (private
# propagation). cgroup v1 memory is tested in the VM's hybrid and v1 layouts instead.
# unshare execs sh in the new namespace, which unmounts there and only there, then runs this
# script again; that run finds no such hierarchy, or refuses to go on.
if [ -n "$(v1_memory)" ]; then
    if [ -n "${JRUN_TEST_GUARDED:-}" ]; then
        echo "test: JRUN_TEST_GUARDED is set, but a cgroup v1 memory hierarchy is mounted at" \
            "$(v1_memory | tr '\n' ' ')here; refusing to run" >&2
        exit 1
    fi
    export JRUN_TEST_GUARDED=1
    exec unshare --mount --propagation private -- \
        sh -c 'for m in $0; do umount -l "$m" || exit 1; done; exec "$@"' "$(v1_memory | sort -r)" \
        bash "$repo/scripts/test.sh" "$@"
fi
export JAVA_HOME=$("$repo/scripts/setup.sh")
cd "$repo"
mvn -B install
mvn -B -f examples/junit5-example/pom.xml test
if lacks=$("$repo/scripts/vm/run-in-vm.sh" -k 2>&1); then
    "$repo/scripts/test-vm.sh"
else
    echo "test: SKIPPED the VM tier (scripts/test-vm.sh: the cgroup v2 limits, AppArmor, podman and containerd over jrun): $lacks" >&2
fi
