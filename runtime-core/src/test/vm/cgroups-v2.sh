#!/bin/sh
# The cgroup tests that need real controllers (memory.max, pids.max, cpu.max, cpuset, io, hugetlb,
# OOM events), in one boot of the nested cgroup v2 VM (../shared/vm/run-in-v2-vm.sh).
#
# usage, on the host:  runtime-core/src/test/vm/cgroups-v2.sh
#   builds runtime-core and its tests on the host, then runs every io.jrun.core.cgroups test in
#   the guest with -Djrun.cgroup2.host=true (which enables CgroupV2LimitsTest). The guest sees the
#   host's / read-only; the repository is shared read-write so the results come back in
#   runtime-core/target/surefire-reports.
# env: V2VM (default /work/shared/vm/run-in-v2-vm.sh), JAVA_HOME (default Temurin 25).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"

if [ "${1:-}" != "--guest" ]; then
    V2VM=${V2VM:-/work/shared/vm/run-in-v2-vm.sh}
    cd "$REPO"
    # Compile everything on the host (the guest is 20-50x slower), so that the guest only runs.
    mvn -q -B -o install -pl runtime-core -am -DskipTests
    mvn -q -B -o test-compile -pl runtime-core
    start=$(date +%s)
    status=0
    "$V2VM" -s "$REPO" -C "$REPO" -t 1500 -- "$HERE/cgroups-v2.sh" --guest || status=$?
    echo "cgroups-v2: VM run took $(( $(date +%s) - start ))s, exit status $status"
    exit $status
fi

# --- in the guest ---------------------------------------------------------------------------
echo "guest: $(uname -r), controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
# A block device to throttle: a loop device on a tmpfs file (the loop module is not loaded yet).
modprobe loop 2>/dev/null || true
truncate -s 64M /tmp/jrun-io.img
LOOP=$(losetup -f --show /tmp/jrun-io.img 2>/dev/null || true)
BLOCKDEV=
if [ -n "$LOOP" ]; then
    BLOCKDEV=$(cat "/sys/block/$(basename "$LOOP")/dev")
fi
echo "guest: block device for io tests: ${LOOP:-none} ${BLOCKDEV}"
cd "$REPO"
# ~/.m2 is read-only in the guest: offline, nothing installed; the host compiled everything.
status=0
mvn -B -o test -pl runtime-core \
    -Dtest='io.jrun.core.cgroups.**' -Dsurefire.failIfNoSpecifiedTests=false \
    -Djrun.cgroup2.host=true -Djrun.test.blockdev="$BLOCKDEV" >/tmp/mvn.log 2>&1 || status=$?
grep -E 'Tests run:|FAIL|ERROR\]|Skipped' /tmp/mvn.log | grep -v 'Help 1\|^\[ERROR\] *$' || true
[ $status = 0 ] || tail -60 /tmp/mvn.log
echo "guest: cgroup tests $( [ $status = 0 ] && echo passed || echo FAILED )"
[ -n "$LOOP" ] && losetup -d "$LOOP"
exit $status
