#!/bin/sh
# The cgroup tests that need real controllers (memory.max, pids.max, cpu.max, cpuset, io, hugetlb,
# OOM events), in one boot of a VM with a pure cgroup v2 host (scripts/vm/run-in-vm.sh).
#
# usage, on the host:  runtime-core/src/test/vm/cgroups-v2.sh [SELECTOR...]
#   SELECTORs (a package, a class, or Class#method, repeatable) run only those tests, and not the
#   image limits and engines: a quicker boot while working on one test.
#   builds jrun and its tests on the host, then, in the guest, with -Djrun.cgroup2.host=true (which
#   enables the v2-only tests), in ONE JVM (VmTier, a JUnit launcher: Maven costs minutes in the
#   guest): every io.jrun.core.cgroups test (the cgroup package against the kernel:
#   CgroupV2LimitsTest) and integration-tests' CgroupV2IT (real containers through bin/jrun:
#   limits seen from inside and in the files, OOM kill and its event, pids, throttling, cpuset,
#   devices, ps, pause/resume, update, delete), and AppArmorIT (the guest's kernel has AppArmor).
#   Then, in the same guest, the image form's limits and podman and containerd over jrun
#   (integration-tests/src/test/vm/{image-limits,engines}.sh). The guest sees the host's /
#   read-only; the repository is shared read-write. The results are printed, one line per test.
# env: JAVA_HOME (default Temurin 25).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"

if [ "${1:-}" != "--guest" ]; then
    cd "$REPO"
    # Build everything on the host (the guest is 20-50x slower), so that the guest only runs:
    # the jars bin/jrun starts from (and its AOT cache), the test classes, each module's test
    # classpath (siblings resolved in the reactor: nothing needs installing), and a JUnit launcher
    # (VmTier.java) for them, so that the guest needs no Maven.
    mvn -q -B -o package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile=target/vm-tier.classpath
    deps="$(cat runtime-core/target/vm-tier.classpath):$(cat integration-tests/target/vm-tier.classpath)"
    # surefire's own JUnit launcher, of the platform version the tests use
    engine=$(echo "$deps" | tr ':' '\n' | grep -m1 '/junit-platform-engine-[^/]*\.jar$')
    launcher=$(echo "$engine" | sed 's/junit-platform-engine/junit-platform-launcher/g')
    [ -f "$launcher" ] || { echo "cgroups-v2: $launcher is missing (run the unit tests once: mvn test)" >&2; exit 1; }
    out=$REPO/runtime-core/target/vm-tier
    rm -rf "$out" && mkdir -p "$out"
    cp="$out:$REPO/runtime-core/target/test-classes:$REPO/runtime-core/target/classes"
    cp="$cp:$REPO/integration-tests/target/test-classes:$deps:$launcher"
    javac -d "$out" -cp "$cp" "$HERE/VmTier.java"
    printf '%s' "$cp" > "$out/classpath"
    start=$(date +%s)
    status=0
    "$REPO/scripts/vm/run-in-vm.sh" -s "$REPO" -C "$REPO" -t 2400 -- "$HERE/cgroups-v2.sh" --guest "$@" || status=$?
    echo "cgroups-v2: VM run took $(( $(date +%s) - start ))s, exit status $status"
    exit $status
fi

# --- in the guest ---------------------------------------------------------------------------
shift
ONLY=$#
[ $# -gt 0 ] || set -- io.jrun.core.cgroups io.jrun.it.CgroupV2IT io.jrun.it.JavaApiCgroupV2IT io.jrun.it.AppArmorIT
echo "guest: $(uname -r), controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
t0=$(date +%s)
elapsed() { echo "guest: $1 after $(( $(date +%s) - t0 ))s"; }
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
# The containers' bundles and rootfs go to the guest's memory, not through the share: a tmpfs
# over integration-tests/target/it, seen by the guest only (the host's directory is untouched).
mkdir -p integration-tests/target/it
mount -t tmpfs -o mode=0755 jrun-it integration-tests/target/it
# One JVM for all the tests (no Maven: it would cost minutes here); the host built everything.
# The flags are the pom's jrun.jvm.flags, which surefire and failsafe give the tests.
status=0
java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -XX:CompileCommand=quiet -XX:CompileCommandFile="$REPO/bin/jrun.compilecommands" \
    -Djrun.cgroup2.host=true -Djrun.test.blockdev="$BLOCKDEV" -Djrun.it.slowdown=10 \
    -Djrun.home="$REPO" -Djrun.it.runtime="$REPO/bin/jrun" \
    -cp "$(cat runtime-core/target/vm-tier/classpath)" VmTier \
    "$@" >/tmp/tests.log 2>&1 || status=$?
grep -vE '^\s+at |^\s+\.\.\. [0-9]+ more' /tmp/tests.log | grep -E '^(SUCCESS|FAILED|ABORTED|SKIP|Tests run)' || true
[ $status = 0 ] || tail -120 /tmp/tests.log
# Whatever happened, the guest's cgroup tree must hold nothing of the tests any more.
left=$(find /sys/fs/cgroup -mindepth 1 -type d \( -name 'jrun-it-*' -o -name 'jrun-test-*' \) 2>/dev/null)
if [ -n "$left" ]; then
    echo "guest: cgroups left behind:"; echo "$left"
    status=1
fi
umount integration-tests/target/it
echo "guest: cgroup tests $( [ $status = 0 ] && echo passed || echo FAILED )"
elapsed "cgroup tests done"
[ -n "$LOOP" ] && losetup -d "$LOOP"
# The image form's limits, and podman and containerd over jrun, in the same boot (a boot costs
# more than these checks).
[ $ONLY = 0 ] || exit $status
sh "$REPO/integration-tests/src/test/vm/image-limits.sh" --guest || status=1
elapsed "image limits done"
bash "$REPO/integration-tests/src/test/vm/engines.sh" --guest || status=1
elapsed "engines done"
exit $status
