#!/bin/sh
# The image form's limits (run --memory, --pids-limit, --cpus) seen from inside a container, in
# a VM with a pure cgroup v2 host (scripts/vm/run-in-vm.sh): the build machines' cgroup2 has no
# controllers. Also that the container leaves no overlay mount and no directory.
#
# usage, on the host, after a build (mvn install):  integration-tests/src/test/vm/image-limits.sh
set -eu
. "$(dirname "$0")/in-vm.sh"

# --- in the guest: /tmp is a tmpfs, a filesystem overlayfs takes as upper and lower ------------
export JRUN_STORAGE=/tmp/jrun-storage
jrun="$REPO/bin/jrun --root /run/jrun-image-limits"
bash "$REPO/scripts/make-busybox-image.sh" /tmp/busybox-oci
$jrun image import busybox /tmp/busybox-oci
got=$($jrun run --memory 64m --pids-limit 20 --cpus 0.5 busybox \
    cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max /sys/fs/cgroup/cpu.max)
expected="67108864
20
50000 100000"
status=0
if [ "$got" != "$expected" ]; then
    echo "guest: FAILED: memory.max, pids.max, cpu.max in the container:"
    echo "$got"
    echo "expected:"
    echo "$expected"
    status=1
fi
left=$(ls -A "$JRUN_STORAGE/containers")
mounts=$(grep -c "$JRUN_STORAGE" /proc/self/mountinfo || true)
if [ -n "$left" ] || [ "$mounts" != 0 ]; then
    echo "guest: FAILED: left behind: directories '$left', $mounts mounts"
    status=1
fi
echo "guest: image limits $( [ $status = 0 ] && echo passed || echo FAILED )"
exit $status
